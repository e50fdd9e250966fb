package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The ingest benchmark of BENCHMARKS.md: many simulated endpoints publish metric batches over MQTT to the real broker
 * and service, PostgreSQL (embedded) on the same box; measures sustained samples stored per second, then the latency
 * of a 24-hour series at 1-minute step. Runs only when {@code EDGEFLEET_BENCHMARK=1}:
 *
 * <pre>EDGEFLEET_BENCHMARK=1 mvn -B -o -pl services/telemetry verify -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=IngestBenchmarkIT</pre>
 *
 * Knobs (environment): {@code BENCH_ENDPOINTS} (200), {@code BENCH_SAMPLES} per batch (250), {@code BENCH_PUBLISHERS}
 * connections (4), {@code BENCH_SECONDS} measured (30), and the service's own {@code EDGEFLEET_METRICS_*} settings.
 */
class IngestBenchmarkIT {

    /** Published but not yet stored: kept below the broker's queue for the shared subscription (1000 messages). */
    private static final int MAX_UNSTORED = 600;

    @Test
    void sustainedIngestRateAndSeriesQueryLatency() throws Exception {
        assumeTrue("1".equals(System.getenv("EDGEFLEET_BENCHMARK")), "set EDGEFLEET_BENCHMARK=1 to run the benchmark");
        int endpoints = knob("BENCH_ENDPOINTS", 200);
        int samples = knob("BENCH_SAMPLES", 250);
        int publishers = knob("BENCH_PUBLISHERS", 4);
        int seconds = knob("BENCH_SECONDS", 30);
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("EDGEFLEET_METRICS_")) {
                env.put(k, v);
            }
        });
        try (TelemetryHarness telemetry = TelemetryHarness.start(env)) {
            String[] payloadTopics = new String[endpoints];
            String[] streams = new String[endpoints];
            for (int e = 0; e < endpoints; e++) {
                payloadTopics[e] = Batches.topic("bench", TelemetryHarness.newEndpointId());
                streams[e] = Batches.newStream();
            }
            List<Mqtt5AsyncClient> clients = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("bench-" + UUID.randomUUID())
                        .serverHost(telemetry.broker().host()).serverPort(telemetry.broker().port())
                        .simpleAuth().username("svc:agent")
                        .password(telemetry.broker().secret("agent").getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                        .buildAsync();
                client.connect().get();
                clients.add(client);
            }
            AtomicLong published = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            Semaphore window = new Semaphore(MAX_UNSTORED);
            AtomicLong storedSeen = new AtomicLong();
            Thread watcher = new Thread(() -> {
                while (running.get()) {
                    long stored = (long) telemetry.meters().get(IngestMeters.BATCHES).counters().stream()
                            .mapToDouble(c -> c.count()).sum();
                    long delta = stored - storedSeen.getAndSet(stored);
                    window.release((int) delta);
                    sleep(50);
                }
            });
            watcher.start();
            List<Thread> threads = new ArrayList<>();
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
            for (int p = 0; p < publishers; p++) {
                Mqtt5AsyncClient client = clients.get(p);
                int first = p;
                Thread t = new Thread(() -> {
                    long round = 0;
                    while (running.get()) {
                        for (int e = first; e < endpoints && running.get(); e += publishers) {
                            Batches batch = Batches.batch(streams[e], round, base.plusMillis(round * 100));
                            for (int s = 0; s < samples; s++) {
                                batch.container("container_cpu_percent", "c" + (s % 50), null, s % 97);
                            }
                            window.acquireUninterruptibly();
                            CompletableFuture<?> sent = client.publishWith().topic(payloadTopics[e])
                                    .payload(batch.json().getBytes(StandardCharsets.UTF_8))
                                    .qos(MqttQos.AT_LEAST_ONCE).send();
                            sent.whenComplete((r, x) -> published.incrementAndGet());
                        }
                        round++;
                    }
                });
                t.start();
                threads.add(t);
            }
            sleep(10_000);
            double samplesBefore = samplesStored(telemetry);
            long t0 = System.nanoTime();
            sleep(seconds * 1000L);
            double samplesAfter = samplesStored(telemetry);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            window.release(10_000);
            for (Thread t : threads) {
                t.join();
            }
            watcher.join();
            double rate = (samplesAfter - samplesBefore) / elapsed;
            System.out.printf("BENCH ingest: %d endpoints, %d samples/batch, %d publishers: %.0f samples/s stored over"
                    + " %.1f s (%d batches published)%n", endpoints, samples, publishers, rate, elapsed, published.get());
            System.out.printf("BENCH write timer: %s%n", writeTimer(telemetry));
            for (Mqtt5AsyncClient c : clients) {
                c.disconnect().get();
            }
            assertThat(rate).isPositive();
            querySeries(telemetry);
        }
    }

    private static void querySeries(TelemetryHarness telemetry) {
        String endpoint = TelemetryHarness.newEndpointId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant from = now.minus(Duration.ofHours(24));
        // 24 h at 15 s of 20 series of one endpoint, raw and rolled up as the rollup job would have done
        telemetry.sql("""
                INSERT INTO telemetry.samples (tenant, endpoint, metric, container, ts, value)
                SELECT 'query', ?, 'container_memory_usage_bytes', 'c' || c, t, 1e6 + c * 1000 + extract(epoch FROM t)::int % 600
                FROM generate_series(?::timestamptz, ?::timestamptz - interval '1 second', interval '15 seconds') t,
                     generate_series(1, 20) c""", endpoint, from.toString(), now.toString());
        telemetry.sql("""
                INSERT INTO telemetry.samples_1m (tenant, endpoint, metric, container, device, bucket, min_value,
                    max_value, sum_value, count, last_value)
                SELECT tenant, endpoint, metric, container, device, date_trunc('minute', ts), min(value), max(value),
                       sum(value), count(*), max(value)
                FROM telemetry.samples WHERE tenant = 'query' GROUP BY 1, 2, 3, 4, 5, 6""");
        telemetry.sql("ANALYZE telemetry.samples_1m");
        String path = "/api/v1/tenants/query/metrics/series?endpoint=" + endpoint
                + "&metric=container_memory_usage_bytes&container=c7&step=60&from=" + from + "&to=" + now;
        String all = "/api/v1/tenants/query/metrics/series?endpoint=" + endpoint
                + "&metric=container_memory_usage_bytes&step=60&from=" + from + "&to=" + now;
        report("one series", telemetry, path, 1440);
        report("all 20 series", telemetry, all, 1440 * 20);
    }

    private static void report(String what, TelemetryHarness telemetry, String path, int points) {
        var http = telemetry.http("query");
        for (int i = 0; i < 5; i++) {
            http.get(path);
        }
        long[] micros = new long[50];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            var response = http.get(path);
            micros[i] = (System.nanoTime() - t0) / 1000;
            assertThat(response.status()).isEqualTo(200);
            int got = 0;
            for (var s : response.json().get("series")) {
                got += s.get("points").size();
            }
            assertThat(got).isEqualTo(points);
        }
        Arrays.sort(micros);
        System.out.printf("BENCH query 24h at 1m step, %s (%d points): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", what,
                points, micros[25] / 1000.0, micros[47] / 1000.0, micros[49] / 1000.0);
    }

    private static double samplesStored(TelemetryHarness telemetry) {
        return telemetry.meters().get(IngestMeters.SAMPLES).counter().count();
    }

    private static String writeTimer(TelemetryHarness telemetry) {
        var timer = telemetry.meters().get("edgefleet_telemetry_ingest_write").timer();
        return String.format("%d writes, mean %.1f ms, max %.1f ms", timer.count(),
                timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS), timer.max(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private static int knob(String name, int def) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? def : Integer.parseInt(value.strip());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
