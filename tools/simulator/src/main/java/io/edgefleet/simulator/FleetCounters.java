package io.edgefleet.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the simulated agents did, counted across the whole fleet. */
public final class FleetCounters {

    /** Agents whose MQTT connection is up now. */
    public final AtomicInteger connected = new AtomicInteger();
    public final LongAdder connects = new LongAdder();
    public final LongAdder disconnects = new LongAdder();
    public final LongAdder refusedConnects = new LongAdder();
    public final LongAdder failedAttempts = new LongAdder();
    public final LongAdder heartbeats = new LongAdder();
    public final LongAdder metricBatches = new LongAdder();
    public final LongAdder metricSamples = new LongAdder();
    public final LongAdder metricsSkippedOffline = new LongAdder();
    public final LongAdder statesPublished = new LongAdder();
    public final LongAdder desiredReceived = new LongAdder();
    public final LongAdder commandsAnswered = new LongAdder();
    public final LongAdder publishFailures = new LongAdder();

    /** A snapshot for the results file. */
    public Map<String, Object> snapshot() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("connectedNow", connected.get());
        map.put("connects", connects.sum());
        map.put("disconnects", disconnects.sum());
        map.put("refusedConnects", refusedConnects.sum());
        map.put("failedConnectAttempts", failedAttempts.sum());
        map.put("heartbeatsSent", heartbeats.sum());
        map.put("metricBatchesSent", metricBatches.sum());
        map.put("metricSamplesSent", metricSamples.sum());
        map.put("metricBatchesSkippedOffline", metricsSkippedOffline.sum());
        map.put("statesPublished", statesPublished.sum());
        map.put("desiredReceived", desiredReceived.sum());
        map.put("commandsAnswered", commandsAnswered.sum());
        map.put("publishFailures", publishFailures.sum());
        return map;
    }
}
