package io.edgefleet.telemetry.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the alert tests set up: endpoints as the registry and agents announce them, samples, polling. */
final class AlertFixtures {

    private static final JsonSchemas SCHEMAS = JsonSchemas.load();
    private final TelemetryHarness telemetry;

    AlertFixtures(TelemetryHarness telemetry) {
        this.telemetry = telemetry;
    }

    /** Publishes the registry's retained snapshot of an endpoint and waits until the projection has it. */
    void endpoint(String tenant, String endpoint, String labelsJson) {
        telemetry.publish("fleet/v1/" + tenant + "/endpoints/" + endpoint, """
                {"endpointId": "%s", "tenant": "%s", "name": "machine-%s", "labels": %s, "updatedAt": "%s"}"""
                .formatted(endpoint, tenant, endpoint.substring(3), labelsJson, Instant.now()), true);
        await("endpoint " + endpoint + " projected", () -> telemetry.sql(
                "SELECT 1 FROM telemetry.endpoints WHERE tenant = ? AND endpoint = ? AND snapshot_at IS NOT NULL",
                tenant, endpoint), rows -> !rows.isEmpty(), Duration.ofSeconds(10));
    }

    void presence(String tenant, String endpoint, String status) {
        telemetry.publish("edge/v1/" + tenant + "/" + endpoint + "/presence",
                "{\"status\": \"" + status + "\", \"at\": \"" + Instant.now() + "\"}", true);
    }

    /** Today's (and tomorrow's) partition of telemetry.samples, as the metrics part creates them. */
    void samplePartitions() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : List.of(today, today.plusDays(1))) {
            telemetry.sql("CREATE TABLE IF NOT EXISTS telemetry.samples_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + " PARTITION OF telemetry.samples FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')");
        }
    }

    void sample(String tenant, String endpoint, String metric, String container, String app, double value) {
        telemetry.sql("INSERT INTO telemetry.samples (tenant, endpoint, metric, container, device, app, ts, value) "
                        + "VALUES (?, ?, ?, ?, '', ?, ?, ?)", tenant, endpoint, metric, container, app,
                Timestamp.from(Instant.now()), value);
    }

    /** Lifecycle events of one tenant, each checked against its schema. */
    List<JsonNode> events(String type, String tenant) {
        List<JsonNode> events = telemetry.events(type).stream()
                .filter(e -> tenant.equals(e.path("tenant").asText())).toList();
        events.forEach(e -> assertThat(SCHEMAS.validate("events/" + type, e.get("data"))).as("%s", e).isEmpty());
        return events;
    }

    void disk(String tenant, String endpoint, String mount, double used, double total) {
        Timestamp now = Timestamp.from(Instant.now());
        for (var metric : java.util.Map.of("node_disk_used_bytes", used, "node_disk_total_bytes", total).entrySet()) {
            telemetry.sql("INSERT INTO telemetry.samples (tenant, endpoint, metric, container, device, ts, value) "
                    + "VALUES (?, ?, ?, '', ?, ?, ?)", tenant, endpoint, metric.getKey(), mount, now, metric.getValue());
        }
    }

    /** Alerts of the tenant in a state, as the API lists them. */
    static List<JsonNode> alerts(Http http, String tenant, String state) {
        Http.Response page = http.get("/api/v1/tenants/" + tenant + "/alerts?state=" + state);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(page.json().get("items").spliterator(), false).toList();
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            value = probe.get();
        }
        return value;
    }
}
