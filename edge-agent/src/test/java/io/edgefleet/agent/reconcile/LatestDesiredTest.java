package io.edgefleet.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LatestDesiredTest {

    private final LatestDesired latest = new LatestDesired();

    private static byte[] generation(long generation) {
        return ("{\"generation\":" + generation + ",\"apps\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    private String taken() {
        return latest.take().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void generationsQueuedDuringAPartitionAreCoalescedIntoTheNewest() {
        latest.offer(generation(2));
        latest.offer(generation(3));
        latest.offer(generation(5));
        latest.offer(generation(4)); // the retained copy of an older one, redelivered late
        assertThat(taken()).contains("\"generation\":5");
        assertThat(latest.take()).as("nothing else waits").isEmpty();
    }

    @Test
    void aDocumentWithoutAReadableGenerationReplacesWhatWaitsSoItsRefusalIsReported() {
        latest.offer(generation(7));
        latest.offer("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(taken()).isEqualTo("not json");
    }

    @Test
    void nothingWaitsBeforeTheFirstDocument() {
        assertThat(latest.take()).isEmpty();
    }
}
