package io.edgefleet.deployment.endpoint;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.DeploymentConfig;
import io.edgefleet.deployment.DeploymentService;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.testing.MqttRecorder;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint directory learnt from the registry's retained snapshots: the broker holds them before the deployment
 * service ever ran, as it does for endpoints enrolled before the service was installed.
 */
class EndpointSnapshotIT {

    private static final String TENANT = "acme";
    private static final String SPEC = "{\"image\":\"edgefleet-test/busybox:1\"}";

    private TestBroker broker;
    private MqttRecorder registry;
    private MqttRecorder observer;
    private Vertx vertx;
    private DeploymentService service;
    private String internalToken;

    @BeforeEach
    void brokerWithoutTheService() {
        broker = TestBroker.start("deployment", "registry", "observer");
        registry = new MqttRecorder(broker.host(), broker.port(), "registry", broker.secret("registry"));
        observer = new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"))
                .subscribe("edge/v1/+/+/desired").subscribe("platform/v1/deadletter/#");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        try {
            registry.close();
            observer.close();
            if (service != null) {
                result(service.close());
            }
            result(vertx.close());
        } finally {
            broker.stop();
        }
    }

    @Test
    void endpointsRetainedBeforeTheServiceStartedGetTheirDocumentsAndAClearedSnapshotClearsOne() {
        String qd1 = DeploymentHarness.newEndpointId();
        String qd2 = DeploymentHarness.newEndpointId();
        String berlin = DeploymentHarness.newEndpointId();
        snapshot(qd1, "{\"site\":\"qingdao\"}", Instant.now());
        snapshot(qd2, "{\"site\":\"qingdao\"}", Instant.now());
        snapshot(berlin, "{\"site\":\"berlin\"}", Instant.now());

        startService();
        Http.Response created = http().post("/api/v1/tenants/" + TENANT + "/apps",
                "{\"name\":\"web\",\"spec\":" + SPEC + ",\"target\":{\"selector\":\"site=qingdao\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(15)).until(() -> retainedDesired().size() == 2);
        Map<String, JsonNode> retained = retainedDesired();
        assertThat(retained).containsOnlyKeys(desiredTopic(qd1), desiredTopic(qd2));
        assertThat(retained.get(desiredTopic(qd1)).at("/apps/0/name").asText()).isEqualTo("web");

        // the registry deletes qd2: its snapshot is cleared, and so is its desired document
        registry.publish(snapshotTopic(qd2), "", true);
        await().atMost(Duration.ofSeconds(15)).until(() -> observer.received(
                m -> m.topic().equals(desiredTopic(qd2)) && m.payload().isEmpty()).size() == 1);
        assertThat(retainedDesired()).containsOnlyKeys(desiredTopic(qd1));

        // a later snapshot with new labels moves the app; an older one changes nothing
        snapshot(berlin, "{\"site\":\"qingdao\"}", Instant.now());
        snapshot(qd1, "{\"site\":\"berlin\"}", Instant.parse("2020-01-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(15)).until(() -> retainedDesired().containsKey(desiredTopic(berlin)));
        assertThat(retainedDesired()).containsOnlyKeys(desiredTopic(qd1), desiredTopic(berlin));
        // a snapshot of the deleted endpoint does not bring it back
        snapshot(qd2, "{\"site\":\"qingdao\"}", Instant.now());
        sleep(1000);
        assertThat(retainedDesired()).containsOnlyKeys(desiredTopic(qd1), desiredTopic(berlin));
    }

    @Test
    void aSnapshotOnAnotherEndpointsTopicIsDeadLettered() {
        startService();
        String endpoint = DeploymentHarness.newEndpointId();
        String other = DeploymentHarness.newEndpointId();
        registry.publish(snapshotTopic(other), document(endpoint, "{}", Instant.now()), true);

        await().atMost(Duration.ofSeconds(10)).until(() -> !observer.received(
                m -> m.topic().equals("platform/v1/deadletter/deployment")).isEmpty());
        JsonNode letter = Json.parse(observer.received(m -> m.topic().equals("platform/v1/deadletter/deployment"))
                .get(0).payload().getBytes(StandardCharsets.UTF_8));
        assertThat(letter.toString()).contains("topic-mismatch").contains(snapshotTopic(other));
    }

    private void startService() {
        DbConfig db = TestPostgres.dbConfig();
        MqttConfig mqtt = broker.mqttConfig("deployment");
        internalToken = "internal-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_HTTP_HOST", "127.0.0.1");
        env.put("EDGEFLEET_HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("EDGEFLEET_DB_HOST", db.host());
        env.put("EDGEFLEET_DB_PORT", String.valueOf(db.port()));
        env.put("EDGEFLEET_DB_NAME", db.database());
        env.put("EDGEFLEET_DB_USER", db.user());
        env.put("EDGEFLEET_DB_PASSWORD", db.password());
        env.put("EDGEFLEET_MQTT_HOST", mqtt.host());
        env.put("EDGEFLEET_MQTT_PORT", String.valueOf(mqtt.port()));
        env.put("EDGEFLEET_MQTT_PASSWORD", mqtt.password());
        env.put("EDGEFLEET_MQTT_CLIENT_ID", mqtt.clientId());
        env.put("EDGEFLEET_INTERNAL_TOKEN", internalToken);
        service = result(DeploymentService.deploy(vertx, DeploymentConfig.fromEnv(env)));
    }

    private Http http() {
        return new Http(service.httpPort(), Map.of("Authorization", "Bearer " + internalToken,
                CallerTenants.HEADER, TENANT, InternalAuth.PRINCIPAL_HEADER, "user:test"));
    }

    /** Plays the registry: the endpoint's retained snapshot, checked against endpoint-state. */
    private void snapshot(String endpoint, String labelsJson, Instant updatedAt) {
        String document = document(endpoint, labelsJson, updatedAt);
        assertThat(JsonSchemas.load().validate("endpoint-state", Json.parse(document.getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
        registry.publish(snapshotTopic(endpoint), document, true);
    }

    private static String document(String endpoint, String labelsJson, Instant updatedAt) {
        return "{\"endpointId\":\"" + endpoint + "\",\"tenant\":\"" + TENANT + "\",\"name\":\"n-" + endpoint
                + "\",\"labels\":" + labelsJson + ",\"updatedAt\":\"" + updatedAt + "\"}";
    }

    /** What the broker retains on the tenant's desired topics now, as a new subscriber reads it. */
    private Map<String, JsonNode> retainedDesired() {
        try (MqttRecorder fresh = new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"))) {
            fresh.subscribe("edge/v1/" + TENANT + "/+/desired");
            sleep(500);
            Map<String, JsonNode> documents = new HashMap<>();
            List<MqttRecorder.Received> received = fresh.received();
            for (MqttRecorder.Received message : received) {
                documents.put(message.topic(), Json.parse(message.payload().getBytes(StandardCharsets.UTF_8)));
            }
            return documents;
        }
    }

    private static String snapshotTopic(String endpoint) {
        return "fleet/v1/" + TENANT + "/endpoints/" + endpoint;
    }

    private static String desiredTopic(String endpoint) {
        return "edge/v1/" + TENANT + "/" + endpoint + "/desired";
    }

    private static void sleep(long millis) {
        DeploymentHarness.sleep(millis);
    }
}
