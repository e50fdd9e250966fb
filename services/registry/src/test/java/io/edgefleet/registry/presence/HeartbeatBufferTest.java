package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatBufferTest {

    private static final Instant T = Instant.parse("2025-06-01T08:00:00Z");

    @Test
    void keepsTheNewestHeartbeatPerEndpointUntilDrained() {
        HeartbeatBuffer buffer = new HeartbeatBuffer();
        buffer.put("ep-a", new HeartbeatBuffer.Beat("default", T, 10));
        buffer.put("ep-a", new HeartbeatBuffer.Beat("default", T.plusSeconds(1), 5));
        buffer.put("ep-b", new HeartbeatBuffer.Beat("default", T, 10));

        Map<String, HeartbeatBuffer.Beat> drained = buffer.drain();

        assertThat(drained).hasSize(2);
        assertThat(drained.get("ep-a").intervalSeconds()).isEqualTo(5);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void restoringAFailedFlushDoesNotOverwriteNewerHeartbeats() {
        HeartbeatBuffer buffer = new HeartbeatBuffer();
        buffer.put("ep-a", new HeartbeatBuffer.Beat("default", T, 10));
        Map<String, HeartbeatBuffer.Beat> failed = buffer.drain();
        buffer.put("ep-a", new HeartbeatBuffer.Beat("default", T.plusSeconds(2), 7));

        buffer.restore(failed);

        assertThat(buffer.drain().get("ep-a").intervalSeconds()).isEqualTo(7);
    }
}
