package io.edgefleet.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.registry.RegistryConfig;
import io.edgefleet.registry.RegistryService;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The registry as it runs for real: a fresh PostgreSQL database, the real broker (whose extension asks this
 * registry about agents) and {@link RegistryService#deploy}. Also an observer connected as a service account
 * that records every event and dead letter.
 */
public final class RegistryHarness implements AutoCloseable {

    public static final String TENANT = "default";

    private final Map<String, String> env;
    private final DbConfig db;
    private final TestBroker broker;
    private final Vertx vertx;
    private final MqttTestClient observer;
    private RegistryService registry;

    private RegistryHarness(Map<String, String> env, DbConfig db, TestBroker broker, Vertx vertx,
                            MqttTestClient observer) {
        this.env = env;
        this.db = db;
        this.broker = broker;
        this.vertx = vertx;
        this.observer = observer;
    }

    public static RegistryHarness start() {
        return start(Map.of());
    }

    /** @param extraEnv variables added to (or replacing) the registry's test environment */
    public static RegistryHarness start(Map<String, String> extraEnv) {
        int httpPort = FreePorts.next();
        String token = "internal-" + UUID.randomUUID();
        DbConfig db = TestPostgres.dbConfig();
        TestBroker broker = TestBroker.start(URI.create("http://127.0.0.1:" + httpPort), token, "registry", "observer");
        MqttConfig mqtt = broker.mqttConfig("registry");
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_HTTP_HOST", "127.0.0.1");
        env.put("EDGEFLEET_HTTP_PORT", String.valueOf(httpPort));
        env.put("EDGEFLEET_DB_HOST", db.host());
        env.put("EDGEFLEET_DB_PORT", String.valueOf(db.port()));
        env.put("EDGEFLEET_DB_NAME", db.database());
        env.put("EDGEFLEET_DB_USER", db.user());
        env.put("EDGEFLEET_DB_PASSWORD", db.password());
        env.put("EDGEFLEET_MQTT_HOST", mqtt.host());
        env.put("EDGEFLEET_MQTT_PORT", String.valueOf(mqtt.port()));
        env.put("EDGEFLEET_MQTT_PASSWORD", mqtt.password());
        env.put("EDGEFLEET_MQTT_CLIENT_ID", mqtt.clientId());
        env.put("EDGEFLEET_INTERNAL_TOKEN", token);
        env.put("EDGEFLEET_PUBLIC_BROKER_URL", "tcp://127.0.0.1:" + mqtt.port());
        env.put("EDGEFLEET_PUBLIC_GATEWAY_URL", "https://edgefleet.example.com/");
        env.putAll(extraEnv);
        MqttTestClient observer = MqttTestClient.service(broker.host(), broker.port(), "observer", broker.secret("observer"));
        observer.subscribe("fleet/v1/+/events/#");
        observer.subscribe("platform/v1/deadletter/#");
        RegistryHarness harness = new RegistryHarness(env, db, broker, Vertx.vertx(), observer);
        harness.deploy();
        return harness;
    }

    /** Deploys the registry (again, after {@link #stopRegistry()}) on the same database and broker. */
    public void deploy() {
        registry = await(RegistryService.deploy(vertx, RegistryConfig.fromEnv(env)));
    }

    public void stopRegistry() {
        await(registry.close());
        registry = null;
    }

    public Http http() {
        return new Http(registry.httpPort(), env.get("EDGEFLEET_INTERNAL_TOKEN"));
    }

    public Http anonymousHttp() {
        return new Http(registry.httpPort(), null);
    }

    public String internalToken() {
        return env.get("EDGEFLEET_INTERNAL_TOKEN");
    }

    public TestBroker broker() {
        return broker;
    }

    /** A new agent connection for an endpoint, with a Last Will when {@code will} is not null. */
    public MqttTestClient agent(String endpointId, String secret, String will) {
        return agent(TENANT, endpointId, secret, will);
    }

    /** A new agent connection for an endpoint of {@code tenant} (its Last Will topic names that tenant). */
    public MqttTestClient agent(String tenant, String endpointId, String secret, String will) {
        return MqttTestClient.agent(broker.host(), broker.port(), tenant, endpointId, secret, will);
    }

    /** A new connection as integration key {@code keyId}. */
    public MqttTestClient integrationKey(String keyId, String secret) {
        return MqttTestClient.integrationKey(broker.host(), broker.port(), keyId, secret);
    }

    /**
     * Plays the tenancy service: publishes the tenant's retained snapshot (and, for a status change, its
     * {@code tenant.disabled} / {@code tenant.enabled} event, which the broker acts on) and waits until the registry
     * holds the tenant with that status.
     */
    public void tenant(String tenant, String status) {
        String before = tenantStatus(tenant);
        try (MqttTestClient tenancy = service()) {
            tenancy.publish("fleet/v1/" + tenant + "/tenant", "{\"tenant\":\"" + tenant + "\",\"displayName\":\"Tenant "
                    + tenant + "\",\"status\":\"" + status + "\",\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"" + Instant.now() + "\"}", true);
            if (before != null && !before.equals(status)) {
                String type = status.equals("active") ? "tenant.enabled" : "tenant.disabled";
                tenancy.publish("fleet/v1/" + tenant + "/events/" + type, tenantEvent(type, tenant, status), false);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(tenantStatus(tenant)));
    }

    /** Plays the tenancy service deleting a tenant: tenant.deleted, then the cleared retained snapshot. */
    public void deleteTenant(String tenant) {
        try (MqttTestClient tenancy = service()) {
            tenancy.publish("fleet/v1/" + tenant + "/events/tenant.deleted", tenantEvent("tenant.deleted", tenant, "disabled"),
                    false);
            tenancy.publish("fleet/v1/" + tenant + "/tenant", new byte[0], true);
        }
    }

    /** A tenant.* CloudEvent as the tenancy service writes it. */
    public static String tenantEvent(String type, String tenant, String status) {
        return EventEnvelope.create("tenancy", type, tenant, tenant,
                Map.of("tenant", tenant, "displayName", "Tenant " + tenant, "status", status)).toJson();
    }

    /** The tenant's status in the registry's table, null when the registry does not know it. */
    public String tenantStatus(String tenant) {
        List<Map<String, Object>> rows = sql("SELECT status FROM registry.tenants WHERE id = ?", tenant);
        return rows.isEmpty() ? null : (String) rows.get(0).get("status");
    }

    /** A service-account connection that may publish anywhere (to play agents of unknown endpoints). */
    public MqttTestClient service() {
        return MqttTestClient.service(broker.host(), broker.port(), "observer", broker.secret("observer"));
    }

    /** Creates an endpoint through the API; returns the 201 body (with id and secret). */
    public JsonNode createEndpoint(String name, String labelsJson) {
        String body = labelsJson == null ? "{\"name\":\"" + name + "\"}"
                : "{\"name\":\"" + name + "\",\"labels\":" + labelsJson + "}";
        Http.Response response = http().post("/api/v1/tenants/default/endpoints", body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    public JsonNode endpoint(String id) {
        Http.Response response = http().get("/api/v1/tenants/default/endpoints/" + id);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    public String status(String id) {
        return endpoint(id).path("status").asText();
    }

    /**
     * Every event received so far, in arrival order; each is checked against {@code cloudevent} and its
     * data against {@code events/<type>} (a schema violation fails the test).
     */
    public List<EventEnvelope> events() {
        return events(r -> r.topic().startsWith("fleet/"));
    }

    private List<EventEnvelope> events(Predicate<MqttTestClient.Received> which) {
        List<EventEnvelope> events = new ArrayList<>();
        for (MqttTestClient.Received message : observer.received(which)) {
            JsonNode raw = Json.parse(message.payload().getBytes(StandardCharsets.UTF_8));
            assertThat(JsonSchemas.load().validate("cloudevent", raw)).as("envelope of %s", message.payload()).isEmpty();
            EventEnvelope event = EventEnvelope.parse(Buffer.buffer(message.payload()));
            assertThat(message.topic()).isEqualTo(event.topic());
            assertThat(JsonSchemas.load().validate("events/" + event.shortType(), event.data()))
                    .as("data of %s", message.payload()).isEmpty();
            events.add(event);
        }
        return events;
    }

    /** Events of one type about one subject (endpoint or key id), checked like {@link #events()}. */
    public List<EventEnvelope> events(String shortType, String subject) {
        return events(r -> r.topic().startsWith("fleet/") && r.topic().endsWith("/events/" + shortType)).stream()
                .filter(e -> subject.equals(e.subject()))
                .toList();
    }

    public List<JsonNode> deadLetters() {
        return observer.received(r -> r.topic().equals("platform/v1/deadletter/registry")).stream()
                .map(r -> Json.parse(r.payload().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    /** Runs a query on the registry's database and returns the rows as column maps. */
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

    /** The metric's value summed over its series with the given tag, from /metrics. */
    public double metric(String name, String tagFilter) {
        Http.Response response = anonymousHttp().get("/metrics");
        double sum = 0;
        for (String line : response.text().split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && (tagFilter == null || line.contains(tagFilter))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        try {
            observer.close();
            if (registry != null) {
                stopRegistry();
            }
            await(vertx.close());
        } finally {
            broker.stop();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("registry operation failed: " + e.getMessage(), e);
        }
    }
}
