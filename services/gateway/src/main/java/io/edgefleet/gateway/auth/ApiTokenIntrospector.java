package io.edgefleet.gateway.auth;

import io.edgefleet.gateway.access.Role;
import io.edgefleet.gateway.upstream.HttpExchange;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves an API token ({@code eft_...}) through the tenancy service's {@code /internal/v1/tokens/introspect} on
 * every call, so that a revoked token, an expired one or one of a disabled tenant stops working at once.
 */
public final class ApiTokenIntrospector {

    /** The prefix every API token starts with. */
    public static final String PREFIX = "eft_";

    private final HttpClient http;
    private final URI introspectUri;
    private final String internalToken;

    public ApiTokenIntrospector(HttpClient http, URI tenancyUrl, String internalToken) {
        this.http = http;
        this.introspectUri = tenancyUrl.resolve("/internal/v1/tokens/introspect");
        this.internalToken = internalToken;
    }

    /** The caller the token stands for; fails with {@link InvalidCredentialsException} when it is not active. */
    public Future<Caller> introspect(String token) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(introspectUri.toString())
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .setConnectTimeout(5_000).setIdleTimeout(5_000);
        return HttpExchange.send(http, options, new JsonObject().put("token", token).toBuffer())
                .compose(reply -> reply.status() == 200
                        ? Future.succeededFuture(reply.body())
                        : Future.failedFuture("answered " + reply.status()))
                .recover(failure -> Future.failedFuture(
                        new AuthUnavailableException("API tokens cannot be checked: " + failure.getMessage())))
                .compose(body -> {
                    JsonObject answer = new JsonObject(body);
                    if (!Boolean.TRUE.equals(answer.getBoolean("active"))) {
                        return Future.failedFuture(new InvalidCredentialsException("API token is not active"));
                    }
                    Role role = Role.fromWireName(answer.getString("role", "")).orElse(null);
                    String tenant = answer.getString("tenant");
                    String id = answer.getString("tokenId");
                    if (role == null || tenant == null || id == null) {
                        return Future.failedFuture(new AuthUnavailableException("introspection answer incomplete"));
                    }
                    return Future.succeededFuture(new Caller(Caller.Kind.API_TOKEN, id,
                            Optional.ofNullable(answer.getString("name")), false, Map.of(tenant, role), Map.of(), Optional.empty()));
                });
    }
}
