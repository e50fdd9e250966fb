package io.edgefleet.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connect ramp: all agents connect at {@code --ramp-rate}; then the fleet is held for {@code --duration} (heartbeats,
 * states and batches going on) and the agents still connected, the online count through the API (when a password is
 * given) and the RSS of every watched process are reported.
 */
final class RampScenario {

    private RampScenario() {
    }

    static void run(ScenarioRun run) throws Exception {
        Fleet fleet = run.connectFleet();
        var before = run.processes.sample();
        long start = System.nanoTime();
        Thread.sleep(run.options.duration().toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> hold = new LinkedHashMap<>();
        hold.put("seconds", Results.round(seconds, 1));
        hold.put("agentsHeld", fleet.connected());
        hold.put("disconnectsDuringRun", fleet.counters().disconnects.sum());
        if (run.options.adminPassword() != null) {
            hold.put("onlineThroughApi", run.onlineThroughApi());
        }
        hold.put("processes", ProcessProbe.between(before, run.processes.sample(), seconds));
        run.results.put("hold", hold);
    }
}
