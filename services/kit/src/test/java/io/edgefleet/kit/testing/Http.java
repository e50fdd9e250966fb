package io.edgefleet.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small blocking HTTP client for a service's port, sending fixed headers (e.g. the internal token and the caller's tenants). */
public final class Http {

    /** An answer: status and body text. */
    public record Response(int status, String text, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            return Json.parse(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every plain-text request
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final Map<String, String> headers;

    public Http(int port, Map<String, String> headers) {
        this.port = port;
        this.headers = Map.copyOf(headers);
    }

    /** The same client with one header added or replaced. */
    public Http withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(port, more);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String body) {
        return send("POST", path, body);
    }

    public Response put(String path, String body) {
        return send("PUT", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }
}
