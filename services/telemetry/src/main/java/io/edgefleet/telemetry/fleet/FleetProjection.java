package io.edgefleet.telemetry.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the fleet projection up to date from three retained topics: the registry's endpoint snapshots
 * ({@code fleet/v1/+/endpoints/+}, schema {@code endpoint-state}; an empty payload = deleted), the agents' presence
 * ({@code edge/v1/+/+/presence}) and their state reports ({@code edge/v1/+/+/state}, each app's phase).
 * Subscriptions are not shared (shared subscriptions get no retained messages): every replica applies everything,
 * which is harmless because every write is idempotent. Messages are applied one after another, in arrival order;
 * a message that is not JSON, breaks its schema or whose topic disagrees with its body is dead-lettered.
 */
public final class FleetProjection extends VerticleBase {

    public static final String SNAPSHOTS = "fleet/v1/+/endpoints/+";
    public static final String PRESENCE = "edge/v1/+/+/presence";
    public static final String STATE = "edge/v1/+/+/state";

    private static final String TENANT = "([a-z][a-z0-9-]{1,39})";
    private static final String ENDPOINT = "(ep-[a-z2-7]{12})";
    private static final Pattern SNAPSHOT_TOPIC = Pattern.compile("^fleet/v1/" + TENANT + "/endpoints/" + ENDPOINT + "$");
    private static final Pattern EDGE_TOPIC = Pattern.compile("^edge/v1/" + TENANT + "/" + ENDPOINT + "/(presence|state)$");

    private final FleetStore store;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private Future<?> tail = Future.succeededFuture();

    public FleetProjection(FleetStore store, MqttEventClient mqtt, JsonIngress ingress, DeadLetters deadLetters) {
        this.store = Objects.requireNonNull(store, "store");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public Future<?> start() {
        return Future.all(mqtt.subscribeRetrying(SNAPSHOTS, MqttQoS.AT_LEAST_ONCE, this::onSnapshot),
                mqtt.subscribeRetrying(PRESENCE, MqttQoS.AT_LEAST_ONCE, this::onEdge),
                mqtt.subscribeRetrying(STATE, MqttQoS.AT_LEAST_ONCE, this::onEdge));
    }

    @Override
    public Future<?> stop() {
        return tail.recover(e -> Future.succeededFuture());
    }

    private Future<?> onSnapshot(InboundMessage message) {
        Matcher topic = SNAPSHOT_TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not an endpoint snapshot topic fleet/v1/{tenant}/endpoints/{endpoint}");
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String endpoint = topic.group(2);
        if (message.payload().length() == 0) {
            return inOrder(() -> store.deleted(tenant, endpoint));
        }
        JsonNode snapshot = ingress.parse(message, "endpoint-state").orElse(null);
        if (snapshot == null || !matchesTopic(message, snapshot, tenant, endpoint)) {
            return Future.succeededFuture();
        }
        OffsetDateTime updatedAt = time(message, snapshot, "updatedAt");
        if (updatedAt == null) {
            return Future.succeededFuture();
        }
        return inOrder(() -> store.snapshot(tenant, endpoint, snapshot.get("name").asText(), snapshot.get("labels"),
                updatedAt));
    }

    private boolean matchesTopic(InboundMessage message, JsonNode snapshot, String tenant, String endpoint) {
        if (tenant.equals(snapshot.get("tenant").asText()) && endpoint.equals(snapshot.get("endpointId").asText())) {
            return true;
        }
        deadLetters.reject(message, "topic-mismatch: snapshot of " + snapshot.get("endpointId").asText() + " in tenant '"
                + snapshot.get("tenant").asText() + "' on " + message.topic());
        return false;
    }

    private Future<?> onEdge(InboundMessage message) {
        Matcher topic = EDGE_TOPIC.matcher(message.topic());
        if (!topic.matches()) {
            deadLetters.reject(message, "topic: not edge/v1/{tenant}/{endpoint}/presence or /state");
            return Future.succeededFuture();
        }
        if (message.payload().length() == 0) {
            // a cleared retained topic carries no news: the endpoint's deletion arrives with its snapshot
            return Future.succeededFuture();
        }
        String tenant = topic.group(1);
        String endpoint = topic.group(2);
        return topic.group(3).equals("presence") ? onPresence(message, tenant, endpoint)
                : onState(message, tenant, endpoint);
    }

    private Future<?> onPresence(InboundMessage message, String tenant, String endpoint) {
        JsonNode presence = ingress.parse(message, "presence").orElse(null);
        if (presence == null) {
            return Future.succeededFuture();
        }
        // the Last Will carries no time: the broker sent it when the connection was lost, that is now
        OffsetDateTime at = presence.has("at") ? time(message, presence, "at") : OffsetDateTime.now(ZoneOffset.UTC);
        if (at == null) {
            return Future.succeededFuture();
        }
        boolean online = presence.get("status").asText().equals("online");
        return inOrder(() -> store.presence(tenant, endpoint, online, at));
    }

    private Future<?> onState(InboundMessage message, String tenant, String endpoint) {
        JsonNode state = ingress.parse(message, "state").orElse(null);
        if (state == null) {
            return Future.succeededFuture();
        }
        OffsetDateTime reportedAt = time(message, state, "reportedAt");
        if (reportedAt == null) {
            return Future.succeededFuture();
        }
        List<FleetStore.AppPhase> apps = new ArrayList<>();
        for (JsonNode app : state.path("apps")) {
            OffsetDateTime since = app.has("since") ? time(message, app, "since") : reportedAt;
            if (since == null) {
                return Future.succeededFuture();
            }
            apps.add(new FleetStore.AppPhase(app.get("name").asText(), app.get("phase").asText(), since, app.has("since"),
                    app.has("message") ? app.get("message").asText() : null));
        }
        return inOrder(() -> store.apps(tenant, endpoint, apps));
    }

    private OffsetDateTime time(InboundMessage message, JsonNode node, String field) {
        try {
            return OffsetDateTime.parse(node.get(field).asText());
        } catch (DateTimeParseException e) {
            deadLetters.reject(message, "schema: /" + field + ": " + e.getMessage());
            return null;
        }
    }

    /** Applies updates one after the other, in arrival order; the future is this one's. */
    private Future<?> inOrder(Supplier<Future<?>> task) {
        tail = tail.transform(ignored -> task.get());
        return tail;
    }
}
