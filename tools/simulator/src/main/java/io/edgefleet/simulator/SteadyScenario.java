package io.edgefleet.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Steady state: the connected fleet heartbeats and sends metric batches; over {@code --duration} it measures what the
 * agents sent, what the platform ingested (its own counters: the registry's heartbeats, the telemetry service's
 * stored samples), the end-to-end lag of the probes' samples, and the CPU of every watched process.
 */
final class SteadyScenario {

    static final String HEARTBEATS = "edgefleet_registry_heartbeats_total";
    static final String SAMPLES = "edgefleet_telemetry_ingest_samples_total";

    private SteadyScenario() {
    }

    static void run(ScenarioRun run) throws Exception {
        Fleet fleet = run.connectFleet();
        run.warmup();
        run.results.put("steady", measure(run, fleet, LagProbes.start(run, fleet)));
    }

    /** Ingest rates, lag and CPU over one window; also used by the REST scenario for the ingest beside it. */
    static Map<String, Object> measure(ScenarioRun run, Fleet fleet, LagProbes probes) throws Exception {
        Options options = run.options;
        FleetCounters sent = fleet.counters();
        long heartbeatsBefore = sent.heartbeats.sum();
        long samplesBefore = sent.metricSamples.sum();
        double ingestedHeartbeatsBefore = run.counters.read(options.registryMetrics(), HEARTBEATS);
        double storedSamplesBefore = run.counters.read(options.telemetryMetrics(), SAMPLES);
        var cpuBefore = run.processes.sample();
        long start = System.nanoTime();
        Thread.sleep(options.duration().toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        var cpuAfter = run.processes.sample();
        double ingestedHeartbeats = run.counters.read(options.registryMetrics(), HEARTBEATS);
        double storedSamples = run.counters.read(options.telemetryMetrics(), SAMPLES);
        Map<String, Object> steady = new LinkedHashMap<>();
        steady.put("windowSeconds", Results.round(seconds, 1));
        steady.put("agentsConnectedAtEnd", fleet.connected());
        steady.put("heartbeatsSentPerSecond", Results.round((sent.heartbeats.sum() - heartbeatsBefore) / seconds, 1));
        steady.put("heartbeatsIngestedPerSecond",
                rate(ingestedHeartbeatsBefore, ingestedHeartbeats, seconds, options.registryMetrics() != null));
        steady.put("samplesSentPerSecond", Results.round((sent.metricSamples.sum() - samplesBefore) / seconds, 1));
        steady.put("samplesStoredPerSecond",
                rate(storedSamplesBefore, storedSamples, seconds, options.telemetryMetrics() != null));
        steady.put("endToEndLag", probes.stop());
        steady.put("processes", ProcessProbe.between(cpuBefore, cpuAfter, seconds));
        return steady;
    }

    private static Object rate(double before, double after, double seconds, boolean configured) {
        if (!configured) {
            return "not measured: no --registry-metrics/--telemetry-metrics URL";
        }
        if (Double.isNaN(before) || Double.isNaN(after)) {
            return "not measured: the counter could not be read";
        }
        return Results.round((after - before) / seconds, 1);
    }
}
