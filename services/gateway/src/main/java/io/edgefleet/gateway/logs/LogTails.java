package io.edgefleet.gateway.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.gateway.Calls;
import io.edgefleet.gateway.access.Authorizer;
import io.edgefleet.gateway.auth.Caller;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/tenants/{t}/logs/stream?endpoint=&container=}: the live tail of the log lines the tenant's agents
 * ship, as Server-Sent Events. Each log batch that has lines for the stream is one message {@code event: logs},
 * {@code data: {"endpoint": "...", "lines": [{at, container, app?, stream, text}...]}}. Nothing is replayed: stored
 * lines are searched with {@code GET .../logs}.
 *
 * <p>The gateway subscribes to {@code edge/v1/{t}/+/logs} of a tenant when its first tail opens (and stays
 * subscribed). Each batch is checked before any line reaches a client: payloads over {@value #MAX_BATCH_BYTES} bytes
 * and batches that break {@code logs.schema.json} are skipped here (the telemetry service dead-letters and counts
 * them). A tail ends when its tenant is disabled or deleted, like the event stream.
 */
public final class LogTails {

    static final int MAX_BATCH_BYTES = 2 * 1024 * 1024;
    static final long KEEPALIVE_MILLIS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(LogTails.class);
    private static final Pattern ENDPOINT = Pattern.compile("^ep-[a-z2-7]{12}$");

    private final Vertx vertx;
    private final Authorizer authorizer;
    private final MqttEventClient mqtt;
    private final JsonSchemas schemas;
    private final Map<String, Set<Tail>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, Future<Void>> subscriptions = new ConcurrentHashMap<>();

    private record Tail(HttpServerResponse response, Caller caller, String tenant, Optional<String> endpoint,
                        Optional<String> container) {
    }

    public LogTails(Vertx vertx, Authorizer authorizer, MqttEventClient mqtt, JsonSchemas schemas) {
        this.vertx = vertx;
        this.authorizer = authorizer;
        this.mqtt = mqtt;
        this.schemas = schemas;
        vertx.setPeriodic(KEEPALIVE_MILLIS, id -> keepAliveAndPrune());
    }

    /** Opens a tail for the authorised caller of {@code logs.stream}. */
    public void open(RoutingContext ctx) {
        Caller caller = Calls.caller(ctx).orElseThrow();
        String tenant = Calls.operation(ctx).orElseThrow().tenant().orElseThrow();
        Optional<String> endpoint = QueryParams.single(ctx.queryParams(), "endpoint");
        if (endpoint.isPresent() && !ENDPOINT.matcher(endpoint.get()).matches()) {
            throw QueryParams.invalid("endpoint must be an endpoint id such as ep-abcdefgh2345");
        }
        Optional<String> container = QueryParams.single(ctx.queryParams(), "container");
        if (container.isPresent() && container.get().length() > 256) {
            throw QueryParams.invalid("container must be at most 256 characters");
        }
        subscriptions.computeIfAbsent(tenant, t -> mqtt.subscribe("edge/v1/" + t + "/+/logs", MqttQoS.AT_MOST_ONCE,
                        this::dispatch)
                .onFailure(e -> subscriptions.remove(t)))
                .onSuccess(subscribed -> {
                    HttpServerResponse response = ctx.response()
                            .setChunked(true)
                            .putHeader("Content-Type", "text/event-stream")
                            .putHeader("Cache-Control", "no-store")
                            .putHeader("X-Accel-Buffering", "no");
                    Tail tail = new Tail(response, caller, tenant, endpoint, container);
                    byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArraySet<>()).add(tail);
                    response.closeHandler(closed -> remove(tail));
                    response.write(": edgefleet log tail of tenant " + tenant + "\n\n");
                    LOG.debug("Log tail of tenant {} opened by {}", tenant, caller.principal());
                })
                .onFailure(e -> ctx.fail(ProblemException.badGateway("the broker refused the log subscription")));
    }

    /** How many tails are open (for tests). */
    public int openTails() {
        return byTenant.values().stream().mapToInt(Set::size).sum();
    }

    private void dispatch(InboundMessage message) {
        String[] levels = message.topic().split("/");
        if (levels.length != 5 || !"logs".equals(levels[4])) {
            return;
        }
        Set<Tail> tails = byTenant.get(levels[2]);
        if (tails == null || tails.isEmpty() || message.payload().length() > MAX_BATCH_BYTES) {
            return;
        }
        JsonNode batch;
        try {
            batch = Json.parse(message.payload());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!schemas.validate("logs", batch).isEmpty()) {
            return;
        }
        String endpoint = levels[3];
        for (Tail tail : tails) {
            if (tail.endpoint().isPresent() && !tail.endpoint().get().equals(endpoint)) {
                continue;
            }
            ObjectNode out = Json.mapper().createObjectNode().put("endpoint", endpoint);
            ArrayNode lines = out.putArray("lines");
            for (JsonNode line : batch.path("lines")) {
                if (tail.container().isEmpty() || tail.container().get().equals(line.path("container").asText())) {
                    lines.add(line);
                }
            }
            if (!lines.isEmpty()) {
                tail.response().write("event: logs\ndata: " + Json.write(out) + "\n\n");
            }
        }
    }

    /** Ends the tails of callers who may no longer see {@code tenant} (called when its status changes). */
    public void revalidate(String tenant) {
        Set<Tail> tails = byTenant.get(tenant);
        if (tails != null) {
            tails.forEach(this::endIfGone);
        }
    }

    private void keepAliveAndPrune() {
        byTenant.values().forEach(tails -> tails.forEach(tail -> {
            if (!endIfGone(tail)) {
                tail.response().write(": keepalive\n\n");
            }
        }));
    }

    private boolean endIfGone(Tail tail) {
        if (authorizer.callerTenants(tail.caller()).allows(tail.tenant())) {
            return false;
        }
        remove(tail);
        tail.response().end(": tenant no longer available\n\n");
        return true;
    }

    private void remove(Tail tail) {
        Set<Tail> tails = byTenant.get(tail.tenant());
        if (tails != null) {
            tails.remove(tail);
        }
    }
}
