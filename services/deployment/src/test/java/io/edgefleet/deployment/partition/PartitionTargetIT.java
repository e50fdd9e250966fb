package io.edgefleet.deployment.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.testing.MqttRecorder;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apps targeted at a Kubernetes partition, black box: the API in, the retained partition desired document on the real
 * broker out (read by a fresh subscriber, as the tenancy service reads it after a restart); partition states in, the
 * app's partitionStatus out.
 */
class PartitionTargetIT {

    private static final String SPEC = "{\"image\":\"reg.example/vision/inspector:1.4\",\"ports\":[{\"containerPort\":8080}]}";

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

    private static String topic(String tenant, String partition) {
        return "fleet/v1/" + tenant + "/partitions/" + partition + "/desired";
    }

    private static Http.Response createApp(String tenant, String name, String spec, String target) {
        Http.Response created = harness.http(tenant).post("/api/v1/tenants/" + tenant + "/apps",
                "{\"name\":\"" + name + "\",\"spec\":" + spec + ",\"target\":" + target + "}");
        harness.awaitOutboxEmpty();
        return created;
    }

    /** What the broker retains on the partition's desired topic now; empty when nothing (or a cleared topic). */
    private static List<JsonNode> retained(String tenant, String partition, int expected) {
        try (MqttRecorder fresh = harness.newObserver()) {
            fresh.subscribe(topic(tenant, partition));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fresh.received().size() >= expected);
            DeploymentHarness.sleep(500);
            return fresh.received().stream().map(message -> {
                assertThat(message.retained()).isTrue();
                JsonNode document = Json.parse(message.payload().getBytes(StandardCharsets.UTF_8));
                assertThat(JsonSchemas.load().validate("partition-desired", document)).as(message.payload()).isEmpty();
                return document;
            }).toList();
        }
    }

    private static JsonNode current(String tenant, String partition) {
        List<JsonNode> documents = retained(tenant, partition, 1);
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    @Test
    void anAppTargetedAtAPartitionBecomesItsRetainedDocumentAndReachesNoEndpoint() {
        String tenant = tenant();
        String endpoint = DeploymentHarness.newEndpointId();
        harness.registered(tenant, endpoint, "{\"site\":\"qingdao\"}");

        Http.Response created = createApp(tenant, "inspector", SPEC, "{\"partition\":\"line-1\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("target").path("partition").asText()).isEqualTo("line-1");

        JsonNode document = current(tenant, "line-1");
        assertThat(document.path("tenant").asText()).isEqualTo(tenant);
        assertThat(document.path("partition").asText()).isEqualTo("line-1");
        assertThat(document.path("generation").asLong()).isEqualTo(1);
        assertThat(document.path("apps")).hasSize(1);
        assertThat(document.at("/apps/0/name").asText()).isEqualTo("inspector");
        assertThat(document.at("/apps/0/revision").asInt()).isEqualTo(1);
        assertThat(document.at("/apps/0/spec")).isEqualTo(Json.parse(SPEC.getBytes(StandardCharsets.UTF_8)));
        assertThat(harness.desiredMessages(tenant, endpoint)).as("no endpoint document for a partition app").isEmpty();
    }

    @Test
    void aPartitionAppGetsItsConfigSetsMergedAndOnlyTheRegistriesItLists() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        assertThat(http.post("/api/v1/tenants/" + tenant + "/config-sets",
                "{\"name\":\"plc\",\"entries\":{\"PLC_HOST\":\"10.0.3.5\"}}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/tenants/" + tenant + "/registries", "{\"name\":\"factory\",\"host\":\"reg.example\","
                + "\"username\":\"ci\",\"password\":\"s3cret-token\"}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/tenants/" + tenant + "/registries", "{\"name\":\"other\",\"host\":\"other.example\","
                + "\"username\":\"ci\",\"password\":\"not-for-this-one\"}").status()).isEqualTo(201);

        Http.Response created = http.post("/api/v1/tenants/" + tenant + "/apps", "{\"name\":\"inspector\",\"spec\":" + SPEC
                + ",\"target\":{\"partition\":\"line-1\"},\"configSets\":[{\"name\":\"plc\"}],\"registries\":[\"factory\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        harness.awaitOutboxEmpty();

        JsonNode document = current(tenant, "line-1");
        assertThat(document.at("/apps/0/spec/env/PLC_HOST").asText()).isEqualTo("10.0.3.5");
        assertThat(document.path("registries")).hasSize(1);
        assertThat(document.at("/registries/0/host").asText()).isEqualTo("reg.example");
        assertThat(document.at("/registries/0/password").asText()).isEqualTo("s3cret-token");
    }

    @Test
    void anUpdateIsTheNextGenerationAndADeleteLeavesTheOtherAppsThenNone() {
        String tenant = tenant();
        createApp(tenant, "inspector", SPEC, "{\"partition\":\"line-1\"}");
        createApp(tenant, "reporter", SPEC, "{\"partition\":\"line-1\"}");
        assertThat(current(tenant, "line-1").path("generation").asLong()).isEqualTo(2);

        String changed = "{\"image\":\"reg.example/vision/inspector:1.5\"}";
        Http.Response updated = harness.http(tenant).put("/api/v1/tenants/" + tenant + "/apps/inspector",
                "{\"spec\":" + changed + ",\"target\":{\"partition\":\"line-1\"}}");
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        harness.awaitOutboxEmpty();
        JsonNode next = current(tenant, "line-1");
        assertThat(next.path("generation").asLong()).isEqualTo(3);
        assertThat(next.at("/apps/0/revision").asInt()).isEqualTo(2);
        assertThat(next.at("/apps/0/spec/image").asText()).isEqualTo("reg.example/vision/inspector:1.5");

        assertThat(harness.http(tenant).delete("/api/v1/tenants/" + tenant + "/apps/inspector").status()).isEqualTo(204);
        harness.awaitOutboxEmpty();
        JsonNode afterDelete = current(tenant, "line-1");
        assertThat(afterDelete.path("generation").asLong()).isEqualTo(4);
        assertThat(afterDelete.path("apps")).extracting(app -> app.path("name").asText()).containsExactly("reporter");

        assertThat(harness.http(tenant).delete("/api/v1/tenants/" + tenant + "/apps/reporter").status()).isEqualTo(204);
        harness.awaitOutboxEmpty();
        JsonNode empty = current(tenant, "line-1");
        assertThat(empty.path("generation").asLong()).isEqualTo(5);
        assertThat(empty.path("apps")).isEmpty();
    }

    @Test
    void movingAnAppToAnotherPartitionEmptiesTheOldOneAndAnIdenticalUpdatePublishesNothing() {
        String tenant = tenant();
        createApp(tenant, "inspector", SPEC, "{\"partition\":\"line-1\"}");
        harness.http(tenant).put("/api/v1/tenants/" + tenant + "/apps/inspector",
                "{\"spec\":" + SPEC + ",\"target\":{\"partition\":\"line-2\"}}");
        harness.awaitOutboxEmpty();
        assertThat(current(tenant, "line-1").path("apps")).isEmpty();
        assertThat(current(tenant, "line-2").at("/apps/0/revision").asInt()).isEqualTo(2);

        harness.http(tenant).put("/api/v1/tenants/" + tenant + "/apps/inspector",
                "{\"spec\":" + SPEC + ",\"target\":{\"partition\":\"line-2\"}}");
        harness.awaitOutboxEmpty();
        assertThat(harness.sql("SELECT generation FROM deployment.partition_desired WHERE tenant = ? ORDER BY partition", tenant))
                .extracting(row -> row.get("generation")).containsExactly(2L, 1L);
    }

    @Test
    void aTargetWithAPartitionAndASelectorOrANameKubernetesRefusesIsA422NamingTheField() {
        String tenant = tenant();
        Http.Response both = createApp(tenant, "inspector", SPEC, "{\"partition\":\"line-1\",\"selector\":\"site=a\"}");
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.json().path("errors").findValuesAsText("field")).containsExactly("/target");
        assertThat(both.text()).contains("either a partition or endpoints");

        Http.Response badName = createApp(tenant, "vision_inspector", SPEC, "{\"partition\":\"line-1\"}");
        assertThat(badName.status()).isEqualTo(422);
        assertThat(badName.json().path("errors").findValuesAsText("field")).containsExactly("/name");

        Http.Response badPartition = createApp(tenant, "inspector", SPEC, "{\"partition\":\"Line_1\"}");
        assertThat(badPartition.status()).isEqualTo(422);
        assertThat(badPartition.json().path("errors").findValuesAsText("field")).containsExactly("/target/partition");
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = ?", tenant)).isEmpty();
    }

    @Test
    void thePartitionsReportShowsAsTheAppsPartitionStatusAndABadReportIsDeadLettered() {
        String tenant = tenant();
        createApp(tenant, "inspector", SPEC, "{\"partition\":\"line-1\"}");
        String path = "/api/v1/tenants/" + tenant + "/apps/inspector";
        assertThat(harness.http(tenant).get(path).json().path("partitionStatus").path("phase").asText()).isEqualTo("Pending");

        String state = """
                {"tenant":"%s","partition":"line-1","observedGeneration":1,"reportedAt":"%s",
                 "apps":[{"name":"inspector","revision":1,"phase":"Running","ready":"1/1"}]}""".formatted(tenant, Instant.now());
        harness.publishRaw("fleet/v1/" + tenant + "/partitions/line-1/state", state);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                harness.http(tenant).get(path).json().path("partitionStatus").path("phase").asText().equals("Running"));
        JsonNode status = harness.http(tenant).get(path).json().path("partitionStatus");
        assertThat(status.path("partition").asText()).isEqualTo("line-1");
        assertThat(status.path("ready").asText()).isEqualTo("1/1");
        assertThat(status.path("revision").asInt()).isEqualTo(1);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);

        harness.publishRaw("fleet/v1/" + tenant + "/partitions/line-1/state", state.replace("Running", "Sleeping"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> harness.deadLetters().stream()
                .anyMatch(letter -> letter.path("topic").asText().equals("fleet/v1/" + tenant + "/partitions/line-1/state")));
        assertThat(harness.http(tenant).get(path).json().at("/partitionStatus/phase").asText()).isEqualTo("Running");
    }

    @Test
    void aPurgedTenantsPartitionDocumentsAreCleared() {
        String tenant = tenant();
        createApp(tenant, "inspector", SPEC, "{\"partition\":\"line-1\"}");
        assertThat(retained(tenant, "line-1", 1)).hasSize(1);

        harness.tenantDeleted(tenant);

        assertThat(retained(tenant, "line-1", 0)).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.partition_desired WHERE tenant = ?", tenant)).isEmpty();
    }
}
