package io.edgefleet.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST load on the gateway while the fleet ingests: {@code --rest-concurrency} callers (JDK HttpClient, HTTP/1.1,
 * kept-alive connections) each GET one random endpoint of the fleet ({@code GET .../endpoints/{id}}) with the admin's
 * access token as fast as answers come, for {@code --duration}; beside it the steady-state numbers of the same window.
 */
final class RestScenario {

    private RestScenario() {
    }

    static void run(ScenarioRun run) throws Exception {
        Fleet fleet = run.connectFleet();
        run.warmup();
        PlatformApi api = run.api();
        List<FleetFile.Entry> entries = fleet.entries();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String token = api.token();
        URI base = run.options.gateway();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        AtomicLong lastErrorStatus = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(run.options.restConcurrency());
        List<Future<long[]>> callers = new ArrayList<>();
        long loadStart = System.nanoTime();
        for (int c = 0; c < run.options.restConcurrency(); c++) {
            callers.add(pool.submit(() -> {
                long[] times = new long[1 << 16];
                int count = 0;
                while (running.get()) {
                    String id = entries.get(ThreadLocalRandom.current().nextInt(entries.size())).id();
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/tenants/"
                                    + run.options.tenant() + "/endpoints/" + id))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
                    long sent = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            errors.incrementAndGet();
                            lastErrorStatus.set(status);
                            continue;
                        }
                    } catch (java.io.IOException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (count == times.length) {
                        times = java.util.Arrays.copyOf(times, count * 2);
                    }
                    times[count++] = System.nanoTime() - sent;
                }
                return java.util.Arrays.copyOf(times, count);
            }));
        }
        Map<String, Object> ingest = SteadyScenario.measure(run, fleet, LagProbes.start(run, fleet));
        running.set(false);
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> caller : callers) {
            all.add(caller.get());
        }
        double seconds = (System.nanoTime() - loadStart) / 1e9;
        pool.shutdown();
        long[] times = all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("call", "GET /api/v1/tenants/{t}/endpoints/{random fleet endpoint}, admin access token");
        rest.put("concurrency", run.options.restConcurrency());
        rest.put("seconds", Results.round(seconds, 1));
        rest.put("requestsPerSecond", Results.round(times.length / seconds, 1));
        rest.put("latency", Percentiles.summary(times));
        rest.put("errors", errors.get());
        if (errors.get() > 0) {
            rest.put("lastErrorStatus", lastErrorStatus.get());
        }
        run.results.put("rest", rest);
        run.results.put("ingestDuringRest", ingest);
    }
}
