package io.edgefleet.broker.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks the registry whether an agent's or an integration key's credentials are valid:
 * {@code POST {registry}/internal/v1/mqtt/auth} with the internal token, answered
 * {@code {"result":"allow","client_attrs":{"kind":"agent","tenant":...,"endpoint":...}}},
 * {@code {"result":"allow","client_attrs":{"kind":"integration","tenant":...,"key":...,"expiresAt":...}}} or
 * {@code {"result":"deny"}}. The tenant is always the registry's; the client never names it.
 * Non-blocking: the answer arrives on the HTTP client's threads.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} calls are open at once, the others wait in line: the JDK client speaks HTTP/2 to
 * the registry over one connection, and a call beyond the server's concurrent-stream limit fails at once ("too many
 * concurrent streams"), which refused every agent of a 10,000-agent connect ramp. The authenticator's own timeout
 * bounds the wait in line.
 */
public final class RegistryAuthClient {

    /** The path of the registry's auth API below {@code EDGEFLEET_REGISTRY_URL}. */
    public static final String AUTH_PATH = "/internal/v1/mqtt/auth";
    /** Integration keys connect with this username prefix followed by the key id. */
    public static final String INTEGRATION_PREFIX = "int:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI authUri;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    /** Below the 100 concurrent streams an HTTP/2 server (Vert.x's default) allows on one connection. */
    static final int MAX_IN_FLIGHT = 64;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> waiting =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param registryUrl   the registry's base URL, e.g. {@code http://localhost:8081}
     * @param internalToken the bearer token of internal callers
     * @param timeout       how long to wait for the connection and for the answer
     */
    public RegistryAuthClient(URI registryUrl, String internalToken, Duration timeout) {
        String base = registryUrl.toString();
        this.authUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + AUTH_PATH);
        this.authorization = "Bearer " + Objects.requireNonNull(internalToken, "internalToken");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @return the registry's decision; fails with {@link RegistryUnavailableException} when there is none
     */
    public CompletableFuture<AuthDecision> check(String clientId, String username, String password) {
        CompletableFuture<AuthDecision> result = new CompletableFuture<>();
        waiting.add(() -> send(clientId, username, password).whenComplete((decision, failure) -> {
            inFlight.release();
            startWaiting();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(decision);
            }
        }));
        startWaiting();
        return result;
    }

    private void startWaiting() {
        while (!waiting.isEmpty() && inFlight.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                inFlight.release();
            } else {
                next.run();
            }
        }
    }

    private CompletableFuture<AuthDecision> send(String clientId, String username, String password) {
        ObjectNode body = JSON.createObjectNode().put("clientId", clientId).put("username", username).put("password", password);
        HttpRequest request = HttpRequest.newBuilder(authUri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, failure) -> {
                        if (failure != null) {
                            throw unavailable(failure);
                        }
                        return decide(username, response);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable(e));
        }
    }

    private RegistryUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String what = cause instanceof HttpTimeoutException
                ? "no answer within " + timeout.toMillis() + " ms"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new RegistryUnavailableException("registry auth API " + authUri + " failed: " + what, cause);
    }

    private AuthDecision decide(String username, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new RegistryUnavailableException("registry auth API " + authUri + " answered HTTP " + response.statusCode());
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryUnavailableException("registry auth API " + authUri + " answered malformed JSON", e);
        }
        String result = answer == null ? "" : answer.path("result").asText("");
        switch (result) {
            case "deny":
                return AuthDecision.deny();
            case "allow":
                return allowed(username, answer.path("client_attrs"));
            default:
                throw new RegistryUnavailableException("registry auth API " + authUri + " answered result '" + result
                        + "', expected 'allow' or 'deny'");
        }
    }

    private AuthDecision allowed(String username, JsonNode attrs) {
        String kind = attrs.path("kind").asText("");
        String tenant = attrs.path("tenant").asText("");
        try {
            if (kind.equals("agent")) {
                String endpoint = attrs.path("endpoint").asText("");
                if (!endpoint.equals(username)) {
                    throw new IllegalArgumentException("endpoint '" + endpoint + "' is not the username");
                }
                return AuthDecision.allow(Identity.agent(tenant, endpoint));
            }
            if (kind.equals("integration") && username.startsWith(INTEGRATION_PREFIX)) {
                String key = attrs.path("key").asText("");
                if (!(INTEGRATION_PREFIX + key).equals(username)) {
                    throw new IllegalArgumentException("key '" + key + "' is not the username's key");
                }
                Identity identity = Identity.integration(tenant, key);
                JsonNode expiresAt = attrs.path("expiresAt");
                return expiresAt.isMissingNode() || expiresAt.isNull()
                        ? AuthDecision.allow(identity)
                        : AuthDecision.allowUntil(identity, instant(expiresAt));
            }
            throw new IllegalArgumentException("kind '" + kind + "' does not fit username '" + username + "'");
        } catch (IllegalArgumentException e) {
            throw new RegistryUnavailableException("registry auth API " + authUri + " allowed '" + username
                    + "' with unusable client_attrs: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode value) {
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expiresAt '" + value.asText() + "' is not an RFC 3339 timestamp", e);
        }
    }
}
