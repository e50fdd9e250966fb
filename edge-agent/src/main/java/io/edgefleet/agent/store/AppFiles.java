package io.edgefleet.agent.store;

import io.edgefleet.agent.desired.ConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of app specs on local disk: {@code <dataDir>/files/<app>/<spec hash>/<index>}, one directory per spec
 * hash, written completely into a temporary directory and renamed into place, so a directory that exists is whole
 * and is reused as it is. The directory {@code files} is 0700 (files may hold credentials); the container still sees
 * each file because Docker bind-mounts it as root, and inside the container the file's own mode applies. Blocking
 * I/O; used by the reconciler thread only.
 */
public final class AppFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AppFiles.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    /** @param dataDir the agent's data dir; the files live in its {@code files} subdirectory */
    public AppFiles(Path dataDir) {
        this.root = dataDir.resolve("files");
    }

    /** Where the files of {@code app} at {@code specHash} are (or will be). */
    public Path directory(String app, String specHash) {
        return root.resolve(app).resolve(specHash);
    }

    /**
     * Makes sure the files of one spec are on disk.
     *
     * @return the host path of each file, in the order of {@code files}
     */
    public List<Path> materialize(String app, String specHash, List<ConfigFile> files) {
        Path target = directory(app, specHash);
        List<Path> paths = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            paths.add(target.resolve(Integer.toString(i)));
        }
        if (Files.isDirectory(target)) {
            return paths;
        }
        try {
            PrivateFiles.directory(root);
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(TEMP_PREFIX + specHash + "-" + UUID.randomUUID());
            Files.createDirectory(temp);
            for (int i = 0; i < files.size(); i++) {
                write(temp.resolve(Integer.toString(i)), files.get(i));
            }
            PrivateFiles.syncDirectory(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                deleteTree(temp);
            }
            PrivateFiles.syncDirectory(target.getParent());
            LOG.info("app {}: wrote {} file(s) to {}", app, files.size(), target);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of app " + app + " under " + target, e);
        }
    }

    /**
     * Deletes what no container and no desired spec needs any more: directories of apps not in {@code keep}, the
     * spec directories of kept apps whose hash is not listed, and temporaries of interrupted writes.
     *
     * @param keep app name to the spec hashes still in use (the desired one and those of existing containers)
     */
    public void prune(Map<String, Set<String>> keep) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> apps = Files.list(root)) {
            for (Path appDir : apps.toList()) {
                Set<String> hashes = keep.get(appDir.getFileName().toString());
                if (hashes == null) {
                    deleteTree(appDir);
                    LOG.info("app {}: deleted its files, no container uses them", appDir.getFileName());
                    continue;
                }
                try (Stream<Path> specs = Files.list(appDir)) {
                    for (Path specDir : specs.toList()) {
                        if (!hashes.contains(specDir.getFileName().toString())) {
                            deleteTree(specDir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up the app files under {}: {}", root, e.toString());
        }
    }

    private static void write(Path file, ConfigFile spec) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(spec.bytes());
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        if (POSIX) {
            Files.setPosixFilePermissions(file, permissions(spec.effectiveMode()));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        return permissions;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
