package io.edgefleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.payload.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStoreTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentIsStoredReadableOnlyByTheAgentAndReadBack() throws IOException {
        DesiredStore store = new DesiredStore(dir);
        assertThat(store.load()).isEmpty();
        var document = Json.mapper().readTree("{\"generation\": 3, \"registries\": [{\"password\": \"x\"}]}");

        store.save(document);

        assertThat(new DesiredStore(dir).load()).contains(document);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(dir.resolve(DesiredStore.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void aFileThatIsNotJsonIsMovedAside() throws IOException {
        Files.writeString(dir.resolve(DesiredStore.FILE_NAME), "{\"generation\": ");

        assertThat(new DesiredStore(dir).load()).isEmpty();
        assertThat(dir.resolve(DesiredStore.FILE_NAME + ".unreadable")).exists();
    }
}
