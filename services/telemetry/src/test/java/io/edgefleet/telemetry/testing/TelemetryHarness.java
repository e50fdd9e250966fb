package io.edgefleet.telemetry.testing;

import static io.edgefleet.kit.testing.Await.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.testing.MqttRecorder;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.telemetry.TelemetryConfig;
import io.edgefleet.telemetry.TelemetryService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The telemetry service as it runs for real: a fresh PostgreSQL database, the real broker and
 * {@link TelemetryService#deploy}. A {@code svc:agent} connection stands for agents and the registry (service
 * accounts may publish anywhere), an observer records fleet events and dead letters.
 */
public final class TelemetryHarness implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private final Map<String, String> env = new HashMap<>();
    private final DbConfig db;
    private final TestBroker broker;
    // metrics switched on as in Main, so /metrics shows what it shows in production (pool, HTTP server)
    private final PrometheusMeterRegistry meters = Metrics.registry();
    private final Vertx vertx = Metrics.vertx(meters);
    private final MqttRecorder agent;
    private final MqttRecorder observer;
    private final TelemetryService service;

    private TelemetryHarness(Map<String, String> moreEnv) {
        db = TestPostgres.dbConfig();
        broker = TestBroker.start("telemetry", "agent", "observer");
        MqttConfig mqtt = broker.mqttConfig("telemetry");
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
        env.putAll(moreEnv);
        agent = new MqttRecorder(broker.host(), broker.port(), "agent", broker.secret("agent"));
        observer = new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"))
                .subscribe("fleet/v1/+/events/#").subscribe("platform/v1/deadletter/#");
        service = result(TelemetryService.deploy(vertx, TelemetryConfig.fromEnv(env), meters));
    }

    public static TelemetryHarness start() {
        return new TelemetryHarness(Map.of());
    }

    /** The service with some settings changed. */
    public static TelemetryHarness start(Map<String, String> moreEnv) {
        return new TelemetryHarness(moreEnv);
    }

    /**
     * Another instance of the service on the same database and broker, with its own HTTP port and MQTT client id: a
     * second replica, or the service after a restart once the caller closed the previous replica.
     */
    public TelemetryService startReplica(Map<String, String> moreEnv) {
        Map<String, String> replica = new HashMap<>(env);
        replica.put("EDGEFLEET_HTTP_PORT", String.valueOf(FreePorts.next()));
        replica.put("EDGEFLEET_MQTT_CLIENT_ID", env.get("EDGEFLEET_MQTT_CLIENT_ID") + "-" + UUID.randomUUID().toString().substring(0, 8));
        replica.putAll(moreEnv);
        return result(TelemetryService.deploy(vertx, TelemetryConfig.fromEnv(replica)));
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

    /** The registry behind the service's {@code /metrics}, for reading its meters without HTTP. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The service's HTTP port. */
    public int httpPort() {
        return service.httpPort();
    }

    /** A new endpoint id in the registry's format. */
    public static String newEndpointId() {
        StringBuilder id = new StringBuilder("ep-");
        for (int i = 0; i < 12; i++) {
            id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    /** Publishes as an agent or the registry would (the {@code svc:agent} account may publish anywhere). */
    public void publish(String topic, String payload, boolean retain) {
        agent.publish(topic, payload, retain);
    }

    /** A new MQTT client as the broker's {@code observer} service account, for a test's own subscriptions. */
    public MqttRecorder newObserver() {
        return new MqttRecorder(broker.host(), broker.port(), "observer", broker.secret("observer"));
    }

    /** The broker, e.g. for a test's own clients. */
    public TestBroker broker() {
        return broker;
    }

    /** Fleet events the observer received on {@code fleet/v1/+/events/<shortType>}, as JSON documents. */
    public List<JsonNode> events(String shortType) {
        return observer.received(r -> r.topic().endsWith("/events/" + shortType)).stream()
                .map(r -> Json.parse(r.payload().getBytes(StandardCharsets.UTF_8))).toList();
    }

    /** The dead letters of the telemetry service, as JSON documents. */
    public List<JsonNode> deadLetters() {
        return observer.received(r -> r.topic().equals("platform/v1/deadletter/telemetry")).stream()
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
            if (!statement.execute()) {
                return rows;
            }
            try (ResultSet result = statement.getResultSet()) {
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

    /** The database the service uses, e.g. for a benchmark's own JDBC connection. */
    public DbConfig db() {
        return db;
    }

    @Override
    public void close() {
        try {
            agent.close();
            observer.close();
            result(service.close());
            result(vertx.close());
        } finally {
            broker.stop();
        }
    }
}
