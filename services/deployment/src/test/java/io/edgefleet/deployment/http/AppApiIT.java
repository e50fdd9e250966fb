package io.edgefleet.deployment.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.events.EventEnvelope;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AppApiIT {

    private static final String SPEC = "{\"image\":\"edgefleet-test/busybox:1\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"]}";
    private static final String SPEC_2 = "{\"image\":\"edgefleet-test/busybox:2\"}";

    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String base(String tenant) {
        return "/api/v1/tenants/" + tenant + "/apps";
    }

    @Test
    void createAnswersRevisionOneAndTheAppCanBeReadAndListed() {
        String tenant = tenant();
        Http http = harness.http(tenant);

        Http.Response created = http.post(base(tenant),
                "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.headers().get("location")).containsExactly(base(tenant) + "/web");
        JsonNode app = created.json();
        assertThat(app.path("tenant").asText()).isEqualTo(tenant);
        assertThat(app.path("name").asText()).isEqualTo("web");
        assertThat(app.path("revision").asInt()).isEqualTo(1);
        assertThat(app.path("spec").path("image").asText()).isEqualTo("edgefleet-test/busybox:1");
        assertThat(app.path("target").path("selector").asText()).isEqualTo("site=qingdao");
        assertThat(app.path("createdAt").asText()).isEqualTo(app.path("updatedAt").asText()).isNotEmpty();
        assertThat(http.get(base(tenant) + "/web").json()).isEqualTo(app);
        assertThat(http.get(base(tenant)).json().path("items")).containsExactly(app);

        Http.Response again = http.post(base(tenant), "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asText()).endsWith("/app-exists");
    }

    @Test
    void updateMakesTheNextRevisionAndAnIdenticalUpdateMakesNone() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post(base(tenant), "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");

        Http.Response updated = http.put(base(tenant) + "/web", "{\"spec\":" + SPEC_2 + ",\"target\":{\"selector\":\"site=qingdao\"}}");
        Http.Response same = http.put(base(tenant) + "/web", "{\"spec\":" + SPEC_2 + ",\"target\":{\"selector\":\"site=qingdao\"}}");

        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().path("revision").asInt()).isEqualTo(2);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json()).isEqualTo(updated.json());
        assertThat(http.get(base(tenant) + "/web/revisions").json().path("items")).hasSize(2);
        assertThat(http.put(base(tenant) + "/nope", "{\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}").status())
                .isEqualTo(404);
    }

    @Test
    void historyIsNewestFirstAndRollbackCopiesAnEarlierRevision() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post(base(tenant), "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");
        http.put(base(tenant) + "/web", "{\"spec\":" + SPEC_2 + ",\"target\":{\"endpoints\":[\"ep-aaaaaaaaaaaa\"]}}");

        Http.Response rolledBack = http.post(base(tenant) + "/web/rollback", "{\"revision\":1}");

        assertThat(rolledBack.status()).as(rolledBack.text()).isEqualTo(200);
        JsonNode app = rolledBack.json();
        assertThat(app.path("revision").asInt()).isEqualTo(3);
        assertThat(app.path("spec").path("image").asText()).isEqualTo("edgefleet-test/busybox:1");
        assertThat(app.path("target").path("selector").asText()).isEqualTo("site=qingdao");
        JsonNode history = http.get(base(tenant) + "/web/revisions").json().path("items");
        assertThat(history).extracting(r -> r.path("revision").asInt()).containsExactly(3, 2, 1);
        assertThat(history.get(0).path("rolledBackTo").asInt()).isEqualTo(1);
        assertThat(history.get(1).path("rolledBackTo").isNull()).isTrue();
        assertThat(history.get(0).path("createdBy").asText()).isEqualTo("user:test");
        assertThat(history.get(0).path("spec")).isEqualTo(history.get(2).path("spec"));

        Http.Response unknown = http.post(base(tenant) + "/web/rollback", "{\"revision\":9}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asText()).contains("no revision 9");
        // rolling back to what is current already creates nothing
        assertThat(http.post(base(tenant) + "/web/rollback", "{\"revision\":1}").json().path("revision").asInt()).isEqualTo(3);
    }

    @Test
    void deleteRemovesTheAppWithItsHistory() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post(base(tenant), "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");

        assertThat(http.delete(base(tenant) + "/web").status()).isEqualTo(204);

        assertThat(http.get(base(tenant) + "/web").status()).isEqualTo(404);
        assertThat(http.get(base(tenant) + "/web/revisions").status()).isEqualTo(404);
        assertThat(http.delete(base(tenant) + "/web").status()).isEqualTo(404);
        assertThat(harness.sql("SELECT 1 FROM deployment.app_revisions WHERE tenant = ?", tenant)).isEmpty();
    }

    @Test
    void everyChangeIsAnEventMatchingItsSchema() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post(base(tenant), "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");
        http.put(base(tenant) + "/web", "{\"spec\":" + SPEC_2 + ",\"target\":{\"selector\":\"site=qingdao\"}}");
        http.post(base(tenant) + "/web/rollback", "{\"revision\":1}");
        http.delete(base(tenant) + "/web");
        harness.awaitOutboxEmpty();

        org.awaitility.Awaitility.await().until(() -> harness.events("app.deleted").stream()
                .anyMatch(e -> tenant.equals(e.tenant())));
        List<EventEnvelope> updates = harness.events("app.updated").stream().filter(e -> tenant.equals(e.tenant())).toList();
        assertThat(harness.events("app.created").stream().filter(e -> tenant.equals(e.tenant())))
                .singleElement().satisfies(e -> {
                    assertThat(e.subject()).isEqualTo("web");
                    assertThat(e.source()).isEqualTo("/edgefleet/deployment");
                    assertThat(e.data().path("revision").asInt()).isEqualTo(1);
                });
        assertThat(updates).extracting(e -> e.data().path("revision").asInt()).containsExactly(2, 3);
        assertThat(updates.get(1).data().path("rolledBackTo").asInt()).isEqualTo(1);
        assertThat(harness.events("app.deleted").stream().filter(e -> tenant.equals(e.tenant())))
                .singleElement().satisfies(e -> assertThat(e.data().path("revision").asInt()).isEqualTo(3));
    }

    @Test
    void anotherTenantsAppsLookAbsentAndCallsWithoutTheInternalTokenAreRefused() {
        String tenant = tenant();
        harness.http(tenant).post(base(tenant), "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"a\"}}");
        Http other = harness.http("other");

        assertThat(other.get(base(tenant) + "/web").status()).isEqualTo(404);
        assertThat(other.get(base(tenant)).json().path("type").asText()).endsWith("/tenant-not-found");
        assertThat(other.put(base(tenant) + "/web", "{\"spec\":" + SPEC_2 + ",\"target\":{\"selector\":\"a\"}}").status())
                .isEqualTo(404);
        assertThat(other.delete(base(tenant) + "/web").status()).isEqualTo(404);
        assertThat(harness.anonymousHttp().get(base(tenant)).status()).isEqualTo(401);
        assertThat(harness.http(tenant).get(base(tenant) + "/web").json().path("revision").asInt()).isEqualTo(1);
    }
}
