package io.edgefleet.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query API over one fleet: two endpoints in tenant acme, one in tenant other, three hours of samples. */
class MetricsApiIT {

    private static final String A = TelemetryHarness.newEndpointId();
    private static final String B = TelemetryHarness.newEndpointId();
    private static final String C = TelemetryHarness.newEndpointId();
    private static final String BASE = "/api/v1/tenants/acme/metrics";
    private static TelemetryHarness telemetry;
    private static Instant start;
    private static Instant now;

    @BeforeAll
    static void fleet() {
        telemetry = TelemetryHarness.start(Map.of(MetricsSettings.ROLLUP_SECONDS, "1"));
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        String streamA = Batches.newStream();
        String streamB = Batches.newStream();
        String streamC = Batches.newStream();
        long seq = 0;
        long batches = 0;
        // one batch every 5 minutes from 3 hours before the hour until now
        for (Instant at = start; !at.isAfter(now); at = at.plus(Duration.ofMinutes(5))) {
            long minute = Duration.between(start, at).toMinutes();
            telemetry.publish(Batches.topic("acme", A), Batches.batch(streamA, seq, at)
                    .node("node_cpu_percent", minute % 60)
                    .container("container_memory_usage_bytes", "web", "shop", 1000 + minute)
                    .container("container_memory_usage_bytes", "db \"main\"\\x", "shop", 5000 + minute).json(), false);
            telemetry.publish(Batches.topic("acme", B), Batches.batch(streamB, seq, at).dropped(3, 30)
                    .node("node_cpu_percent", 50)
                    .container("container_memory_usage_bytes", "cache", null, 3000).json(), false);
            telemetry.publish(Batches.topic("other", C), Batches.batch(streamC, seq, at)
                    .node("node_cpu_percent", 99)
                    .container("container_memory_usage_bytes", "secret", null, 9_999_999).json(), false);
            seq++;
            batches += 3;
        }
        long expected = batches;
        telemetry.sql("INSERT INTO telemetry.endpoints (tenant, endpoint, name, online) VALUES (?, ?, ?, true), "
                + "(?, ?, ?, false), (?, ?, ?, true)", "acme", A, "press-1", "acme", B, "press-2", "other", C, "x-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("metric_batches") == expected
                && count("metric_rollup_pending") <= 1 && count("samples_1h") > 0);
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    @Test
    void seriesUsesRawDataForShortStepsAndTheRollupsForMinuteAndHourSteps() {
        Http acme = telemetry.http("acme");
        String range = "&from=" + start + "&to=" + start.plus(Duration.ofHours(2));
        String series = BASE + "/series?endpoint=" + A + "&metric=container_memory_usage_bytes&container=web" + range;

        JsonNode raw = acme.get(series + "&step=30s").json();
        JsonNode minutes = acme.get(series + "&step=10m").json();
        JsonNode hours = acme.get(series + "&step=1h").json();

        assertThat(raw.get("resolution").asText()).isEqualTo("raw");
        assertThat(minutes.get("resolution").asText()).isEqualTo("1m");
        assertThat(hours.get("resolution").asText()).isEqualTo("1h");
        assertThat(raw.get("series")).hasSize(1);
        assertThat(raw.at("/series/0/points")).hasSize(24);
        assertThat(minutes.at("/series/0/points")).hasSize(12);
        assertThat(minutes.at("/series/0/points/1/avg").asDouble()).isEqualTo(1012.5);
        JsonNode firstHour = hours.at("/series/0/points/0");
        assertThat(firstHour.get("t").asText()).isEqualTo(start.toString());
        assertThat(firstHour.get("avg").asDouble()).isEqualTo(1027.5);
        assertThat(firstHour.get("min").asDouble()).isEqualTo(1000);
        assertThat(firstHour.get("max").asDouble()).isEqualTo(1055);
        assertThat(firstHour.get("count").asLong()).isEqualTo(12);
    }

    @Test
    void seriesWithoutAContainerReturnsEverySeriesOfTheMetric() {
        JsonNode all = telemetry.http("acme").get(BASE + "/series?endpoint=" + A
                + "&metric=container_memory_usage_bytes&step=1h&from=" + start + "&to=" + now).json();
        assertThat(all.get("series")).extracting(s -> s.get("container").asText())
                .containsExactly("db \"main\"\\x", "web");
    }

    @Test
    void latestGivesEachEndpointsNewestValuesAndDropCountersOfItsTenantOnly() {
        JsonNode latest = telemetry.http("acme").get(BASE + "/latest").json();
        assertThat(latest.get("endpoints")).extracting(e -> e.get("endpoint").asText())
                .containsExactlyInAnyOrder(A, B);
        JsonNode b = latest.get("endpoints").get(latest.get("endpoints").get(0).get("endpoint").asText().equals(B) ? 0 : 1);
        assertThat(b.at("/dropped/batches").asLong()).isEqualTo(3);
        assertThat(b.get("samples")).hasSize(2);
        JsonNode cpuOfA = telemetry.http("acme").get(BASE + "/latest?endpoint=" + A + "&metric=node_cpu_percent").json();
        assertThat(cpuOfA.at("/endpoints/0/samples")).hasSize(1);
        assertThat(cpuOfA.at("/endpoints/0/samples/0/at").asText()).isNotEmpty();
    }

    @Test
    void topRanksSeriesByTheirLatestValueWithinTheTenant() {
        JsonNode top = telemetry.http("acme").get(BASE + "/top?metric=container_memory_usage_bytes&n=2").json();
        assertThat(top.get("items")).extracting(i -> i.get("container").asText())
                .containsExactly("db \"main\"\\x", "cache");
        JsonNode ofB = telemetry.http("acme").get(BASE + "/top?metric=container_memory_usage_bytes&endpoint=" + B).json();
        assertThat(ofB.get("items")).hasSize(1);
    }

    @Test
    void anotherTenantsDataIsNeverVisible() {
        Http other = telemetry.http("other");
        assertThat(other.get(BASE + "/latest").status()).isEqualTo(404);
        assertThat(telemetry.http("acme").get(BASE + "/series?endpoint=" + C + "&metric=node_cpu_percent&step=1h")
                .json().get("series")).isEmpty();
        assertThat(telemetry.http("acme").get(BASE + "/federate").text()).doesNotContain(C).doesNotContain("secret");
        assertThat(other.get("/api/v1/tenants/other/metrics/top?metric=container_memory_usage_bytes").json()
                .get("items")).extracting(i -> i.get("container").asText()).containsExactly("secret");
    }

    @Test
    void badParametersAreRefusedWithAProblemNamingTheParameter() {
        Http acme = telemetry.http("acme");
        assertProblem(acme.get(BASE + "/series?metric=node_cpu_percent"), "endpoint");
        assertProblem(acme.get(BASE + "/series?endpoint=nope&metric=node_cpu_percent"), "endpoint");
        assertProblem(acme.get(BASE + "/series?endpoint=" + A + "&metric=node_made_up"), "metric");
        assertProblem(acme.get(BASE + "/series?endpoint=" + A + "&metric=node_cpu_percent&step=5x"), "step");
        assertProblem(acme.get(BASE + "/series?endpoint=" + A + "&metric=node_cpu_percent&step=1s&from="
                + now.minus(Duration.ofDays(30)) + "&to=" + now), "step");
        assertProblem(acme.get(BASE + "/series?endpoint=" + A + "&metric=node_cpu_percent&from=yesterday"), "from");
        assertProblem(acme.get(BASE + "/series?endpoint=" + A + "&metric=node_cpu_percent&from=" + now
                + "&to=" + start), "from");
        assertProblem(acme.get(BASE + "/top?metric=container_memory_usage_bytes&n=0"), "n");
        assertProblem(acme.get(BASE + "/top"), "metric");
    }

    @Test
    void federationAndServiceMetricsAreValidPrometheusExposition() {
        Http.Response federation = telemetry.http("acme").get(BASE + "/federate");
        assertThat(federation.status()).isEqualTo(200);
        assertThat(federation.headers().get("content-type").get(0)).startsWith("text/plain; version=0.0.4");
        assertThat(federation.text())
                .contains("edgefleet_endpoint_up{endpoint=\"" + A + "\",name=\"press-1\"} 1")
                .contains("edgefleet_endpoint_up{endpoint=\"" + B + "\",name=\"press-2\"} 0")
                .contains("edgefleet_container_memory_usage_bytes{app=\"shop\",container=\"db \\\"main\\\"\\\\x\",endpoint=\"" + A + "\"}")
                .contains("edgefleet_node_cpu_percent{endpoint=\"" + B + "\"} 50");
        Promtool.assertAccepted(federation.text());
        String service = telemetry.anonymousHttp().get("/metrics").text();
        Promtool.assertAccepted(service);
        assertThat(service).contains("edgefleet_mqtt_connected{service=\"telemetry\"} 1.0")
                // the ingest's own connections (EDGEFLEET_METRICS_INGEST_CONNECTIONS, default 4)
                .contains("edgefleet_mqtt_connected{service=\"telemetry-metrics-1\"} 1.0")
                .contains("edgefleet_mqtt_connected{service=\"telemetry-metrics-4\"} 1.0")
                .contains("edgefleet_telemetry_ingest_samples_total")
                .contains("edgefleet_telemetry_ingest_queue_samples ");
    }

    private static void assertProblem(Http.Response response, String parameter) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("'" + parameter + "'");
    }

    private static long count(String table) {
        return (Long) telemetry.sql("SELECT count(*) AS n FROM telemetry." + table).get(0).get("n");
    }
}
