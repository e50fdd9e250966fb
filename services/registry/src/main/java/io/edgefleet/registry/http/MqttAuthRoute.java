package io.edgefleet.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.registry.endpoint.Credentials;
import io.edgefleet.registry.endpoint.RegistryQueries;
import io.edgefleet.registry.integration.IntegrationKey;
import io.edgefleet.registry.integration.IntegrationKeyStore;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's authentication API, {@code POST /internal/v1/mqtt/auth} (EMQX's HTTP authentication shape):
 * allow when client id and username are the same existing endpoint id, or the same {@code int:<key id>} of an
 * integration key that has not expired, the password hashes to the stored SHA-256, and the tenant is active; deny
 * otherwise. The tenant in the answer is always the stored one. One indexed lookup per call; the password is never
 * logged.
 */
final class MqttAuthRoute {

    static final String PATH = "/internal/v1/mqtt/auth";
    static final String TIMER = "edgefleet_registry_mqtt_auth";

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthRoute.class);
    private static final String SCHEMA = "rest/mqtt-auth-request";
    // hashing against this when the endpoint is unknown keeps unknown and known ids equally slow
    private static final String NO_SUCH_HASH = "0".repeat(64);

    private final Pool pool;
    private final JsonSchemas schemas;
    private final Timer allowed;
    private final Timer denied;

    MqttAuthRoute(Pool pool, JsonSchemas schemas, MeterRegistry meters) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.allowed = timer(meters, "allow");
        this.denied = timer(meters, "deny");
    }

    void mount(Router router) {
        router.post(PATH).handler(this::authenticate);
    }

    private void authenticate(RoutingContext ctx) {
        long started = System.nanoTime();
        JsonNode body = Bodies.json(ctx);
        List<FieldError> errors = schemas.validate(SCHEMA, body).stream()
                .map(v -> new FieldError(v.field(), v.message())).toList();
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "invalid-request", "Bad request",
                    "body does not match rest/mqtt-auth-request", errors);
        }
        String clientId = body.get("clientId").asText();
        String username = body.get("username").asText();
        String password = body.get("password").asText();
        decide(clientId, username, password)
                .onSuccess(answer -> {
                    boolean allow = "allow".equals(answer.get("result").asText());
                    (allow ? allowed : denied).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    LOG.debug("MQTT connect of client {} as {}: {}", clientId, username, allow ? "allow" : "deny");
                    ctx.response().putHeader("Content-Type", "application/json").end(Json.write(answer));
                })
                .onFailure(ctx::fail);
    }

    private Future<ObjectNode> decide(String clientId, String username, String password) {
        if (!username.equals(clientId)) {
            return Future.succeededFuture(deny());
        }
        if (username.startsWith(IntegrationKey.USERNAME_PREFIX)) {
            String keyId = username.substring(IntegrationKey.USERNAME_PREFIX.length());
            return Credentials.isIntegrationKeyId(keyId) ? decideKey(keyId, password) : Future.succeededFuture(deny());
        }
        if (!Credentials.isEndpointId(username)) {
            return Future.succeededFuture(deny());
        }
        return pool.preparedQuery(RegistryQueries.AUTH_LOOKUP).execute(Tuple.of(username)).map(rows -> {
            if (rows.size() == 0) {
                Credentials.matches(password, NO_SUCH_HASH);
                return deny();
            }
            Row row = rows.iterator().next();
            if (!Credentials.matches(password, row.getString("secret_sha256"))) {
                return deny();
            }
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("result", "allow").put("is_superuser", false);
            answer.putObject("client_attrs")
                    .put("kind", "agent")
                    .put("tenant", row.getString("tenant"))
                    .put("endpoint", username);
            return answer;
        });
    }

    private Future<ObjectNode> decideKey(String keyId, String password) {
        return pool.preparedQuery(IntegrationKeyStore.AUTH_LOOKUP).execute(Tuple.of(keyId)).map(rows -> {
            if (rows.size() == 0) {
                Credentials.matches(password, NO_SUCH_HASH);
                return deny();
            }
            Row row = rows.iterator().next();
            if (!Credentials.matches(password, row.getString("secret_sha256"))) {
                return deny();
            }
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("result", "allow").put("is_superuser", false);
            ObjectNode attrs = answer.putObject("client_attrs")
                    .put("kind", "integration")
                    .put("tenant", row.getString("tenant"))
                    .put("key", keyId);
            OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
            if (expiresAt != null) {
                attrs.put("expiresAt", expiresAt.toInstant().toString());
            }
            return answer;
        });
    }

    private static ObjectNode deny() {
        return JsonNodeFactory.instance.objectNode().put("result", "deny");
    }

    private static Timer timer(MeterRegistry meters, String result) {
        return Timer.builder(TIMER).description("Time to answer the broker's authentication call")
                .tag("result", result).register(meters);
    }
}
