package io.edgefleet.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every scenario starts from: the enrolled fleet, connected at the ramp rate, and the probes of the processes
 * and of the platform's counters. Scenarios add their numbers to {@link #results}.
 */
public final class ScenarioRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);

    final Options options;
    final Results results;
    final ProcessProbe processes;
    final PlatformCounters counters = new PlatformCounters();
    private PlatformApi api;
    private Fleet fleet;

    ScenarioRun(Options options) {
        this.options = options;
        this.results = new Results(options);
        this.processes = new ProcessProbe(options.watch());
    }

    /** The REST API, signed in on first use. */
    synchronized PlatformApi api() throws Exception {
        if (api == null) {
            api = PlatformApi.signIn(options.gateway(), options.adminEmail(), options.adminPassword());
        }
        return api;
    }

    /** Enrolls what is missing and returns the fleet's endpoints. */
    List<FleetFile.Entry> enroll() throws Exception {
        Enrollment.Outcome outcome = Enrollment.ensure(options, new FleetFile(options.fleetFile()), this::api);
        Map<String, Object> enrollment = new LinkedHashMap<>();
        enrollment.put("fleetFile", options.fleetFile().toString());
        enrollment.put("created", outcome.created());
        if (outcome.created() > 0) {
            enrollment.put("seconds", Results.round(outcome.seconds(), 2));
            enrollment.put("perSecond", Results.round(outcome.created() / outcome.seconds(), 1));
        }
        results.put("enrollment", enrollment);
        return outcome.fleet();
    }

    /**
     * Enrolls, connects all agents at the ramp rate, and records how the ramp went (connect rate, RSS after it).
     *
     * @throws IllegalStateException when not all agents connect within the ramp time plus {@code --connect-timeout}
     */
    Fleet connectFleet() throws Exception {
        if (fleet != null) {
            return fleet; // the suite runs several scenarios on one connected fleet
        }
        List<FleetFile.Entry> entries = enroll();
        fleet = new Fleet(options, entries);
        long timeoutMillis = (long) (entries.size() / options.rampRate() * 1000) + options.connectTimeout().toMillis();
        var before = processes.sample();
        long start = System.nanoTime();
        double seconds = fleet.connectAll(timeoutMillis);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Object> ramp = new LinkedHashMap<>();
        ramp.put("agents", entries.size());
        ramp.put("allConnected", seconds >= 0);
        ramp.put("connected", fleet.connected());
        ramp.put("secondsToAllConnected", seconds >= 0 ? Results.round(seconds, 2) : null);
        ramp.put("connectsPerSecond", Results.round(fleet.connected() / elapsed, 1));
        ramp.put("processesDuringRamp", ProcessProbe.between(before, processes.sample(), elapsed));
        results.put("ramp", ramp);
        if (seconds < 0) {
            throw new IllegalStateException("only " + fleet.connected() + " of " + entries.size()
                    + " agents connected within " + timeoutMillis + " ms");
        }
        LOG.info("{} agents connected in {} s", entries.size(), String.format("%.1f", seconds));
        return fleet;
    }

    /** Sleeps through the warm-up (JIT, first states, first batches). */
    void warmup() throws InterruptedException {
        if (!options.warmup().isZero()) {
            LOG.info("warming up for {} s", options.warmup().toSeconds());
            Thread.sleep(options.warmup().toMillis());
        }
    }

    /** Online endpoints of the fleet as the REST API counts them. */
    int onlineThroughApi() throws Exception {
        PlatformApi.Response page = api().call("GET", "/api/v1/tenants/" + options.tenant()
                + "/endpoints?status=online&size=1&selector=sim%3D" + options.fleetLabel(), null);
        page.expect(200, "listing online endpoints");
        return page.body().path("total").asInt();
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        if (fleet != null) {
            results.put("fleetCounters", fleet.counters().snapshot());
            fleet.close();
        }
    }
}
