package io.edgefleet.deployment.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.testing.MqttRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DesiredStateIT {

    private static final String SPEC = "{\"image\":\"edgefleet-test/busybox:1\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"]}";

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

    private static String topic(String tenant, String endpoint) {
        return "edge/v1/" + tenant + "/" + endpoint + "/desired";
    }

    private static void createApp(String tenant, String name, String target) {
        Http.Response created = harness.http(tenant).post("/api/v1/tenants/" + tenant + "/apps",
                "{\"name\":\"" + name + "\",\"spec\":" + SPEC + ",\"target\":" + target + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        harness.awaitOutboxEmpty();
    }

    @Test
    void anAppBySelectorReachesTheMatchingEndpointsOnlyAsRetainedGenerationOne() {
        String tenant = tenant();
        String qd1 = DeploymentHarness.newEndpointId();
        String qd2 = DeploymentHarness.newEndpointId();
        String berlin = DeploymentHarness.newEndpointId();
        harness.registered(tenant, qd1, "{\"site\":\"qingdao\",\"line\":\"a\"}");
        harness.registered(tenant, qd2, "{\"site\":\"qingdao\",\"line\":\"b\"}");
        harness.registered(tenant, berlin, "{\"site\":\"berlin\"}");
        assertThat(harness.retainedDesired(tenant, 0)).as("nothing before an app exists").isEmpty();

        createApp(tenant, "web", "{\"selector\":\"site=qingdao\"}");

        Map<String, JsonNode> retained = harness.retainedDesired(tenant, 2);
        assertThat(retained).containsOnlyKeys(topic(tenant, qd1), topic(tenant, qd2));
        JsonNode document = retained.get(topic(tenant, qd1));
        assertThat(document.path("endpoint").asText()).isEqualTo(qd1);
        assertThat(document.path("generation").asLong()).isEqualTo(1);
        assertThat(document.path("apps")).hasSize(1);
        assertThat(document.at("/apps/0/name").asText()).isEqualTo("web");
        assertThat(document.at("/apps/0/revision").asInt()).isEqualTo(1);
        assertThat(document.at("/apps/0/spec/image").asText()).isEqualTo("edgefleet-test/busybox:1");
        assertThat(document.path("registries")).isEmpty();
    }

    @Test
    void aLabelChangeGivesOrTakesTheAppWithTheNextGeneration() {
        String tenant = tenant();
        String gains = DeploymentHarness.newEndpointId();
        String loses = DeploymentHarness.newEndpointId();
        harness.registered(tenant, gains, "{\"site\":\"berlin\"}");
        harness.registered(tenant, loses, "{\"site\":\"qingdao\"}");
        createApp(tenant, "web", "{\"selector\":\"site=qingdao\"}");
        createApp(tenant, "probe", "{\"endpoints\":[\"" + gains + "\"]}");

        harness.updated(tenant, gains, "{\"site\":\"qingdao\"}");
        harness.updated(tenant, loses, "{\"site\":\"berlin\"}");

        Map<String, JsonNode> retained = harness.retainedDesired(tenant, 2);
        JsonNode gained = retained.get(topic(tenant, gains));
        assertThat(gained.path("generation").asLong()).isEqualTo(2);
        assertThat(gained.path("apps")).extracting(app -> app.path("name").asText()).containsExactly("probe", "web");
        JsonNode lost = retained.get(topic(tenant, loses));
        assertThat(lost.path("generation").asLong()).isEqualTo(2);
        assertThat(lost.path("apps")).isEmpty();
    }

    @Test
    void aRecomputeThatChangesNothingPublishesNothing() {
        String tenant = tenant();
        String endpoint = DeploymentHarness.newEndpointId();
        harness.registered(tenant, endpoint, "{\"site\":\"qingdao\"}");
        createApp(tenant, "web", "{\"selector\":\"site=qingdao\"}");
        Awaitility.await().until(() -> harness.desiredMessages(tenant, endpoint).size() == 1);

        // same labels again, an app elsewhere, an identical update and a redelivered event: nothing for this endpoint
        harness.updated(tenant, endpoint, "{\"site\":\"qingdao\"}");
        createApp(tenant, "elsewhere", "{\"selector\":\"site=berlin\"}");
        Http.Response same = harness.http(tenant).put("/api/v1/tenants/" + tenant + "/apps/web",
                "{\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");
        assertThat(same.json().path("revision").asInt()).isEqualTo(1);
        harness.awaitOutboxEmpty();
        DeploymentHarness.sleep(500);

        assertThat(harness.desiredMessages(tenant, endpoint)).hasSize(1);
        assertThat(harness.sql("SELECT generation FROM deployment.desired_state WHERE endpoint = ?", endpoint))
                .singleElement().satisfies(row -> assertThat(row.get("generation")).isEqualTo(1L));
    }

    @Test
    void anAppUpdateReachesItsEndpointsAndADeleteTakesItAway() {
        String tenant = tenant();
        String endpoint = DeploymentHarness.newEndpointId();
        harness.registered(tenant, endpoint, "{\"site\":\"qingdao\"}");
        createApp(tenant, "web", "{\"selector\":\"site=qingdao\"}");
        String apps = "/api/v1/tenants/" + tenant + "/apps/web";

        harness.http(tenant).put(apps, "{\"spec\":{\"image\":\"edgefleet-test/busybox:2\"},\"target\":{\"selector\":\"site=qingdao\"}}");
        harness.awaitOutboxEmpty();
        JsonNode updated = harness.retainedDesired(tenant, 1).get(topic(tenant, endpoint));
        harness.http(tenant).delete(apps);
        harness.awaitOutboxEmpty();
        JsonNode deleted = harness.retainedDesired(tenant, 1).get(topic(tenant, endpoint));

        assertThat(updated.path("generation").asLong()).isEqualTo(2);
        assertThat(updated.at("/apps/0/revision").asInt()).isEqualTo(2);
        assertThat(updated.at("/apps/0/spec/image").asText()).isEqualTo("edgefleet-test/busybox:2");
        assertThat(deleted.path("generation").asLong()).isEqualTo(3);
        assertThat(deleted.path("apps")).isEmpty();
    }

    @Test
    void aDeletedEndpointLosesItsRetainedDocumentAndALateUpdateDoesNotBringItBack() {
        String tenant = tenant();
        String endpoint = DeploymentHarness.newEndpointId();
        harness.registered(tenant, endpoint, "{\"site\":\"qingdao\"}");
        createApp(tenant, "web", "{\"selector\":\"site=qingdao\"}");
        assertThat(harness.retainedDesired(tenant, 1)).containsOnlyKeys(topic(tenant, endpoint));

        harness.deleted(tenant, endpoint);
        harness.updated(tenant, endpoint, "{\"site\":\"qingdao\"}");

        assertThat(harness.retainedDesired(tenant, 0)).isEmpty();
        List<MqttRecorder.Received> messages = harness.desiredMessages(tenant, endpoint);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).payload()).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.desired_state WHERE endpoint = ?", endpoint)).isEmpty();
    }

    @Test
    void aDeletedTenantLosesItsAppsEndpointsAndRetainedDocuments() {
        String tenant = tenant();
        String endpoint = DeploymentHarness.newEndpointId();
        harness.registered(tenant, endpoint, "{\"site\":\"qingdao\"}");
        createApp(tenant, "web", "{\"selector\":\"site=qingdao\"}");
        harness.presence(tenant, endpoint, true);
        Awaitility.await().until(() -> !harness.sql("SELECT 1 FROM deployment.endpoint_status WHERE tenant = ?",
                tenant).isEmpty());

        harness.tenantDeleted(tenant);

        assertThat(harness.retainedDesired(tenant, 0)).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.endpoint_status WHERE tenant = ?", tenant)).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = ?", tenant)).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.endpoints WHERE tenant = ?", tenant)).isEmpty();
        Awaitility.await().until(() -> harness.events("app.deleted").stream().anyMatch(e -> tenant.equals(e.tenant())));
    }

    @Test
    void anEventThatBreaksItsSchemaOrNamesAnotherTenantIsDeadLetteredAndChangesNothing() {
        String tenant = tenant();
        String endpoint = DeploymentHarness.newEndpointId();
        int before = harness.deadLetters().size();

        harness.publishRaw("fleet/v1/" + tenant + "/events/endpoint.registered", "not json");
        harness.publishRaw("fleet/v1/" + tenant + "/events/endpoint.registered",
                io.edgefleet.kit.events.EventEnvelope.create("registry", "endpoint.registered", "other", endpoint,
                        Map.of("endpointId", endpoint, "tenant", "other", "name", "x", "labels", Map.of(),
                                "createdAt", "2025-06-01T08:00:00Z", "updatedAt", "2025-06-01T08:00:00Z")).toJson());
        harness.publishRaw("fleet/v1/" + tenant + "/events/endpoint.registered",
                io.edgefleet.kit.events.EventEnvelope.create("registry", "endpoint.registered", tenant, endpoint,
                        Map.of("endpointId", endpoint, "tenant", tenant, "labels", Map.of("site", "x';--"))).toJson());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> harness.deadLetters().size() >= before + 3);
        assertThat(harness.deadLetters().subList(before, before + 3)).extracting(d -> d.path("reason").asText())
                .satisfiesExactly(
                        reason -> assertThat(reason).startsWith("invalid-json"),
                        reason -> assertThat(reason).startsWith("tenant-mismatch"),
                        reason -> assertThat(reason).startsWith("schema"));
        assertThat(harness.sql("SELECT 1 FROM deployment.endpoints WHERE id = ?", endpoint)).isEmpty();
    }
}
