package io.edgefleet.gateway;

import io.edgefleet.gateway.access.Authorizer;
import io.edgefleet.gateway.auth.Caller;
import io.edgefleet.gateway.upstream.HttpExchange;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an authorised API call to the service that owns its operation, with the gateway's internal token instead
 * of the caller's credentials, the caller in {@code X-Edgefleet-Principal} and the tenants it may act in in
 * {@code X-Edgefleet-Tenants}. The service's answer (status, body, a few headers) goes back unchanged; a service that
 * cannot be reached becomes a 502 problem.
 */
final class ApiForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(ApiForwarder.class);
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("content-type", "accept", "if-match");
    private static final Set<String> RETURNED_RESPONSE_HEADERS = Set.of("content-type", "location", "etag",
            "retry-after");

    private final HttpClient client;
    private final Map<String, URI> services;
    private final Authorizer authorizer;
    private final String internalToken;
    private final long timeoutMillis;

    ApiForwarder(HttpClient client, Map<String, URI> services, Authorizer authorizer, String internalToken,
                 long timeoutMillis) {
        this.client = client;
        this.services = Map.copyOf(services);
        this.authorizer = authorizer;
        this.internalToken = internalToken;
        this.timeoutMillis = timeoutMillis;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String service = Calls.operation(ctx).orElseThrow().operation().service();
        URI baseUrl = services.get(service);
        if (baseUrl == null) {
            throw new IllegalStateException("no URL for service " + service);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(baseUrl.resolve(request.uri()).toString())
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .setHeaders(upstreamHeaders(request, Calls.caller(ctx)));
        Buffer body = ctx.body().buffer();
        HttpExchange.send(client, options, body)
                .compose(reply -> relay(ctx, reply))
                .onFailure(failure -> {
                    LOG.warn("Forwarding {} {} to {} failed: {}", request.method(), request.path(), service,
                            failure.toString());
                    if (!ctx.response().headWritten()) {
                        ctx.fail(ProblemException.badGateway("The " + service + " service did not answer"));
                    }
                });
    }

    private MultiMap upstreamHeaders(HttpServerRequest request, Optional<Caller> caller) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(header -> {
            if (FORWARDED_REQUEST_HEADERS.contains(header.getKey().toLowerCase())) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken);
        caller.ifPresent(found -> {
            headers.set(InternalAuth.PRINCIPAL_HEADER, found.principal());
            headers.set(CallerTenants.HEADER, authorizer.callerTenants(found).toHeader());
        });
        headers.set("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        return headers;
    }

    private Future<Void> relay(RoutingContext ctx, HttpExchange.Reply upstream) {
        var response = ctx.response().setStatusCode(upstream.status());
        upstream.headers().forEach(header -> {
            if (RETURNED_RESPONSE_HEADERS.contains(header.getKey().toLowerCase())) {
                response.putHeader(header.getKey(), header.getValue());
            }
        });
        return response.end(upstream.body());
    }
}
