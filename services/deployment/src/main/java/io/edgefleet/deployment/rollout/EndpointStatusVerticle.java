package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code endpoint_status} up to date from the agents' retained presence and state reports, which is what
 * rollouts judge progress by, and wakes the {@link RolloutTicker} after each. Not a shared subscription: shared ones
 * get no retained messages, and a restarted service must learn every endpoint's last word. Reports that break their
 * schema are dead-lettered by the {@link JsonIngress}; an older state report never overwrites a newer one.
 */
public final class EndpointStatusVerticle extends VerticleBase {

    private static final Pattern TOPIC = Pattern.compile(
            "^edge/v1/([a-z][a-z0-9-]{1,39})/(ep-[a-z2-7]{12})/(state|presence)$");
    private static final String STATE = """
            INSERT INTO endpoint_status (tenant, endpoint, observed_generation, apps, timezone, reported_at)
            VALUES ($1, $2, $3, $4::text::jsonb, $5, $6)
            ON CONFLICT (tenant, endpoint) DO UPDATE
               SET observed_generation = EXCLUDED.observed_generation, apps = EXCLUDED.apps,
                   timezone = EXCLUDED.timezone, reported_at = EXCLUDED.reported_at
             WHERE endpoint_status.reported_at IS NULL OR endpoint_status.reported_at <= EXCLUDED.reported_at""";
    private static final String PRESENCE = """
            INSERT INTO endpoint_status (tenant, endpoint, online, presence_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant, endpoint) DO UPDATE SET online = EXCLUDED.online, presence_at = EXCLUDED.presence_at""";

    private final Pool pool;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final RolloutTicker ticker;

    public EndpointStatusVerticle(Pool pool, MqttEventClient mqtt, JsonIngress ingress, RolloutTicker ticker) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public Future<?> start() {
        return mqtt.subscribeRetrying("edge/v1/+/+/state", MqttQoS.AT_LEAST_ONCE, this::onMessage)
                .compose(v -> mqtt.subscribeRetrying("edge/v1/+/+/presence", MqttQoS.AT_LEAST_ONCE, this::onMessage));
    }

    private Future<?> onMessage(InboundMessage message) {
        Matcher topic = TOPIC.matcher(message.topic());
        if (!topic.matches() || message.payload().length() == 0) {
            // a cleared retained report (endpoint deleted) or a topic of no endpoint: nothing to learn
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String endpoint = topic.group(2);
        boolean state = "state".equals(topic.group(3));
        JsonNode report = ingress.parse(message, state ? "state" : "presence").orElse(null);
        if (report == null) {
            return Future.succeededFuture();
        }
        Future<?> stored = state ? storeState(tenant, endpoint, report) : storePresence(tenant, endpoint, report);
        return stored.onSuccess(v -> ticker.wake());
    }

    private Future<?> storeState(String tenant, String endpoint, JsonNode report) {
        ArrayNode apps = JsonNodeFactory.instance.arrayNode();
        for (JsonNode app : report.path("apps")) {
            // only what rollouts read; the console gets the full report from the broker
            ObjectNode entry = apps.addObject().put("name", app.path("name").asText())
                    .put("phase", app.path("phase").asText());
            entry.set("revision", app.get("revision"));
            entry.set("message", app.get("message"));
        }
        return pool.preparedQuery(STATE).execute(Tuple.tuple().addString(tenant).addString(endpoint)
                .addLong(report.get("observedGeneration").asLong()).addString(Json.write(apps))
                .addString(report.path("facts").path("timezone").asText(null))
                .addOffsetDateTime(OffsetDateTime.parse(report.get("reportedAt").asText())));
    }

    private Future<?> storePresence(String tenant, String endpoint, JsonNode presence) {
        // the Last Will has no time of its own: it counts from when it arrived
        OffsetDateTime at = presence.hasNonNull("at") ? OffsetDateTime.parse(presence.get("at").asText())
                : OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery(PRESENCE).execute(Tuple.of(tenant, endpoint,
                "online".equals(presence.path("status").asText()), at));
    }
}
