package io.edgefleet.telemetry.logs;

import static io.edgefleet.telemetry.logs.LogBatches.batch;
import static io.edgefleet.telemetry.logs.LogBatches.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.telemetry.logs.LogBatches.Line;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogsIT {

    private static TelemetryHarness telemetry;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start(Map.of(LogsSettings.MAINTENANCE_SECONDS, "1",
                LogsSettings.MAX_BATCH_BYTES, String.valueOf(1024 * 1024)));
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    private static long count(String tenant, String endpoint) {
        return (Long) telemetry.sql("SELECT count(*) AS n FROM telemetry.logs WHERE tenant = ? AND endpoint = ?",
                tenant, endpoint).get(0).get("n");
    }

    private static List<String> texts(JsonNode page) {
        return StreamSupport.stream(page.path("lines").spliterator(), false).map(l -> l.path("text").asText()).toList();
    }

    @Test
    void aBatchIsStoredOnceHoweverOftenItArrives() {
        String endpoint = TelemetryHarness.newEndpointId();
        String once = batch("stream-aaaa1111", 7, Line.of("web", "first"), Line.of("web", "second"));
        telemetry.publish(topic("acme", endpoint), once, false);
        telemetry.publish(topic("acme", endpoint), once, false);
        telemetry.publish(topic("acme", endpoint), batch("stream-aaaa1111", 8, Line.of("web", "third")), false);
        telemetry.publish(topic("acme", endpoint), once, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("acme", endpoint) == 3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count("acme", endpoint) == 3);
        assertThat(telemetry.sql("SELECT seq FROM telemetry.log_batches WHERE endpoint = ? ORDER BY seq", endpoint))
                .extracting(row -> row.get("seq")).containsExactly(7L, 8L);
    }

    @Test
    void badBatchesAreRejectedAndCountedWhileIngestionContinues() {
        String endpoint = TelemetryHarness.newEndpointId();
        telemetry.publish(topic("acme", endpoint), "{not json", false);
        telemetry.publish(topic("acme", endpoint), "{\"stream\":\"stream-bbbb2222\",\"seq\":1,\"sentAt\":\""
                + Instant.now() + "\",\"lines\":[{\"at\":\"" + Instant.now() + "\",\"container\":\"web\",\"stream\":\"stdin\",\"text\":\"x\"}]}", false);
        telemetry.publish(topic("acme", endpoint), "x".repeat(10 * 1024 * 1024), false);
        telemetry.publish(topic("acme", endpoint), batch("stream-bbbb2222", 2, Line.of("web", "still here")), false);

        await().atMost(Duration.ofSeconds(15)).until(() -> count("acme", endpoint) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> telemetry.deadLetters().stream()
                .filter(d -> d.path("topic").asText().equals(topic("acme", endpoint))).count() == 3);
        List<String> reasons = telemetry.deadLetters().stream()
                .filter(d -> d.path("topic").asText().equals(topic("acme", endpoint)))
                .map(d -> d.path("reason").asText()).toList();
        assertThat(reasons).anyMatch(r -> r.startsWith("invalid-json"))
                .anyMatch(r -> r.startsWith("schema") && r.contains("/lines/0/stream"))
                .anyMatch(r -> r.startsWith("oversize: 10485760 bytes"));
        String metrics = telemetry.anonymousHttp().get("/metrics").text();
        assertThat(metrics).containsPattern("edgefleet_messages_rejected_total\\{reason=\"oversize\",service=\"telemetry\"} [1-9]");
        assertThat(metrics).containsPattern("edgefleet_messages_rejected_total\\{reason=\"invalid-json\",service=\"telemetry\"} [1-9]");
        assertThat(texts(telemetry.http("acme").get("/api/v1/tenants/acme/logs?endpoint=" + endpoint).json()))
                .containsExactly("still here");
    }

    @Test
    void searchFiltersByEndpointContainerAppTimeAndTextAndPagesNewestFirst() {
        String endpoint = TelemetryHarness.newEndpointId();
        String other = TelemetryHarness.newEndpointId();
        Instant t0 = Instant.now().minusSeconds(600);
        telemetry.publish(topic("search", endpoint), batch("stream-cccc3333", 1,
                new Line(t0, "web", "shop", "stdout", "GET /index 200"),
                new Line(t0.plusSeconds(1), "web", "shop", "stderr", "ERROR Database unreachable"),
                new Line(t0.plusSeconds(2), "db", "store", "stdout", "checkpoint complete"),
                new Line(t0.plusSeconds(3), "web", "shop", "stdout", "100% of 50_ok done")), false);
        telemetry.publish(topic("search", other), batch("stream-dddd4444", 1,
                new Line(t0.plusSeconds(4), "web", "shop", "stdout", "error on the other endpoint")), false);
        telemetry.publish(topic("other", endpoint), batch("stream-eeee5555", 1,
                new Line(t0.plusSeconds(5), "web", "shop", "stdout", "error of another tenant")), false);
        Http http = telemetry.http("search");
        String base = "/api/v1/tenants/search/logs";
        await().atMost(Duration.ofSeconds(10)).until(() -> texts(http.get(base).json()).size() == 5);

        assertThat(texts(http.get(base + "?endpoint=" + endpoint).json())).containsExactly(
                "100% of 50_ok done", "checkpoint complete", "ERROR Database unreachable", "GET /index 200");
        assertThat(texts(http.get(base + "?endpoint=" + endpoint + "&container=web&stream=stderr").json()))
                .containsExactly("ERROR Database unreachable");
        assertThat(texts(http.get(base + "?app=store").json())).containsExactly("checkpoint complete");
        assertThat(texts(http.get(base + "?q=error").json()))
                .containsExactly("error on the other endpoint", "ERROR Database unreachable");
        assertThat(texts(http.get(base + "?q=%25%20of%2050_").json())).containsExactly("100% of 50_ok done");
        assertThat(texts(http.get(base + "?q=0%25").json())).containsExactly("100% of 50_ok done");
        assertThat(texts(http.get(base + "?from=" + t0.plusSeconds(1) + "&to=" + t0.plusSeconds(3)).json()))
                .containsExactly("checkpoint complete", "ERROR Database unreachable");

        List<String> paged = new ArrayList<>();
        JsonNode page = http.get(base + "?limit=2").json();
        paged.addAll(texts(page));
        while (page.hasNonNull("next")) {
            page = http.get(base + "?limit=2&cursor=" + page.path("next").asText()).json();
            paged.addAll(texts(page));
        }
        assertThat(paged).containsExactly("error on the other endpoint", "100% of 50_ok done", "checkpoint complete",
                "ERROR Database unreachable", "GET /index 200");

        assertThat(texts(telemetry.http("other").get("/api/v1/tenants/other/logs").json()))
                .containsExactly("error of another tenant");
        assertThat(telemetry.http("other").get(base).status()).isEqualTo(404);
    }

    @Test
    void searchRefusesMalformedParametersNamingThem() {
        Http http = telemetry.http("acme");
        String base = "/api/v1/tenants/acme/logs";
        assertThat(http.get(base + "?limit=0").text()).contains("limit");
        assertThat(http.get(base + "?limit=1001").status()).isEqualTo(400);
        assertThat(http.get(base + "?from=yesterday").text()).contains("from must be an RFC 3339 timestamp");
        assertThat(http.get(base + "?endpoint=web-1").status()).isEqualTo(400);
        assertThat(http.get(base + "?stream=stdin").status()).isEqualTo(400);
        assertThat(http.get(base + "?cursor=bm9wZQ").text()).contains("cursor");
        assertThat(http.get(base + "?q=" + "a".repeat(300)).status()).isEqualTo(400);
        assertThat(http.get(base + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").status()).isEqualTo(400);
    }

    @Test
    void expiredPartitionsAreDroppedAndLinesOutsideTheRetainedDaysAreNotStored() {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        String name = "logs_p" + old.toString().replace("-", "");
        telemetry.sql("CREATE TABLE telemetry." + name + " PARTITION OF telemetry.logs FOR VALUES FROM ('" + old
                + " 00:00:00+00') TO ('" + old.plusDays(1) + " 00:00:00+00')");
        telemetry.sql("INSERT INTO telemetry.logs (tenant, endpoint, container, stream, ts, text) VALUES"
                + " ('acme', 'ep-aaaaaaaaaaaa', 'web', 'stdout', '" + old + " 12:00:00+00', 'ancient')");
        String endpoint = TelemetryHarness.newEndpointId();
        telemetry.publish(topic("acme", endpoint), batch("stream-ffff6666", 1,
                new Line(Instant.now().minus(Duration.ofDays(30)), "web", null, "stdout", "too old"),
                new Line(Instant.now().plus(Duration.ofDays(30)), "web", null, "stdout", "too new"),
                Line.of("web", "just right")), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> telemetry.sql(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'telemetry' AND tablename = ?", name).isEmpty());
        assertThat(telemetry.sql("SELECT count(*) AS n FROM telemetry.logs WHERE text = 'ancient'").get(0).get("n"))
                .isEqualTo(0L);
        String tomorrow = "logs_p" + LocalDate.now(ZoneOffset.UTC).plusDays(1).toString().replace("-", "");
        assertThat(telemetry.sql("SELECT 1 FROM pg_tables WHERE schemaname = 'telemetry' AND tablename = ?", tomorrow))
                .hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("acme", endpoint) == 1);
        assertThat(texts(telemetry.http("acme").get("/api/v1/tenants/acme/logs?endpoint=" + endpoint).json()))
                .containsExactly("just right");
        assertThat(telemetry.anonymousHttp().get("/metrics").text())
                .containsPattern("edgefleet_telemetry_logs_lines_out_of_range_total [2-9]");
    }
}
