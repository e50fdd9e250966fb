package io.edgefleet.tenancy.audit;

import static io.edgefleet.tenancy.audit.AuditFeed.entry;
import static io.edgefleet.tenancy.audit.AuditFeed.event;
import static io.edgefleet.tenancy.audit.AuditFeed.uuid;
import static io.edgefleet.tenancy.audit.AuditFeed.wire;
import static io.edgefleet.tenancy.audit.AuditLogIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the audit consumer stores, what it refuses, and what a tenant's deletion takes with it. */
class AuditIngestIT {

    private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
    private static final Pattern DUPLICATES = Pattern.compile(
            "edgefleet_audit_entries_total\\{[^}]*result=\"duplicate\"[^}]*} ([0-9.]+)");

    private static TenancyHarness harness;
    private static Http http;
    private static AuditFeed feed;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        http = harness.http();
        feed = new AuditFeed(harness);
        createTenant("victim");
        createTenant("mallory");
    }

    @AfterAll
    static void stop() {
        feed.close();
        harness.close();
    }

    @Test
    void aRedeliveredEntryIsStoredOnce() {
        double duplicatesBefore = duplicates();
        EventEnvelope event = event(entry("victim", uuid(), "endpoints.create", "/api/v1/tenants/victim/endpoints", 201, T0));

        feed.publish(event);
        feed.publish(event);
        feed.publish(event);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(duplicates()).isEqualTo(duplicatesBefore + 2));
        assertThat(rows("id = '" + event.id() + "'")).isEqualTo(1);
        assertThat(feed.deadLettersAbout(event.id())).isEmpty();
    }

    @Test
    void malformedAndForgedEntriesAreDeadLetteredAndNotStored() {
        String actor = uuid();
        String mallorys = "fleet/v1/mallory/events/audit.recorded";
        String platform = "platform/v1/events/audit.recorded";
        // what identifies each refused message in its dead letter -> how the reason starts
        Map<String, String> expected = new LinkedHashMap<>();

        String garbageId = uuid();
        feed.publishRaw(mallorys, "{\"id\": \"" + garbageId + "\", not json");
        expected.put(garbageId, "invalid-json");

        ObjectNode noId = wireOf(valid("mallory", actor));
        noId.put("subject", noId.remove("id").asText());
        feed.publishRaw(mallorys, Json.write(noId));
        expected.put(noId.path("subject").asText(), "schema: /id");

        ObjectNode badAction = valid("mallory", actor).put("action", "x'); DROP TABLE audit_entries; --");
        expected.put(publish(badAction), "schema: /data/action");

        ObjectNode successWithError = entry("mallory", actor, "endpoints.create", "/api/v1/tenants/mallory/endpoints", 500, T0)
                .put("outcome", "success");
        String contradiction = publish(successWithError);
        expected.put(contradiction, "schema: /data: ");

        ObjectNode otherType = wireOf(valid("mallory", actor)).put("type", "io.edgefleet.endpoint.deleted.v1");
        expected.put(publishWire(mallorys, otherType), "type: ");

        // mallory's topic and envelope, but the data claims to be about the victim
        EventEnvelope forged = new EventEnvelope(uuid(), "/edgefleet/gateway", AuditIngestVerticle.TYPE,
                T0.atOffset(ZoneOffset.UTC), "endpoints.delete", "mallory", valid("victim", actor));
        expected.put(publishWire(mallorys, wire(forged)), "tenant-mismatch: ");

        // the victim's data and envelope, sent to mallory's topic
        expected.put(publishWire(mallorys, wireOf(valid("victim", actor))), "tenant-mismatch: ");

        // a platform-level event whose data names a tenant
        ObjectNode platformWithTenant = wireOf(entry(null, actor, "users.create", "/api/v1/users", 201, T0));
        platformWithTenant.with("data").put("tenant", "victim");
        expected.put(publishWire(platform, platformWithTenant), "tenant-mismatch: ");

        // a tenant's event on the platform topic: the envelope may not name a tenant there
        expected.put(publishWire(platform, wireOf(valid("victim", actor))), "schema: /tenant");

        String stillWorks = publish(valid("mallory", actor));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(rows("id = '" + stillWorks + "'")).isEqualTo(1));
        expected.forEach((marker, reason) -> await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> letters = feed.deadLettersAbout(marker);
            assertThat(letters).as("dead letter about %s", marker).hasSize(1);
            assertThat(letters.get(0).path("reason").asText()).startsWith(reason);
            assertThat(letters.get(0).path("service").asText()).isEqualTo("tenancy");
        }));
        assertThat(feed.deadLettersAbout(contradiction).get(0).path("reason").asText())
                .contains("outcome success needs a status below 400");
        assertThat(rows("actor_id = '" + actor + "'")).as("only the valid entry is stored").isEqualTo(1);
    }

    @Test
    void aTimeInAnyRfc3339SpellingIsStoredAsTheSameInstant() {
        String actor = uuid();
        String spaced = publish(valid("victim", actor).put("time", "2025-06-01 10:00:00+02:00"));
        String lowercase = publish(valid("victim", actor).put("time", "2025-06-01t08:00:00.5z"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(rows("actor_id = '" + actor + "'")).isEqualTo(2));

        assertThat(rows("id = '" + spaced + "' AND occurred_at = '2025-06-01T08:00:00Z'")).isEqualTo(1);
        assertThat(rows("id = '" + lowercase + "' AND occurred_at = '2025-06-01T08:00:00.5Z'")).isEqualTo(1);
        assertThat(feed.deadLettersAbout(actor)).isEmpty();
    }

    @Test
    void deletingATenantPurgesItsLogButKeepsTheEntryOfTheDeletionForPlatformAdmins() {
        createTenant("doomed");
        createTenant("survivor");
        String actor = uuid();
        publish(entry("doomed", actor, "endpoints.create", "/api/v1/tenants/doomed/endpoints", 201, T0));
        publish(entry("doomed", actor, "tokens.create", "/api/v1/tenants/doomed/tokens", 201, T0.plusSeconds(1)));
        String kept = publish(entry("survivor", actor, "endpoints.create", "/api/v1/tenants/survivor/endpoints", 201, T0));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(rows("actor_id = '" + actor + "'")).isEqualTo(3));
        assertThat(http.get("/api/v1/tenants/doomed/audit").json().path("items")).hasSize(2);

        assertThat(http.delete("/api/v1/tenants/doomed").status()).isEqualTo(204);
        // the gateway records the deletion on the tenant's topic once it answered, so the entry arrives after the tenant
        // is gone; like a call that was still in flight, it is kept for platform admins and in no tenant's log
        String deletion = publish(entry("doomed", actor, "tenants.delete", "/api/v1/tenants/doomed", 204, T0.plusSeconds(2)));
        String late = publish(entry("doomed", actor, "endpoints.update", "/api/v1/tenants/doomed/endpoints/z", 404, T0.plusSeconds(3)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(rows("id IN ('" + deletion + "', '" + late + "')"))
                .isEqualTo(2));

        assertThat(rows("tenant = 'doomed' AND id NOT IN ('" + deletion + "', '" + late + "')"))
                .as("the deleted tenant's entries").isZero();
        assertThat(rows("id IN ('" + deletion + "', '" + late + "') AND log_tenant IS NULL")).isEqualTo(2);
        assertThat(rows("id = '" + kept + "' AND log_tenant = 'survivor'")).isEqualTo(1);
        assertThat(http.get("/api/v1/tenants/doomed/audit").status()).isEqualTo(404);
        assertThat(ids("/api/v1/audit" + query("target", "/api/v1/tenants/doomed"))).containsExactly(late, deletion);

        createTenant("doomed");
        assertThat(http.get("/api/v1/tenants/doomed/audit").json().path("items")).as("a new tenant of the same name").isEmpty();
    }

    private static ObjectNode valid(String tenant, String actor) {
        return entry(tenant, actor, "endpoints.create", "/api/v1/tenants/" + tenant + "/endpoints", 201, T0);
    }

    private static ObjectNode wireOf(ObjectNode data) {
        return wire(event(data));
    }

    private static String publish(ObjectNode data) {
        return feed.publish(data).id();
    }

    /** Publishes the wire form as it is and returns its id (or subject) to find its dead letter by. */
    private static String publishWire(String topic, ObjectNode wire) {
        feed.publishRaw(topic, Json.write(wire));
        return wire.path("id").asText();
    }

    private static void createTenant(String id) {
        Http.Response created = http.post("/api/v1/tenants", "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private static long rows(String where) {
        return ((Number) harness.sql("SELECT count(*) AS n FROM tenancy.audit_entries WHERE " + where).get(0).get("n"))
                .longValue();
    }

    private static List<String> ids(String path) {
        Http.Response response = http.get(path);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static double duplicates() {
        Matcher matcher = DUPLICATES.matcher(http.get("/metrics").text());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
