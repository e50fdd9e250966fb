package io.edgefleet.registry.presence;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Heartbeats of endpoints known to be online, held in memory until the next flush writes them in one
 * statement. Only the newest heartbeat per endpoint is kept. Used from one event loop only.
 */
final class HeartbeatBuffer {

    /**
     * @param seenAt          when the registry received it
     * @param intervalSeconds the interval the agent announced
     */
    record Beat(String tenant, Instant seenAt, int intervalSeconds) {
    }

    private Map<String, Beat> beats = new HashMap<>();

    void put(String endpointId, Beat beat) {
        beats.merge(endpointId, beat, HeartbeatBuffer::newer);
    }

    /** Takes every buffered heartbeat, leaving the buffer empty. */
    Map<String, Beat> drain() {
        Map<String, Beat> drained = beats;
        beats = new HashMap<>();
        return drained;
    }

    /** Puts back heartbeats whose flush failed, without overwriting newer ones that arrived meanwhile. */
    void restore(Map<String, Beat> failed) {
        failed.forEach(this::put);
    }

    int size() {
        return beats.size();
    }

    private static Beat newer(Beat a, Beat b) {
        return b.seenAt().isBefore(a.seenAt()) ? a : b;
    }
}
