package io.edgefleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.desired.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppFilesTest {

    @TempDir
    Path dataDir;

    @Test
    void filesAreWrittenWithTheirContentAndModeInOneDirectoryPerSpec() throws Exception {
        AppFiles files = new AppFiles(dataDir);

        List<Path> written = files.materialize("web", "h1", List.of(new ConfigFile("/etc/a", "alpha", null, null),
                new ConfigFile("/etc/b", "AAE=", ConfigFile.BASE64, 0600)));

        assertThat(written).containsExactly(dataDir.resolve("files/web/h1/0"), dataDir.resolve("files/web/h1/1"));
        assertThat(Files.readString(written.get(0))).isEqualTo("alpha");
        assertThat(Files.readAllBytes(written.get(1))).containsExactly(0, 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.get(0)))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.get(1)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("files"))))
                .as("files may hold credentials").isEqualTo("rwx------");
        try (var left = Files.list(dataDir.resolve("files/web"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary left behind").containsExactly("h1");
        }
    }

    @Test
    void anExistingSpecDirectoryIsReusedAsItIs() throws Exception {
        AppFiles files = new AppFiles(dataDir);
        Path first = files.materialize("web", "h1", List.of(new ConfigFile("/etc/a", "alpha", null, null))).get(0);
        long modified = Files.getLastModifiedTime(first).toMillis();

        Path again = files.materialize("web", "h1", List.of(new ConfigFile("/etc/a", "alpha", null, null))).get(0);

        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(again).toMillis()).isEqualTo(modified);
    }

    @Test
    void pruneKeepsOnlyTheSpecsStillInUseAndDropsAppsThatAreGone() throws Exception {
        AppFiles files = new AppFiles(dataDir);
        files.materialize("web", "old", List.of(new ConfigFile("/a", "1", null, null)));
        files.materialize("web", "new", List.of(new ConfigFile("/a", "2", null, null)));
        files.materialize("gone", "h", List.of(new ConfigFile("/a", "3", null, null)));
        Files.createDirectories(dataDir.resolve("files/web/.tmp-new-interrupted"));

        files.prune(Map.of("web", Set.of("new")));

        assertThat(dataDir.resolve("files/web/new/0")).hasContent("2");
        assertThat(dataDir.resolve("files/web/old")).doesNotExist();
        assertThat(dataDir.resolve("files/web/.tmp-new-interrupted")).doesNotExist();
        assertThat(dataDir.resolve("files/gone")).doesNotExist();
    }
}
