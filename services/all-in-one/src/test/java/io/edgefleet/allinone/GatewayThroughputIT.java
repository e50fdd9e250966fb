package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gateway's checks cost: latency and throughput of authenticated calls through the all-in-one jar, for an
 * access token (verified locally), an API token (introspected at tenancy on every call), and {@code /api/v1/me}
 * (answered by the gateway itself, no upstream). Runs on request only:
 * {@code mvn -B -o -q -pl services/all-in-one verify -Dit.test=GatewayThroughputIT -Dedgefleet.bench=true
 * -Dsurefire.skip=true}; prints its table to the test's output.
 */
@EnabledIfSystemProperty(named = "edgefleet.bench", matches = "true")
class GatewayThroughputIT {

    private static final int SEQUENTIAL = 2000;
    private static final int THREADS = 8;
    private static final Duration LOAD = Duration.ofSeconds(10);

    @TempDir Path home;

    @Test
    void measureAuthenticatedCalls() throws Exception {
        try (PlatformProcess platform = new PlatformProcess(home.resolve("bench"))
                .withEnv("EDGEFLEET_RATE_LIMIT_PER_MINUTE", "1000000").start()) {
            ApiClient admin = platform.admin();
            TenantWorld world = new TenantWorld(platform, admin);
            for (int i = 0; i < 20; i++) {
                world.endpoint(admin, "default", "bench-" + i);
            }
            String apiToken = world.apiToken(admin, "default", "viewer", "bench").path("token").asText();
            String list = "/api/v1/tenants/default/endpoints";
            List<String> rows = new ArrayList<>();
            rows.add(measure("API token, GET endpoints (introspected + forwarded)", platform.gatewayUri(), list,
                    apiToken));
            rows.add(measure("access token, GET endpoints (forwarded to the registry)", platform.gatewayUri(), list,
                    admin.token()));
            rows.add(measure("viewer access token, GET endpoints", platform.gatewayUri(), list,
                    world.member("default", "viewer", "bench-viewer").token()));
            rows.add(measure("access token, GET /api/v1/me (gateway only)", platform.gatewayUri(), "/api/v1/me",
                    admin.token()));
            System.out.println("| call | sequential p50 | p99 | " + THREADS + " threads, req/s |");
            System.out.println("| --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        }
    }

    private static String measure(String what, URI gateway, String path, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        for (int i = 0; i < 1500; i++) { // warm-up: the JIT of the gateway and the registry
            assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        long[] nanos = new long[SEQUENTIAL];
        for (int i = 0; i < SEQUENTIAL; i++) {
            long start = System.nanoTime();
            http.send(request, HttpResponse.BodyHandlers.discarding());
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            counts.add(pool.submit(() -> {
                int done = 0;
                while (running.get()) {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        done++;
                    }
                }
                return done;
            }));
        }
        Thread.sleep(LOAD.toMillis());
        running.set(false);
        int total = 0;
        for (Future<Integer> count : counts) {
            total += count.get();
        }
        pool.shutdown();
        return String.format("| %s | %.2f ms | %.2f ms | %d |", what, nanos[SEQUENTIAL / 2] / 1e6,
                nanos[SEQUENTIAL * 99 / 100] / 1e6, total / LOAD.toSeconds());
    }
}
