package io.edgefleet.agent.testing;

import static io.edgefleet.agent.testing.DockerCli.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Container images for tests, made on this machine (no registry is reachable): a root file system holding only
 * Debian's static {@code /bin/busybox} with a symlink per applet (sh, httpd, sleep, wget, cat, ...), imported with
 * {@code docker import}. Built once per engine: an image that exists already is kept.
 *
 * <ul>
 *   <li>{@link #BUSYBOX_1} and {@link #BUSYBOX_2}: default command {@code /bin/sh}; {@code /version} holds 1 or 2</li>
 *   <li>{@link #BROKEN}: its default command exits with status 1 at once</li>
 * </ul>
 * The images hold {@code /etc/passwd} with root, nobody and {@code app} (1000:1000), and an empty {@code /tmp}.
 */
public final class TestImages {

    public static final String BUSYBOX_1 = "edgefleet-test/busybox:1";
    public static final String BUSYBOX_2 = "edgefleet-test/busybox:2";
    public static final String BROKEN = "edgefleet-test/broken:1";

    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {
    }

    /** Makes sure every test image exists on the engine. */
    public static synchronized void ensure() {
        build(BUSYBOX_1, "1\n", "[\"/bin/sh\"]");
        build(BUSYBOX_2, "2\n", "[\"/bin/sh\"]");
        build(BROKEN, "broken\n", "[\"/bin/sh\", \"-c\", \"echo broken image >&2; exit 1\"]");
    }

    private static void build(String image, String version, String cmd) {
        if (DockerCli.tryDocker("image", "inspect", image).exitCode() == 0) {
            return;
        }
        requireStaticBusybox();
        Path work = null;
        try {
            work = Files.createTempDirectory("edgefleet-image-");
            Path rootfs = work.resolve("rootfs");
            populate(rootfs, version);
            Path tar = work.resolve("rootfs.tar");
            DockerCli.run(null, Map.of(), List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
            docker("import", "--change", "CMD " + cmd, tar.toString(), image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build test image " + image, e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static void populate(Path rootfs, String version) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        String applets = DockerCli.run(null, Map.of(), List.of(BUSYBOX.toString(), "--list"));
        for (String applet : applets.split("\\s+")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        Files.createDirectories(rootfs.resolve("usr"));
        Files.createSymbolicLink(rootfs.resolve("usr/bin"), Path.of("../bin"));
        Files.createSymbolicLink(rootfs.resolve("sbin"), Path.of("bin"));
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "app:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n");
        Files.createDirectories(rootfs.resolve("root"));
        Files.createDirectories(rootfs.resolve("home/app"));
        Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
        tmp.toFile().setWritable(true, false);
        Files.writeString(rootfs.resolve("version"), version, StandardCharsets.UTF_8);
    }

    private static void requireStaticBusybox() {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new AssertionError(BUSYBOX + " is missing: install Debian's busybox-static "
                    + "(scripts/test.sh does) to build the test images");
        }
        try {
            byte[] head = Files.readAllBytes(BUSYBOX);
            String start = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.ISO_8859_1);
            if (start.contains("ld-linux") || start.contains("/lib/ld-")) {
                throw new AssertionError(BUSYBOX + " is dynamically linked and cannot run in an empty image: "
                        + "install busybox-static instead of busybox");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind costs a few MB and nothing else
        }
    }
}
