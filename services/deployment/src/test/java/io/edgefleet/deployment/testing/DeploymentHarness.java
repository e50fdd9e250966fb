package io.edgefleet.deployment.testing;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.DeploymentConfig;
import io.edgefleet.deployment.DeploymentService;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.testing.MqttRecorder;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The deployment service as it runs for real: a fresh PostgreSQL database, the real broker, {@link DeploymentService#deploy},
 * a {@code svc:registry} connection that plays the registry's endpoint events, and an observer recording every fleet
 * event, every desired document and every dead letter.
 */
public final class DeploymentHarness implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    /** The service's {@code EDGEFLEET_SECRET_KEY}, so tests can open what it sealed. */
    public static final String SECRET_KEY = io.edgefleet.kit.crypto.SecretBox.generateKey();

    private final Map<String, String> env = new HashMap<>();
    private final DbConfig db;
    private final TestBroker broker;
    private final Vertx vertx = Vertx.vertx();
    private final MqttRecorder registry;
    private final MqttRecorder observer;
    private final DeploymentService service;

    private DeploymentHarness(Map<String, String> moreEnv) {
        db = TestPostgres.dbConfig();
        broker = TestBroker.start("deployment", "registry", "observer", "agent");
        MqttConfig mqtt = broker.mqttConfig("deployment");
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
        env.put("EDGEFLEET_INTERNAL_TOKEN", "internal-" + UUID.randomUUID());
        env.put("EDGEFLEET_SECRET_KEY", SECRET_KEY);
        env.putAll(moreEnv);
        registry = new MqttRecorder(broker.host(), broker.port(), "registry", broker.secret("registry"));
        observer = new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"))
                .subscribe("fleet/v1/+/events/#").subscribe("edge/v1/+/+/desired").subscribe("platform/v1/deadletter/#");
        service = result(DeploymentService.deploy(vertx, DeploymentConfig.fromEnv(env)));
    }

    public static DeploymentHarness start() {
        return new DeploymentHarness(Map.of());
    }

    /** The service with some settings changed, e.g. {@code EDGEFLEET_COMMAND_TTL_SECONDS}. */
    public static DeploymentHarness start(Map<String, String> moreEnv) {
        return new DeploymentHarness(moreEnv);
    }

    /**
     * A new connection of the service account {@code svc:agent}, to stand for agents (it may subscribe to commands and
     * publish replies on any endpoint's topics); close it after use.
     */
    public MqttRecorder agentStandIn() {
        return new MqttRecorder(broker.host(), broker.port(), "agent", broker.secret("agent"));
    }

    /** A caller that may act in {@code tenant} only. */
    public Http http(String tenant) {
        return new Http(service.httpPort(), Map.of("Authorization", "Bearer " + env.get("EDGEFLEET_INTERNAL_TOKEN"),
                CallerTenants.HEADER, tenant, InternalAuth.PRINCIPAL_HEADER, "user:test"));
    }

    /** A caller without the internal token. */
    public Http anonymousHttp() {
        return new Http(service.httpPort(), Map.of());
    }

    /** A new endpoint id in the registry's format. */
    public static String newEndpointId() {
        StringBuilder id = new StringBuilder("ep-");
        for (int i = 0; i < 12; i++) {
            id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    /** Plays the registry: {@code endpoint.registered}; returns the event id. */
    public String registered(String tenant, String endpoint, String labelsJson) {
        return endpointEvent("endpoint.registered", tenant, endpoint, labelsJson, null);
    }

    /** Plays the registry: {@code endpoint.updated} with the labels after the change; returns the event id. */
    public String updated(String tenant, String endpoint, String labelsJson) {
        return endpointEvent("endpoint.updated", tenant, endpoint, labelsJson, "labels");
    }

    /** Plays the registry: {@code endpoint.deleted}; returns the event id. */
    public String deleted(String tenant, String endpoint) {
        Map<String, Object> data = Map.of("endpointId", endpoint, "tenant", tenant, "name", "n-" + endpoint,
                "deletedAt", Instant.now().toString());
        return publish(EventEnvelope.create("registry", "endpoint.deleted", tenant, endpoint, data));
    }

    /** Plays tenancy: {@code tenant.deleted}; returns the event id. */
    public String tenantDeleted(String tenant) {
        Map<String, Object> data = Map.of("tenant", tenant, "displayName", "Tenant " + tenant, "status", "disabled");
        return publish(EventEnvelope.create("tenancy", "tenant.deleted", tenant, tenant, data));
    }

    private String endpointEvent(String type, String tenant, String endpoint, String labelsJson, String changed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpointId", endpoint);
        data.put("tenant", tenant);
        data.put("name", "n-" + endpoint);
        data.put("labels", Json.parse(labelsJson.getBytes(StandardCharsets.UTF_8)));
        data.put("createdAt", "2025-06-01T08:00:00Z");
        data.put("updatedAt", Instant.now().toString());
        if (changed != null) {
            data.put("changed", List.of(changed));
        }
        return publish(EventEnvelope.create("registry", type, tenant, endpoint, data));
    }

    /** Publishes an event as the registry would and waits until the service applied it (its id is in the inbox). */
    public String publish(EventEnvelope event) {
        assertThat(JsonSchemas.load().validate("events/" + event.shortType(), event.data())).isEmpty();
        registry.publish(event.topic(), event.toJson(), false);
        awaitApplied(event.id());
        return event.id();
    }

    /** Plays an agent's retained presence (as a service account: the broker lets services publish anywhere). */
    public void presence(String tenant, String endpoint, boolean online) {
        String body = online ? "{\"status\":\"online\",\"at\":\"" + Instant.now() + "\",\"reason\":\"connected\"}"
                : "{\"status\":\"offline\",\"reason\":\"connection-lost\"}";
        registry.publish("edge/v1/" + tenant + "/" + endpoint + "/presence", body, true);
    }

    /**
     * Plays an agent's retained state report with one app in a phase.
     *
     * @param message the app's message; null for none
     */
    public void appState(String tenant, String endpoint, String app, int revision, String phase, String message) {
        appState(tenant, endpoint, app, revision, phase, message, "UTC");
    }

    /** {@link #appState(String, String, String, int, String, String)} from a machine in another time zone. */
    public void appState(String tenant, String endpoint, String app, int revision, String phase, String message,
                         String timezone) {
        String entry = "{\"name\":\"" + app + "\",\"revision\":" + revision + ",\"phase\":\"" + phase + "\""
                + (message == null ? "" : ",\"message\":\"" + message + "\"") + "}";
        String body = "{\"observedGeneration\":1,\"reportedAt\":\"" + Instant.now() + "\",\"facts\":{\"hostname\":\"h\","
                + "\"os\":\"linux\",\"arch\":\"amd64\",\"kernel\":\"6.1\",\"cpuCores\":2,\"memoryBytes\":1024,\"agentVersion\":\"1.0\",\"timezone\":\"" + timezone + "\"},"
                + "\"apps\":[" + entry + "]}";
        assertThat(JsonSchemas.load().validate("state", Json.parse(body.getBytes(StandardCharsets.UTF_8)))).as(body).isEmpty();
        registry.publish("edge/v1/" + tenant + "/" + endpoint + "/state", body, true);
    }

    /** Publishes raw bytes on a topic as the registry account (for invalid messages). */
    public void publishRaw(String topic, String payload) {
        registry.publish(topic, payload, false);
    }

    /** Waits until the event was applied and everything it queued has reached the broker. */
    public void awaitApplied(String eventId) {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> !sql("SELECT 1 FROM deployment.inbox WHERE event_id = ?", eventId).isEmpty());
        awaitOutboxEmpty();
    }

    /** Waits until the outbox relay has published everything queued. */
    public void awaitOutboxEmpty() {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> sql("SELECT 1 FROM deployment.outbox").isEmpty());
    }

    /** Every desired document (or clear) the observer received for the endpoint, in arrival order. */
    public List<MqttRecorder.Received> desiredMessages(String tenant, String endpoint) {
        String topic = "edge/v1/" + tenant + "/" + endpoint + "/desired";
        return observer.received(r -> r.topic().equals(topic));
    }

    /** Waits until the newest desired document the observer received for the endpoint satisfies {@code condition}. */
    public JsonNode awaitDesired(String tenant, String endpoint, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] latest = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<MqttRecorder.Received> messages = desiredMessages(tenant, endpoint);
            if (messages.isEmpty() || messages.get(messages.size() - 1).payload().isEmpty()) {
                return false;
            }
            latest[0] = Json.parse(messages.get(messages.size() - 1).payload().getBytes(StandardCharsets.UTF_8));
            return condition.test(latest[0]);
        });
        assertThat(JsonSchemas.load().validate("desired", latest[0])).isEmpty();
        return latest[0];
    }

    /**
     * What the broker retains for each desired topic of the tenant right now, read by a new subscriber: topic to
     * document. Waits until {@code expected} topics arrived, then a moment for any unexpected one.
     */
    public Map<String, JsonNode> retainedDesired(String tenant, int expected) {
        try (MqttRecorder fresh = new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"))) {
            fresh.subscribe("edge/v1/" + tenant + "/+/desired");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fresh.received().size() >= expected);
            sleep(500);
            Map<String, JsonNode> documents = new HashMap<>();
            for (MqttRecorder.Received message : fresh.received()) {
                assertThat(message.retained()).as("retained flag of %s", message.topic()).isTrue();
                JsonNode document = Json.parse(message.payload().getBytes(StandardCharsets.UTF_8));
                assertThat(JsonSchemas.load().validate("desired", document)).as("%s", message.payload()).isEmpty();
                documents.put(message.topic(), document);
            }
            return documents;
        }
    }

    /** A new MQTT client as the broker's {@code observer} service account, for a test's own subscriptions. */
    public MqttRecorder newObserver() {
        return new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"));
    }

    /** The fleet events the observer received, each parsed and its data checked against its schema. */
    public List<EventEnvelope> events(String shortType) {
        List<EventEnvelope> events = new ArrayList<>();
        for (MqttRecorder.Received message : observer.received(r -> r.topic().endsWith("/events/" + shortType))) {
            EventEnvelope event = EventEnvelope.parse(Buffer.buffer(message.payload()));
            assertThat(JsonSchemas.load().validate("events/" + shortType, event.data())).as(message.payload()).isEmpty();
            events.add(event);
        }
        return events;
    }

    /** The dead letters of the deployment service, as JSON documents. */
    public List<JsonNode> deadLetters() {
        return observer.received(r -> r.topic().equals("platform/v1/deadletter/deployment")).stream()
                .map(r -> Json.parse(r.payload().getBytes(StandardCharsets.UTF_8))).toList();
    }

    /** Runs a query on the service's database and returns the rows as column maps. */
    public List<Map<String, Object>> sql(String query, Object... params) {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + query, e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
            observer.close();
            result(service.close());
            result(vertx.close());
        } finally {
            broker.stop();
        }
    }
}
