package io.edgefleet.gateway.events;

import io.edgefleet.gateway.Calls;
import io.edgefleet.gateway.access.Authorizer;
import io.edgefleet.gateway.access.Role;
import io.edgefleet.gateway.auth.Caller;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/tenants/{t}/events}: the tenant's platform events as a Server-Sent Events stream, for the
 * console and for analytics that cannot speak MQTT. Each event is one SSE message: {@code id} = CloudEvent id,
 * {@code event} = short type, {@code data} = the CloudEvent JSON. {@code ?types=endpoint.,tenant.} keeps only the
 * types starting with one of the prefixes. Audit entries are streamed to tenant admins only, as their listing is.
 *
 * <p>The gateway subscribes once to {@code fleet/v1/+/events/#} and hands each event to the streams of the tenant
 * its topic names, and only when the CloudEvent's own tenant agrees. A stream ends as soon as its tenant is
 * disabled or deleted; a membership removed in tenancy ends it when the caller reconnects with a new token.
 */
public final class EventStreams {

    public static final String FILTER = "fleet/v1/+/events/#";
    static final long KEEPALIVE_MILLIS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    private static final Pattern TYPE_PREFIX = Pattern.compile("^[a-z][a-z0-9.-]{0,63}$");

    private final Vertx vertx;
    private final Authorizer authorizer;
    private final Map<String, Set<Stream>> byTenant = new ConcurrentHashMap<>();

    private record Stream(HttpServerResponse response, Caller caller, String tenant, List<String> types,
                          boolean seesAudit) {
    }

    public EventStreams(Vertx vertx, Authorizer authorizer) {
        this.vertx = vertx;
        this.authorizer = authorizer;
    }

    /** Subscribes to every tenant's events; completes once the broker accepted. */
    public Future<Void> subscribe(MqttEventClient mqtt) {
        vertx.setPeriodic(KEEPALIVE_MILLIS, id -> keepAliveAndPrune());
        return mqtt.subscribe(FILTER, MqttQoS.AT_LEAST_ONCE, this::dispatch);
    }

    /** Opens a stream for the authorised caller of {@code events.stream}. */
    public void open(RoutingContext ctx) {
        Caller caller = Calls.caller(ctx).orElseThrow();
        String tenant = Calls.operation(ctx).orElseThrow().tenant().orElseThrow();
        List<String> types = ctx.queryParam("types").stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(String::strip).filter(type -> !type.isEmpty()).toList();
        for (String type : types) {
            if (!TYPE_PREFIX.matcher(type).matches()) {
                throw ProblemException.badRequest("invalid-parameter",
                        "types must be comma-separated event type prefixes such as 'endpoint.'");
            }
        }
        boolean seesAudit = caller.platformAdmin()
                || caller.roleIn(tenant).map(role -> role.covers(Role.TENANT_ADMIN)).orElse(false);
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        Stream stream = new Stream(response, caller, tenant, types, seesAudit);
        byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArraySet<>()).add(stream);
        response.closeHandler(closed -> remove(stream));
        response.write(": edgefleet events of tenant " + tenant + "\n\n");
        LOG.debug("Event stream of tenant {} opened by {}", tenant, caller.principal());
    }

    /** How many streams are open (for metrics and tests). */
    public int openStreams() {
        return byTenant.values().stream().mapToInt(Set::size).sum();
    }

    private void dispatch(InboundMessage message) {
        String[] levels = message.topic().split("/");
        if (levels.length < 5) {
            return;
        }
        Set<Stream> streams = byTenant.get(levels[2]);
        if (streams == null || streams.isEmpty()) {
            return;
        }
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.payload());
        } catch (IllegalArgumentException e) {
            return; // the owning services dead-letter malformed events; a stream just never shows them
        }
        if (!levels[2].equals(event.tenant())) {
            return;
        }
        String type = event.shortType();
        String frame = "id: " + event.id() + "\nevent: " + type + "\ndata: " + event.toJson() + "\n\n";
        for (Stream stream : streams) {
            if (wants(stream, type)) {
                stream.response().write(frame);
            }
        }
    }

    private static boolean wants(Stream stream, String type) {
        if (type.startsWith("audit.") && !stream.seesAudit()) {
            return false;
        }
        return stream.types().isEmpty() || stream.types().stream().anyMatch(type::startsWith);
    }

    /** Ends the streams of callers who may no longer see {@code tenant} (called when its status changes). */
    public void revalidate(String tenant) {
        Set<Stream> streams = byTenant.get(tenant);
        if (streams != null) {
            streams.forEach(this::endIfGone);
        }
    }

    private void keepAliveAndPrune() {
        byTenant.values().forEach(streams -> streams.forEach(stream -> {
            if (!endIfGone(stream)) {
                stream.response().write(": keepalive\n\n");
            }
        }));
    }

    private boolean endIfGone(Stream stream) {
        if (authorizer.callerTenants(stream.caller()).allows(stream.tenant())) {
            return false;
        }
        remove(stream);
        stream.response().end(": tenant no longer available\n\n");
        return true;
    }

    private void remove(Stream stream) {
        Set<Stream> streams = byTenant.get(stream.tenant());
        if (streams != null) {
            streams.remove(stream);
        }
    }
}
