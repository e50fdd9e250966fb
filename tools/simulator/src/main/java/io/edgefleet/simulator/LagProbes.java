package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end lag of metrics: a few probe agents carry their batch's sequence number in the series
 * {@code node_load15}; a poller asks the REST API for that series' latest value ({@code GET .../metrics/latest}) every
 * 100 ms per probe, and when a new sequence number shows up the lag is the time from the batch's {@code at} (set when
 * the agent built it, just before publishing) to that answer. The poll period adds up to 100 ms (half on average).
 */
final class LagProbes {

    private static final Logger LOG = LoggerFactory.getLogger(LagProbes.class);
    private static final long POLL_MILLIS = 100;
    private final ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final int probes;
    private volatile String error;

    private LagProbes(int probes) {
        this.probes = probes;
    }

    static LagProbes start(ScenarioRun run, Fleet fleet) throws Exception {
        int count = Math.min(run.options.lagProbes(), fleet.size());
        LagProbes lag = new LagProbes(run.options.samples() == 0 ? 0 : count);
        if (lag.probes == 0) {
            return lag;
        }
        PlatformApi api = run.api();
        List<Integer> indexes = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            indexes.add((int) ((long) p * fleet.size() / count));
        }
        fleet.probe(indexes);
        List<FleetFile.Entry> entries = fleet.entries();
        for (int index : indexes) {
            String path = "/api/v1/tenants/" + run.options.tenant() + "/metrics/latest?endpoint="
                    + entries.get(index).id() + "&metric=" + AgentPayloads.PROBE_METRIC;
            Thread thread = new Thread(() -> lag.poll(api, fleet, index, path), "sim-lag-" + index);
            thread.setDaemon(true);
            thread.start();
            lag.threads.add(thread);
        }
        return lag;
    }

    private void poll(PlatformApi api, Fleet fleet, int index, String path) {
        Set<Long> seen = new HashSet<>();
        boolean first = true;
        while (running.get()) {
            try {
                PlatformApi.Response response = api.call("GET", path, null);
                Instant answered = Instant.now();
                if (response.status() != 200) {
                    error = "GET " + path + " answered " + response.status() + ": " + response.body();
                } else {
                    for (JsonNode sample : response.body().path("endpoints").path(0).path("samples")) {
                        long seq = sample.path("value").asLong();
                        Instant at = fleet.probeBatchAt(index, seq);
                        // the first answer may show a batch stored before polling began: not a fresh arrival
                        if (at != null && seen.add(seq) && !first) {
                            lags.add(Duration.between(at, answered).toNanos());
                        }
                    }
                    first = false;
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                error = e.toString();
            }
        }
    }

    /** Stops polling and summarises the lags seen. */
    Object stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(5000);
        }
        if (probes == 0) {
            return "not measured: --lag-probes 0 or --samples 0";
        }
        long[] values = lags.stream().mapToLong(Long::longValue).toArray();
        Map<String, Object> summary = new java.util.LinkedHashMap<>(Percentiles.summary(values));
        summary.put("probes", probes);
        summary.put("method", "batch 'at' to first GET /metrics/latest showing it, polled every " + POLL_MILLIS
                + " ms per probe");
        if (error != null) {
            summary.put("lastError", error);
            LOG.warn("lag probe error: {}", error);
        }
        return summary;
    }
}
