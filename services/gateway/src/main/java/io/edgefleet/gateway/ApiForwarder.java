package io.edgefleet.gateway;

import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an authenticated API call to the service that owns its path, with the gateway's internal
 * token instead of the caller's credentials and the caller's identity in {@code X-Edgefleet-Principal}.
 * The service's answer (status, body, content type) goes back unchanged; a service that cannot be
 * reached becomes a 502 problem.
 */
final class ApiForwarder {

    static final String PRINCIPAL_HEADER = "X-Edgefleet-Principal";
    private static final Logger LOG = LoggerFactory.getLogger(ApiForwarder.class);
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("content-type", "accept", "if-match");
    private static final Set<String> RETURNED_RESPONSE_HEADERS = Set.of("content-type", "location", "etag");

    private final HttpClient client;
    private final UpstreamRoutes routes;
    private final String internalToken;
    private final long timeoutMillis;

    ApiForwarder(HttpClient client, UpstreamRoutes routes, String internalToken, long timeoutMillis) {
        this.client = client;
        this.routes = routes;
        this.internalToken = internalToken;
        this.timeoutMillis = timeoutMillis;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        UpstreamRoutes.Route route = routes.find(request.path()).orElse(null);
        if (route == null) {
            ctx.fail(ProblemException.notFound("No API resource at " + request.path()));
            return;
        }
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(route.baseUrl().resolve(request.uri()).toString())
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .setHeaders(upstreamHeaders(request, ctx.get(BearerTokenAuth.PRINCIPAL)));
        Buffer body = ctx.body().buffer();
        client.request(options)
                .compose(upstream -> body == null ? upstream.send() : upstream.send(body))
                .compose(response -> response.body().map(responseBody -> relay(ctx, response, responseBody)))
                .onFailure(failure -> {
                    LOG.warn("Forwarding {} {} to {} failed: {}", request.method(), request.path(), route.service(),
                            failure.toString());
                    if (!ctx.response().headWritten()) {
                        ctx.fail(ProblemException.badGateway("The " + route.service() + " service did not answer"));
                    }
                });
    }

    private MultiMap upstreamHeaders(HttpServerRequest request, String principal) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(header -> {
            if (FORWARDED_REQUEST_HEADERS.contains(header.getKey().toLowerCase())) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken);
        headers.set(PRINCIPAL_HEADER, principal);
        headers.set("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        return headers;
    }

    private Future<Void> relay(RoutingContext ctx, HttpClientResponse upstream, Buffer body) {
        var response = ctx.response().setStatusCode(upstream.statusCode());
        upstream.headers().forEach(header -> {
            if (RETURNED_RESPONSE_HEADERS.contains(header.getKey().toLowerCase())) {
                response.putHeader(header.getKey(), header.getValue());
            }
        });
        return response.end(body);
    }
}
