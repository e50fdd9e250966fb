package io.edgefleet.tenancy.testing;

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
import java.util.LinkedHashMap;
import java.util.Map;

/** A small blocking HTTP client for the service's port, sending the internal token when given. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String token;
    private final Map<String, String> headers;

    public Http(int port, String token) {
        this(port, token, Map.of());
    }

    private Http(int port, String token, Map<String, String> headers) {
        this.port = port;
        this.token = token;
        this.headers = headers;
    }

    /** The same client sending one more header. */
    public Http withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(port, token, more);
    }

    public Http withToken(String other) {
        return new Http(port, other, headers);
    }

    /** An answer: status, headers, body as text and as JSON (missing node when not JSON). */
    public record Response(int status, HttpHeaders headers, String text, JsonNode json) {
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    public Response get(String path) {
        return call("GET", path, null);
    }

    public Response post(String path, String body) {
        return call("POST", path, body);
    }

    public Response put(String path, String body) {
        return call("PUT", path, body);
    }

    public Response patch(String path, String body) {
        return call("PATCH", path, body);
    }

    public Response delete(String path) {
        return call("DELETE", path, null);
    }

    public Response call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
            request.header("X-Edgefleet-Principal", "user:test");
            if (headers.keySet().stream().noneMatch("X-Edgefleet-Tenants"::equalsIgnoreCase)) {
                // acting as a platform admin unless a test names the caller's tenants itself
                request.header("X-Edgefleet-Tenants", "*");
            }
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = MissingNode.getInstance();
            if (text != null && !text.isEmpty()) {
                try {
                    json = Json.parse(text.getBytes(StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    json = MissingNode.getInstance();
                }
            }
            return new Response(response.statusCode(), response.headers(), text, json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
