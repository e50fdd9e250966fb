package io.edgefleet.tenancy.testing;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.TenancyConfig;
import io.edgefleet.tenancy.TenancyService;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * The tenancy service as it runs for real: a fresh PostgreSQL database, the real broker, {@link TenancyService#deploy},
 * an observer that records every fleet event, and every log line the JVM writes while the harness is open.
 */
public final class TenancyHarness implements AutoCloseable {

    public static final String ADMIN_EMAIL = "root@example.com";
    public static final String ADMIN_PASSWORD = "Tundra-Kettle-Marble-42";

    private final Map<String, String> env;
    private final DbConfig db;
    private final TestBroker broker;
    private final Vertx vertx = Vertx.vertx();
    private final MqttEventClient observer;
    private final List<EventEnvelope> events = Collections.synchronizedList(new ArrayList<>());
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final TenancyService service;

    private TenancyHarness(Map<String, String> extraEnv) {
        logs.start();
        root().addAppender(logs);
        db = TestPostgres.dbConfig();
        broker = TestBroker.start("tenancy", "observer");
        MqttConfig mqtt = broker.mqttConfig("tenancy");
        env = new HashMap<>();
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
        env.put("EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("EDGEFLEET_SECRET_KEY", SecretBox.generateKey());
        env.putAll(extraEnv);
        observer = MqttEventClient.create(vertx, broker.mqttConfig("observer"));
        result(observer.subscribe("fleet/v1/+/events/#", MqttQoS.AT_LEAST_ONCE,
                message -> events.add(EventEnvelope.parse(message.payload()))));
        result(observer.start());
        service = result(TenancyService.deploy(vertx, TenancyConfig.fromEnv(env)));
    }

    public static TenancyHarness start() {
        return new TenancyHarness(Map.of());
    }

    public static TenancyHarness start(Map<String, String> extraEnv) {
        return new TenancyHarness(extraEnv);
    }

    public TenancyService service() {
        return service;
    }

    /** The broker the service publishes to (service accounts {@code tenancy} and {@code observer}). */
    public TestBroker broker() {
        return broker;
    }

    public Http http() {
        return new Http(service.httpPort(), env.get("EDGEFLEET_INTERNAL_TOKEN"));
    }

    /** Deploys a second instance on the same database and broker with some variables replaced (port: any free one). */
    public io.vertx.core.Future<TenancyService> deployAnother(Map<String, String> overrides) {
        Map<String, String> other = new HashMap<>(env);
        other.put("EDGEFLEET_HTTP_PORT", "0");
        other.put("EDGEFLEET_MQTT_CLIENT_ID", "tenancy-" + UUID.randomUUID());
        other.putAll(overrides);
        return TenancyService.deploy(vertx, TenancyConfig.fromEnv(other));
    }

    public String internalToken() {
        return env.get("EDGEFLEET_INTERNAL_TOKEN");
    }

    /** The broker's {@code observer} service account with a client id of its own, for a test's MQTT client. */
    public MqttConfig observerAccount() {
        return broker.mqttConfig("observer");
    }

    public Http anonymousHttp() {
        return new Http(service.httpPort(), null);
    }

    /** Every event received so far; each one's data is checked against {@code events/<type>} when that schema exists. */
    public List<EventEnvelope> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Short types of the events about one subject, in arrival order. */
    public List<String> eventTypes(String subject) {
        return events().stream().filter(e -> subject.equals(e.subject())).map(EventEnvelope::shortType).toList();
    }

    /** Every formatted log line written so far (message, arguments filled in, and the throwable's text). */
    public List<String> logLines() {
        synchronized (logs) {
            return logs.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        }
    }

    /** Creates a user through the API and returns the 201 body. */
    public JsonNode createUser(String email, String password) {
        Http.Response response = http().post("/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"Test user\",\"password\":\"" + password + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    /** Rows of a query on the service's database, as column maps. */
    public List<Map<String, Object>> sql(String query) {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement statement = connection.prepareStatement(query);
             ResultSet rows = statement.executeQuery()) {
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                    row.put(rows.getMetaData().getColumnLabel(c), rows.getObject(c));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + query, e);
        }
    }

    public static JsonSchemas schemas() {
        return JsonSchemas.load();
    }

    @Override
    public void close() {
        try {
            result(service.close());
            result(observer.close());
            result(vertx.close());
        } finally {
            broker.close();
            root().detachAppender(logs);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
