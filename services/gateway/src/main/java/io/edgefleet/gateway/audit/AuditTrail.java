package io.edgefleet.gateway.audit;

import io.edgefleet.gateway.Calls;
import io.edgefleet.gateway.access.Operation;
import io.edgefleet.gateway.auth.Caller;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every audited call ({@link Operation#audited()}: every mutating one, and the reads that send a command to a
 * machine) of an authenticated caller, allowed or refused, as an {@code audit.recorded} event
 * (who, tenant, action, target, result, time, source address) once its answer is sent. The event goes to the tenant's
 * event topic when the caller may see the tenant the path names, else to {@code platform/v1/events/audit.recorded},
 * so that a probe of another tenant is recorded without showing up in that tenant's log.
 *
 * <p>An audited call is refused with 503 while the broker is unreachable: nothing happens that the audit log cannot
 * record. An event whose publish fails after the call was answered is logged at ERROR and counted in
 * {@code edgefleet_audit_publish_failures_total}.
 */
public final class AuditTrail implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final MqttEventClient mqtt;
    private final Counter failures;

    public AuditTrail(MqttEventClient mqtt, MeterRegistry meters) {
        this.mqtt = mqtt;
        this.failures = Counter.builder("edgefleet_audit_publish_failures_total")
                .description("Audit events the gateway could not hand to the broker")
                .register(meters);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Operation.Match match = Calls.operation(ctx).orElseThrow();
        if (!match.operation().audited() || Calls.caller(ctx).isEmpty()) {
            ctx.next(); // plain reads are not audited, nor open calls (login failures are the tenancy service's log)
            return;
        }
        if (!mqtt.isConnected()) {
            ctx.fail(ProblemException.unavailable("the audit trail cannot be written right now; retry shortly"));
            return;
        }
        Caller caller = Calls.caller(ctx).orElseThrow();
        ctx.addEndHandler(ended -> record(ctx, match, caller));
        ctx.next();
    }

    private void record(RoutingContext ctx, Operation.Match match, Caller caller) {
        int status = ctx.response().getStatusCode();
        String tenant = Calls.isTenantVisible(ctx) ? match.tenant().orElse(null) : null;
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("kind", caller.kind().wireName());
        actor.put("id", caller.id());
        caller.name().ifPresent(name -> actor.put("name", name));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant", tenant);
        data.put("actor", actor);
        data.put("action", match.operation().name());
        data.put("target", truncate(ctx.request().path(), 512));
        data.put("method", ctx.request().method().name());
        data.put("status", status);
        data.put("outcome", outcome(status, match.tenant().isPresent() && !Calls.isTenantVisible(ctx)));
        data.put("sourceIp", ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress());
        data.put("time", Instant.now().toString());
        EventEnvelope event = EventEnvelope.create("gateway", "audit.recorded", tenant, match.operation().name(), data);
        mqtt.publish(event.topic(), event.toBuffer(), MqttQoS.AT_LEAST_ONCE, false).onFailure(failure -> {
            failures.increment();
            LOG.error("Audit entry {} ({} by {} on {}, status {}) not published: {}", event.id(),
                    match.operation().name(), caller.principal(), ctx.request().path(), status, failure.getMessage());
        });
    }

    /** @param tenantHidden whether the call was refused because the caller may not see the path's tenant */
    static String outcome(int status, boolean tenantHidden) {
        if (status < 400) {
            return "success";
        }
        boolean denied = status == 401 || status == 403 || status == 429 || tenantHidden;
        return denied ? "denied" : "failure";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
