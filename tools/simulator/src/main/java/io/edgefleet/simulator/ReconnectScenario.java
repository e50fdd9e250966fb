package io.edgefleet.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconnect storm: with the fleet connected, {@code --restart-command} restarts the broker (a shell command, e.g. a
 * script that stops the platform and starts it again on the same data); measured: when the connections dropped, how
 * long the command took, and when every agent was connected again (from the command's start and from its end), with
 * the failed and refused attempts on the way. The agents reconnect as the real agent does (1 s doubling to 60 s, with
 * jitter) and never stop trying; agents not back by {@code --reconnect-timeout} are reported.
 */
final class ReconnectScenario {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectScenario.class);

    private ReconnectScenario() {
    }

    static void run(ScenarioRun run) throws Exception {
        Fleet fleet = run.connectFleet();
        run.warmup();
        int all = fleet.size();
        FleetCounters counters = fleet.counters();
        long failedBefore = counters.failedAttempts.sum();
        long refusedBefore = counters.refusedConnects.sum();
        long disconnectsBefore = counters.disconnects.sum();
        LOG.info("running the restart command: {}", run.options.restartCommand());
        long start = System.nanoTime();
        Process restart = new ProcessBuilder("sh", "-c", run.options.restartCommand()).inheritIO().start();
        long deadline = start + run.options.reconnectTimeout().toNanos();
        long droppedNanos = 0;
        int lowest = all;
        while (restart.isAlive() && System.nanoTime() < deadline) {
            int now = fleet.connected();
            lowest = Math.min(lowest, now);
            if (droppedNanos == 0 && now < all) {
                droppedNanos = System.nanoTime();
            }
            Thread.sleep(10);
        }
        if (!restart.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            restart.destroyForcibly();
            throw new IllegalStateException("the restart command did not finish within --reconnect-timeout");
        }
        long commandDone = System.nanoTime();
        if (restart.exitValue() != 0) {
            throw new IllegalStateException("the restart command exited with " + restart.exitValue());
        }
        while (System.nanoTime() < deadline && (droppedNanos == 0 || fleet.connected() < all)) {
            int now = fleet.connected();
            lowest = Math.min(lowest, now);
            if (droppedNanos == 0 && now < all) {
                droppedNanos = System.nanoTime();
            }
            Thread.sleep(10);
        }
        long back = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("agents", all);
        result.put("connectionsDropped", droppedNanos != 0);
        result.put("lowestConnected", lowest);
        result.put("restartCommandSeconds", Results.round((commandDone - start) / 1e9, 2));
        result.put("allBack", fleet.connected() == all);
        result.put("agentsNotBack", all - fleet.connected());
        result.put("secondsFromRestartToAllBack", Results.round((back - start) / 1e9, 2));
        result.put("secondsFromBrokerUpToAllBack", Results.round((back - commandDone) / 1e9, 2));
        result.put("disconnects", counters.disconnects.sum() - disconnectsBefore);
        result.put("failedConnectAttempts", counters.failedAttempts.sum() - failedBefore);
        result.put("refusedConnects", counters.refusedConnects.sum() - refusedBefore);
        run.results.put("reconnect", result);
    }
}
