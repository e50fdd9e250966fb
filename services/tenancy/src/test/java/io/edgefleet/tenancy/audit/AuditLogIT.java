package io.edgefleet.tenancy.audit;

import static io.edgefleet.tenancy.audit.AuditFeed.entry;
import static io.edgefleet.tenancy.audit.AuditFeed.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Audit entries published over the real broker, stored in real PostgreSQL, read through the API. */
class AuditLogIT {

    private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

    private static TenancyHarness harness;
    private static Http http;
    private static AuditFeed feed;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        http = harness.http();
        feed = new AuditFeed(harness);
    }

    @AfterAll
    static void stop() {
        feed.close();
        harness.close();
    }

    @Test
    void everyFilterNarrowsTheTenantsLogNewestFirst() {
        createTenant("filters");
        String alice = uuid();
        String bob = uuid();
        String endpoints = "/api/v1/tenants/filters/endpoints/";
        String e1 = id(feed.publish(entry("filters", alice, "endpoints.create", endpoints + "ep-aaaaaaaaaaaa", 201, T0)));
        String e2 = id(feed.publish(entry("filters", alice, "endpoints.delete", endpoints + "ep-aaaaaaaaaaaa", 204, T0.plusSeconds(60))));
        String e3 = id(feed.publish(entry("filters", bob, "endpoints.update", endpoints + "ep-bbbbbbbbbbbb", 403, T0.plusSeconds(120))));
        String e4 = id(feed.publish(entry("filters", bob, "tokens.create", "/api/v1/tenants/filters/tokens", 422, T0.plusSeconds(180))));
        String e5 = id(feed.publish(entry("filters", alice, "members.put", "/api/v1/tenants/filters/members/" + bob, 200, T0.plusSeconds(240))));
        String platform = id(feed.publish(entry(null, alice, "users.create", "/api/v1/users", 201, T0.plusSeconds(300))));
        awaitStored(6, "actor_id IN ('" + alice + "', '" + bob + "')");

        String log = "/api/v1/tenants/filters/audit";
        assertThat(ids(log)).containsExactly(e5, e4, e3, e2, e1);
        assertThat(ids(log + query("actor", alice))).containsExactly(e5, e2, e1);
        assertThat(ids(log + query("action", "endpoints.create"))).containsExactly(e1);
        assertThat(ids(log + query("action", "endpoints.*"))).containsExactly(e3, e2, e1);
        assertThat(ids(log + query("outcome", "denied"))).containsExactly(e3);
        assertThat(ids(log + query("outcome", "failure"))).containsExactly(e4);
        assertThat(ids(log + query("target", endpoints + "ep-aaaaaaaaaaaa"))).containsExactly(e2, e1);
        assertThat(ids(log + query("target", endpoints))).containsExactly(e3, e2, e1);
        assertThat(ids(log + query("since", T0.plusSeconds(60).toString(), "until", T0.plusSeconds(180).toString())))
                .containsExactly(e3, e2);
        assertThat(ids(log + query("since", "2025-06-01T10:03:00+02:00"))).containsExactly(e5, e4);
        assertThat(ids(log + query("actor", bob, "action", "endpoints.*", "outcome", "denied"))).containsExactly(e3);

        assertThat(ids("/api/v1/audit" + query("actor", alice))).containsExactly(platform, e5, e2, e1);
        assertThat(ids("/api/v1/audit" + query("actor", alice, "tenant", "filters"))).containsExactly(e5, e2, e1);
    }

    @Test
    void anEntryReadsBackAsItWasRecorded() {
        createTenant("readback");
        String actor = uuid();
        ObjectNode data = entry("readback", actor, "endpoints.update", "/api/v1/tenants/readback/endpoints/ep-cccccccccccc",
                409, Instant.parse("2025-06-01T08:15:30.123456Z"));
        data.put("method", "PATCH").put("sourceIp", "2001:db8::17");
        EventEnvelope event = feed.publish(data);
        ObjectNode anonymous = entry(null, "anonymous", "users.delete", "/api/v1/users/" + actor, 401, T0);
        anonymous.putObject("actor").put("kind", "anonymous").put("id", "anonymous");
        String refused = id(feed.publish(anonymous));
        awaitStored(1, "actor_id = '" + actor + "'");
        awaitStored(1, "id = '" + refused + "'");

        JsonNode stored = page("/api/v1/tenants/readback/audit").path("items").get(0);
        assertThat(stored.path("id").asText()).isEqualTo(event.id());
        assertThat(stored.path("tenant").asText()).isEqualTo("readback");
        assertThat(stored.path("actor")).isEqualTo(data.path("actor"));
        assertThat(stored.path("action").asText()).isEqualTo("endpoints.update");
        assertThat(stored.path("target").asText()).isEqualTo("/api/v1/tenants/readback/endpoints/ep-cccccccccccc");
        assertThat(stored.path("method").asText()).isEqualTo("PATCH");
        assertThat(stored.path("status").asInt()).isEqualTo(409);
        assertThat(stored.path("outcome").asText()).isEqualTo("failure");
        assertThat(stored.path("sourceIp").asText()).isEqualTo("2001:db8::17");
        assertThat(stored.path("time").asText()).isEqualTo("2025-06-01T08:15:30.123456Z");
        assertThat(stored.path("source").asText()).isEqualTo("/edgefleet/gateway");
        assertThat(Instant.parse(stored.path("recordedAt").asText())).isAfter(Instant.now().minusSeconds(60));

        JsonNode platform = page("/api/v1/audit" + query("actor", "anonymous", "action", "users.delete")).path("items").get(0);
        assertThat(platform.path("tenant").isNull()).isTrue();
        assertThat(platform.path("actor").has("name")).isFalse();
        assertThat(platform.path("outcome").asText()).isEqualTo("failure");
    }

    @Test
    void aCursorWalksEveryPageOnceEvenWhileNewEntriesArrive() {
        createTenant("pages");
        List<EventEnvelope> published = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // three entries share each second, so the id decides their order
            published.add(feed.publish(entry("pages", uuid(), "endpoints.create", "/api/v1/tenants/pages/endpoints", 201,
                    T0.plusSeconds(i / 3))));
        }
        awaitStored(23, "tenant = 'pages'");
        List<String> expected = published.stream()
                .sorted(Comparator.comparing((EventEnvelope e) -> e.data().path("time").asText())
                        .thenComparing(EventEnvelope::id).reversed())
                .map(EventEnvelope::id).toList();

        List<String> walked = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = page("/api/v1/tenants/pages/audit" + query("limit", "5", "cursor", next));
            page.path("items").forEach(item -> walked.add(item.path("id").asText()));
            sizes.add(page.path("items").size());
            next = page.path("next").isNull() ? null : page.path("next").asText();
            if (walked.size() == 5) {
                String newer = id(feed.publish(entry("pages", uuid(), "endpoints.create", "/api/v1/tenants/pages/x", 201,
                        T0.plusSeconds(3600))));
                awaitStored(1, "id = '" + newer + "'");
            }
        } while (next != null);

        assertThat(sizes).containsExactly(5, 5, 5, 5, 3);
        assertThat(walked).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(walked)).hasSize(23);
    }

    @Test
    void aCallerOfAnotherTenantGets404AndOnlyPlatformCallersReadThePlatformLog() {
        createTenant("iso-a");
        createTenant("iso-b");
        String actor = uuid();
        feed.publish(entry("iso-a", actor, "endpoints.create", "/api/v1/tenants/iso-a/endpoints", 201, T0));
        awaitStored(1, "actor_id = '" + actor + "'");

        for (String tenants : List.of("iso-b", "iso-b,default", " ")) {
            Http.Response refused = http.withHeader("X-Edgefleet-Tenants", tenants)
                    .get("/api/v1/tenants/iso-a/audit" + query("actor", actor));
            assertThat(refused.status()).as("caller of %s", tenants).isEqualTo(404);
            assertThat(refused.json().path("type").asText()).endsWith("/tenant-not-found");
            assertThat(refused.text()).doesNotContain(actor);
        }
        Http.Response member = http.withHeader("X-Edgefleet-Tenants", "iso-b,iso-a").get("/api/v1/tenants/iso-a/audit");
        assertThat(member.status()).isEqualTo(200);
        assertThat(member.json().path("items")).hasSize(1);

        Http.Response platform = http.withHeader("X-Edgefleet-Tenants", "iso-a").get("/api/v1/audit");
        assertThat(platform.status()).isEqualTo(403);
        assertThat(platform.header("Content-Type")).startsWith("application/problem+json");

        Http.Response unknown = http.get("/api/v1/tenants/no-such-tenant/audit");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("type").asText()).endsWith("/tenant-not-found");
    }

    @Test
    void injectionStringsInFiltersGetCleanProblemsAndChangeNothing() {
        createTenant("inject");
        feed.publish(entry("inject", uuid(), "endpoints.create", "/api/v1/tenants/inject/endpoints", 201, T0));
        awaitStored(1, "tenant = 'inject'");
        long before = count("true");
        List<String> attacks = List.of("' OR '1'='1", "x'; DROP TABLE audit_entries; --", "\" } , {\"$ne\": null",
                "1) OR 1=1 --", "%' --", "\\u0000");

        for (String parameter : List.of("actor", "action", "outcome", "target", "since", "until", "limit", "cursor", "tenant")) {
            for (String attack : attacks) {
                Http.Response response = http.get("/api/v1/audit" + query(parameter, attack));
                assertThat(response.status()).as("%s=%s: %s", parameter, attack, response.text()).isEqualTo(400);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                assertThat(response.json().path("type").asText()).endsWith("/invalid-query");
                assertThat(response.json().path("detail").asText()).contains("'" + parameter + "'");
            }
        }
        // a path that could be a target is a value to compare, never SQL
        Http.Response asData = http.get("/api/v1/tenants/inject/audit" + query("target", "/x'; DROP TABLE audit_entries; --"));
        assertThat(asData.status()).isEqualTo(200);
        assertThat(asData.json().path("items")).isEmpty();
        assertThat(count("true")).isEqualTo(before);
        assertThat(ids("/api/v1/tenants/inject/audit")).hasSize(1);
    }

    private static void createTenant(String id) {
        Http.Response created = http.post("/api/v1/tenants", "{\"id\":\"" + id + "\",\"displayName\":\"" + id + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private static String id(EventEnvelope event) {
        return event.id();
    }

    private static void awaitStored(int expected, String where) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(count(where)).isEqualTo(expected));
    }

    private static long count(String where) {
        return ((Number) harness.sql("SELECT count(*) AS n FROM tenancy.audit_entries WHERE " + where).get(0).get("n"))
                .longValue();
    }

    private static JsonNode page(String path) {
        Http.Response response = http.get(path);
        assertThat(response.status()).as("%s: %s", path, response.text()).isEqualTo(200);
        assertThat(TenancyHarness.schemas().validate("rest/audit-page", response.json())).as(path).isEmpty();
        return response.json();
    }

    private static List<String> ids(String path) {
        List<String> ids = new ArrayList<>();
        page(path).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** {@code ?a=1&b=2} with every value URL-encoded; null values are left out. */
    static String query(String... pairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                query.append(query.length() == 0 ? '?' : '&').append(pairs[i]).append('=')
                        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }
}
