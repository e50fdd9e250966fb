package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fan-out: the app {@code sim-fanout}, targeting {@code sim=<fleet label>} (every agent of the fleet), is created or,
 * when it exists, changed (a new env value), through the REST API. Measured from the call: when 50/90/99/100 % of
 * the agents had the new generation's state acknowledged by the broker (seen by the simulator itself), and when the
 * deployment service's rollout, read through the API, counts {@code --fanout-percent} of them succeeded.
 */
final class FanoutScenario {

    static final String APP = "sim-fanout";

    private FanoutScenario() {
    }

    static void run(ScenarioRun run) throws Exception {
        Fleet fleet = run.connectFleet();
        run.warmup();
        run.results.put("fanout", change(run, fleet, "first"));
        Thread.sleep(2000);
        run.results.put("fanoutAgain", change(run, fleet, "second"));
    }

    private static Map<String, Object> change(ScenarioRun run, Fleet fleet, String round) throws Exception {
        PlatformApi api = run.api();
        String appPath = "/api/v1/tenants/" + run.options.tenant() + "/apps/" + APP;
        ObjectNode body = PlatformApi.JSON.createObjectNode();
        ObjectNode spec = body.putObject("spec").put("image", "registry.local/sim/fanout:1")
                .put("pullPolicy", "never").put("memoryLimitMiB", 32);
        spec.putObject("env").put("CHANGED_AT", Instant.now().toString());
        body.putObject("target").put("selector", "sim=" + run.options.fleetLabel());
        boolean exists = api.call("GET", appPath, null).status() == 200;
        int needed = (int) Math.ceil(fleet.size() * run.options.fanoutPercent() / 100.0);
        var before = run.processes.sample();
        fleet.startFanoutTracking();
        long start = System.nanoTime();
        PlatformApi.Response response;
        if (exists) {
            response = api.call("PUT", appPath, body.toString()).expect(200, "updating app " + APP);
        } else {
            body.put("name", APP);
            response = api.call("POST", "/api/v1/tenants/" + run.options.tenant() + "/apps", body.toString())
                    .expect(201, "creating app " + APP);
        }
        int revision = response.body().path("revision").asInt();
        double callMs = (System.nanoTime() - start) / 1e6;
        long deadline = start + run.options.fanoutTimeout().toNanos();
        while (fleet.fanoutDone() < needed && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double agentsSeconds = (System.nanoTime() - start) / 1e9;
        Double rolloutSeconds = null;
        PlatformApi.Response rollout = null;
        while (System.nanoTime() < deadline) {
            rollout = api.call("GET", appPath + "/rollout", null);
            if (rollout.status() == 404 && !exists) {
                break; // a new app reaches its endpoints without a rollout
            }
            if (rollout.status() == 200 && rollout.body().path("revision").asInt() == revision
                    && rollout.body().path("counts").path("succeeded").asInt() >= needed) {
                rolloutSeconds = (System.nanoTime() - start) / 1e9;
                break;
            }
            Thread.sleep(100);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("round", round);
        result.put("action", exists ? "update" : "create");
        result.put("revision", revision);
        result.put("agents", fleet.size());
        result.put("percentNeeded", run.options.fanoutPercent());
        result.put("apiCallMs", Results.round(callMs, 1));
        result.put("reachedByAgents", fleet.fanoutDone() >= needed);
        result.put("secondsUntilPercentReportedByAgents", Results.round(agentsSeconds, 3));
        long[] latencies = fleet.fanoutLatencies();
        Map<String, Object> shares = new LinkedHashMap<>();
        for (double percent : new double[] {50, 90, 99, 100}) {
            long value = Percentiles.percentile(latencies, percent);
            shares.put("p" + (int) percent + "Seconds", value == Long.MAX_VALUE ? null : Results.round(value / 1e9, 3));
        }
        result.put("agentsReportedNewGeneration", shares);
        result.put("agentsDone", fleet.fanoutDone());
        result.put("secondsUntilRolloutCountsPercentSucceeded", rolloutSeconds == null ? null
                : Results.round(rolloutSeconds, 3));
        if (rollout != null && rollout.status() == 200) {
            result.put("rolloutState", rollout.body().path("state").asText());
            result.put("rolloutCounts", rollout.body().path("counts"));
        }
        result.put("processes", ProcessProbe.between(before, run.processes.sample(),
                (System.nanoTime() - start) / 1e9));
        return result;
    }
}
