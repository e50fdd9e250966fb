package io.edgefleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.agent.payload.Facts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    private static final Instant AT = Instant.parse("2025-06-01T08:15:30.123Z");

    @TempDir
    Path dir;

    private static Facts facts() {
        return new Facts("h", "os", "amd64", "k", 2, 1024, 10, 5, null, "dev", List.of("192.0.2.2"), "UTC");
    }

    @Test
    void aNewDataDirIsCreatedAndStartsEmpty() throws IOException {
        Path dataDir = dir.resolve("nested/data");
        try (StateStore store = StateStore.open(dataDir)) {
            assertThat(Files.isDirectory(dataDir)).isTrue();
            assertThat(store.snapshot()).isEqualTo(StateStore.Snapshot.EMPTY);
        }
    }

    @Test
    void connectionsAndPublishedFactsSurviveAReopen() throws IOException {
        try (StateStore store = StateStore.open(dir)) {
            store.recordConnection("first", AT);
            store.recordPublishedFacts(facts(), AT.plusSeconds(1));
            store.recordConnection("second", AT.plusSeconds(2));
        }

        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.snapshot()).isEqualTo(
                    new StateStore.Snapshot(2, "second", AT.plusSeconds(2), facts(), AT.plusSeconds(1)));
        }
    }

    @Test
    void aSecondStoreOnTheSameDataDirIsRefused() throws IOException {
        try (StateStore first = StateStore.open(dir)) {
            assertThat(first.snapshot().connectionCount()).isZero();
            assertThatThrownBy(() -> StateStore.open(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("another agent process is using the data dir");
        }
        StateStore.open(dir).close();
    }

    @Test
    void anUnreadableStateFileIsMovedAsideAndTheStoreStartsAfresh() throws IOException {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), "{not json");

        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.snapshot()).isEqualTo(StateStore.Snapshot.EMPTY);
        }
        assertThat(dir.resolve(StateStore.FILE_NAME + ".unreadable")).hasContent("{not json");
    }
}
