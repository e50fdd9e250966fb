package io.edgefleet.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.gateway.upstream.HttpExchange;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.InternalAuth;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the telemetry service's event log ({@code GET /api/v1/tenants/{t}/events/log}) for the resume of an event
 * stream. Fails with {@link ResumePointGone} when telemetry no longer knows the event to resume after.
 */
public final class EventLogClient {

    /** Events per page asked for. */
    static final int PAGE = 500;
    /** The header that lets the event log answer with audit entries; only the gateway sets it. */
    static final String INCLUDE_AUDIT_HEADER = "X-Edgefleet-Include-Audit";

    /** One page of logged events, oldest first. */
    record Page(List<EventEnvelope> events, boolean hasMore) {
    }

    /** Telemetry answered 410: the event is unknown or older than the event log's retention. */
    static final class ResumePointGone extends RuntimeException {
        ResumePointGone(String id) {
            super("event " + id + " is no longer in the event log", null, false, false);
        }
    }

    private final HttpClient client;
    private final URI telemetry;
    private final String internalToken;
    private final long timeoutMillis;

    public EventLogClient(HttpClient client, URI telemetry, String internalToken, long timeoutMillis) {
        this.client = client;
        this.telemetry = telemetry;
        this.internalToken = internalToken;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @param after     the event to read after; empty to read from the oldest retained
     * @param principal the caller the stream belongs to, for telemetry's logs
     */
    Future<Page> page(String tenant, Optional<String> after, List<String> types, boolean includeAudit,
                      String principal) {
        QueryStringEncoder query = new QueryStringEncoder("/api/v1/tenants/" + tenant + "/events/log");
        after.ifPresent(id -> query.addParam("after", id));
        if (!types.isEmpty()) {
            query.addParam("types", String.join(",", types));
        }
        query.addParam("limit", String.valueOf(PAGE));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(telemetry.resolve(query.toString()).toString())
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken)
                .putHeader(CallerTenants.HEADER, tenant)
                .putHeader(InternalAuth.PRINCIPAL_HEADER, principal)
                .putHeader(INCLUDE_AUDIT_HEADER, String.valueOf(includeAudit));
        return HttpExchange.send(client, options).compose(reply -> {
            if (reply.status() == 410) {
                return Future.failedFuture(new ResumePointGone(after.orElse("")));
            }
            if (reply.status() != 200) {
                return Future.failedFuture(new IllegalStateException(
                        "telemetry answered " + reply.status() + " for the event log of " + tenant));
            }
            JsonNode page = Json.parse(reply.body());
            List<EventEnvelope> events = new ArrayList<>();
            for (JsonNode event : page.path("events")) {
                events.add(EventEnvelope.parse(Json.buffer(event)));
            }
            return Future.succeededFuture(new Page(events, page.path("hasMore").asBoolean()));
        });
    }
}
