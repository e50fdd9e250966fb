package io.edgefleet.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Command round trip: {@code --commands} container restarts through the REST API ({@code POST
 * .../containers/{c}/actions/restart}, which waits for the agent's reply), each to a random agent and one of its
 * containers, {@code --command-concurrency} at a time; the time of each call from send to the 200 carrying the reply.
 */
final class CommandScenario {

    private CommandScenario() {
    }

    static void run(ScenarioRun run) throws Exception {
        if (run.options.containers() < 1) {
            throw new IllegalStateException("the commands scenario needs --containers 1 or more: commands target "
                    + "the agents' containers");
        }
        Fleet fleet = run.connectFleet();
        run.warmup();
        PlatformApi api = run.api();
        List<FleetFile.Entry> entries = fleet.entries();
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger notSucceeded = new AtomicInteger();
        AtomicReference<String> lastFailure = new AtomicReference<>();
        var before = run.processes.sample();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(run.options.commandConcurrency());
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < run.options.commandConcurrency(); t++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < run.options.commands()) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    FleetFile.Entry target = entries.get(random.nextInt(entries.size()));
                    String path = "/api/v1/tenants/" + run.options.tenant() + "/endpoints/" + target.id()
                            + "/containers/sim-c" + random.nextInt(run.options.containers()) + "/actions/restart";
                    long sent = System.nanoTime();
                    PlatformApi.Response response = api.call("POST", path, "{\"timeoutSeconds\":0}");
                    long took = System.nanoTime() - sent;
                    if (response.status() == 200 && "SUCCEEDED".equals(response.body().path("status").asText())) {
                        times.add(took);
                    } else {
                        notSucceeded.incrementAndGet();
                        lastFailure.set(response.status() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> commands = new LinkedHashMap<>();
        commands.put("sent", run.options.commands());
        commands.put("concurrency", run.options.commandConcurrency());
        commands.put("agentsConnected", fleet.connected());
        commands.put("roundTrip", Percentiles.summary(times.stream().mapToLong(Long::longValue).toArray()));
        commands.put("notSucceeded", notSucceeded.get());
        if (lastFailure.get() != null) {
            commands.put("lastFailure", lastFailure.get());
        }
        commands.put("commandsPerSecond", Results.round(times.size() / seconds, 1));
        commands.put("processes", ProcessProbe.between(before, run.processes.sample(), seconds));
        run.results.put("commands", commands);
    }
}
