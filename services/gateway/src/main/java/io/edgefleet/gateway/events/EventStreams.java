package io.edgefleet.gateway.events;

import io.edgefleet.gateway.Calls;
import io.edgefleet.gateway.access.Authorizer;
import io.edgefleet.gateway.access.Role;
import io.edgefleet.gateway.auth.Caller;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p><b>Resume.</b> A client that reconnects with {@code Last-Event-ID} (or {@code ?lastEventId=} where it cannot set
 * headers) gets every event after that one first, then the live ones, none twice: the stream is registered at once
 * but buffers live events; the events after the given id are read page by page from the telemetry service's event
 * log ({@link EventLogClient}) and written; then the buffered live events not already written are flushed, and the
 * stream goes live. When the event log no longer knows the id (unknown, or past its retention), the stream first
 * sends an {@code event: resume-point-gone} message (no {@code id}, so the client's last id stays) and then replays
 * from the oldest retained event. When the event log cannot be read, the stream sends {@code event: resume-failed}
 * and ends, so that the client reconnects with the same id instead of silently missing events.
 */
public final class EventStreams {

    public static final String FILTER = "fleet/v1/+/events/#";
    static final long KEEPALIVE_MILLIS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    private static final Pattern TYPE_PREFIX = Pattern.compile("^[a-z][a-z0-9.-]{0,63}$");

    /** Live events a resuming stream holds back at most; beyond that it ends as {@code resume-failed}. */
    static final int MAX_BUFFERED = 10_000;
    private static final Pattern EVENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private final Vertx vertx;
    private final Authorizer authorizer;
    private final EventLogClient eventLog;
    private final Map<String, Set<Stream>> byTenant = new ConcurrentHashMap<>();

    /** One open stream; touched only on the gateway verticle's event loop. */
    private static final class Stream {
        private final HttpServerResponse response;
        private final Caller caller;
        private final String tenant;
        private final List<String> types;
        private final boolean seesAudit;
        /** Live frames held back while resuming; null once live. */
        private List<Frame> held;
        /** Ids written by the resume, so that held live frames are not written twice. */
        private Set<String> replayed;
        private boolean closed;

        private Stream(HttpServerResponse response, Caller caller, String tenant, List<String> types,
                       boolean seesAudit) {
            this.response = response;
            this.caller = caller;
            this.tenant = tenant;
            this.types = types;
            this.seesAudit = seesAudit;
        }
    }

    private record Frame(String id, String text) {
        static Frame of(EventEnvelope event) {
            return new Frame(event.id(), "id: " + event.id() + "\nevent: " + event.shortType() + "\ndata: "
                    + event.toJson() + "\n\n");
        }
    }

    public EventStreams(Vertx vertx, Authorizer authorizer, EventLogClient eventLog) {
        this.vertx = vertx;
        this.authorizer = authorizer;
        this.eventLog = eventLog;
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
        Optional<String> lastEventId = Optional.ofNullable(ctx.request().getHeader("Last-Event-ID"))
                .map(String::strip).filter(id -> !id.isEmpty())
                .or(() -> QueryParams.single(ctx.queryParams(), "lastEventId"));
        if (lastEventId.isPresent() && !EVENT_ID.matcher(lastEventId.get()).matches()) {
            throw ProblemException.badRequest("invalid-parameter",
                    "Last-Event-ID / lastEventId must be the id of an event this stream sent");
        }
        boolean seesAudit = caller.platformAdmin()
                || caller.roleIn(tenant).map(role -> role.covers(Role.TENANT_ADMIN)).orElse(false);
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        Stream stream = new Stream(response, caller, tenant, types, seesAudit);
        if (lastEventId.isPresent()) {
            stream.held = new ArrayList<>();
            stream.replayed = new HashSet<>();
        }
        byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArraySet<>()).add(stream);
        response.closeHandler(closed -> remove(stream));
        response.write(": edgefleet events of tenant " + tenant + "\n\n");
        LOG.debug("Event stream of tenant {} opened by {}{}", tenant, caller.principal(),
                lastEventId.map(id -> ", resuming after " + id).orElse(""));
        lastEventId.ifPresent(id -> replay(stream, Optional.of(id)));
    }

    private void replay(Stream stream, Optional<String> after) {
        eventLog.page(stream.tenant, after, stream.types, stream.seesAudit, stream.caller.principal())
                .onSuccess(page -> {
                    if (stream.closed) {
                        return;
                    }
                    for (EventEnvelope event : page.events()) {
                        if (wants(stream, event.shortType()) && stream.replayed.add(event.id())) {
                            stream.response.write(Frame.of(event).text());
                        }
                    }
                    if (page.hasMore() && !page.events().isEmpty()) {
                        replay(stream, Optional.of(page.events().get(page.events().size() - 1).id()));
                    } else {
                        goLive(stream);
                    }
                })
                .onFailure(failure -> {
                    if (stream.closed) {
                        return;
                    }
                    if (failure instanceof EventLogClient.ResumePointGone && after.isPresent()
                            && stream.replayed.isEmpty()) {
                        stream.response.write("event: resume-point-gone\ndata: {\"lastEventId\":\"" + after.get()
                                + "\",\"detail\":\"the event is no longer in the event log; "
                                + "replaying from the oldest retained event\"}\n\n");
                        replay(stream, Optional.empty());
                        return;
                    }
                    LOG.warn("Resume of the event stream of tenant {} for {} failed: {}", stream.tenant,
                            stream.caller.principal(), failure.toString());
                    endResume(stream, "the event log could not be read");
                });
    }

    private void goLive(Stream stream) {
        for (Frame frame : stream.held) {
            if (!stream.replayed.contains(frame.id())) {
                stream.response.write(frame.text());
            }
        }
        stream.held = null;
        stream.replayed = null;
    }

    private void endResume(Stream stream, String detail) {
        remove(stream);
        stream.response.end("event: resume-failed\ndata: {\"detail\":\"" + detail
                + "; reconnect with the same Last-Event-ID\"}\n\n");
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
        Frame frame = Frame.of(event);
        for (Stream stream : streams) {
            if (!wants(stream, type)) {
                continue;
            }
            if (stream.held == null) {
                stream.response.write(frame.text());
            } else if (stream.held.size() < MAX_BUFFERED) {
                stream.held.add(frame);
            } else {
                endResume(stream, "too many live events arrived during the resume");
            }
        }
    }

    private static boolean wants(Stream stream, String type) {
        if (type.startsWith("audit.") && !stream.seesAudit) {
            return false;
        }
        return stream.types.isEmpty() || stream.types.stream().anyMatch(type::startsWith);
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
                stream.response.write(": keepalive\n\n");
            }
        }));
    }

    private boolean endIfGone(Stream stream) {
        if (authorizer.callerTenants(stream.caller).allows(stream.tenant)) {
            return false;
        }
        remove(stream);
        stream.response.end(": tenant no longer available\n\n");
        return true;
    }

    private void remove(Stream stream) {
        stream.closed = true;
        Set<Stream> streams = byTenant.get(stream.tenant);
        if (streams != null) {
            streams.remove(stream);
        }
    }
}
