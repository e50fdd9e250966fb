package io.edgefleet.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.edgefleet.kit.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small blocking HTTP client for the registry's port. With a token it calls as the gateway does for a platform
 * admin: the internal token, {@code X-Edgefleet-Principal: user:test} and {@code X-Edgefleet-Tenants: *}.
 */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final String tenants;

    /** @param token internal token to send, or null for none */
    public Http(int port, String token) {
        this(port, token, "*");
    }

    private Http(int port, String token, String tenants) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
        this.tenants = tenants;
    }

    /** An answer: status, headers and the body as text and as JSON (missing node when it is not JSON). */
    public record Response(int status, HttpHeaders headers, String text, JsonNode json) {
        public String contentType() {
            return header("Content-Type");
        }

        /** The header's first value, or "" when absent. */
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    public Http withToken(String other) {
        return new Http(port(), other, tenants);
    }

    /** The same caller acting only in these tenants ({@code X-Edgefleet-Tenants}; null sends no header). */
    public Http withTenants(String header) {
        return new Http(port(), token, header);
    }

    private int port() {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    public Response get(String path) {
        return call("GET", path, null);
    }

    public Response post(String path, String body) {
        return call("POST", path, body);
    }

    public Response patch(String path, String body) {
        return call("PATCH", path, body);
    }

    public Response delete(String path) {
        return call("DELETE", path, null);
    }

    public Response call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
            request.header("X-Edgefleet-Principal", "user:test");
            if (tenants != null) {
                request.header("X-Edgefleet-Tenants", tenants);
            }
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isEmpty() ? MissingNode.getInstance() : parseOrMissing(text);
            return new Response(response.statusCode(), response.headers(), text, json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parseOrMissing(String text) {
        try {
            return Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return MissingNode.getInstance();
        }
    }
}
