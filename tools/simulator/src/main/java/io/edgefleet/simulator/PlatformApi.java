package io.edgefleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The public REST API through the gateway, signed in as a platform admin (signs in again when the access token
 * expired). One HTTP/1.1 client, so concurrent callers share its connection pool.
 */
public final class PlatformApi {

    /** An answer: status and parsed body ({@code null} when empty or not JSON). */
    public record Response(int status, JsonNode body) {
        public Response expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + " answered " + status + ": " + body);
            }
            return this;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI gateway;
    private final String email;
    private final String password;
    private volatile String token;

    private PlatformApi(URI gateway, String email, String password) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.gateway = gateway;
        this.email = email;
        this.password = password;
    }

    /** Signs in now; fails with the gateway's answer when the credentials are refused. */
    public static PlatformApi signIn(URI gateway, String email, String password)
            throws IOException, InterruptedException {
        if (password == null) {
            throw new IllegalStateException("this scenario calls the REST API: give --admin-password or "
                    + "--admin-password-file");
        }
        PlatformApi api = new PlatformApi(gateway, email, password);
        api.token = api.login();
        return api;
    }

    public URI gateway() {
        return gateway;
    }

    /** The current access token, e.g. for a load generator of its own. */
    public String token() {
        return token;
    }

    private String login() throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("email", email).put("password", password).toString();
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Response response = parse(http.send(request, HttpResponse.BodyHandlers.ofString()));
        if (response.status() != 200) {
            throw new IllegalStateException("login of " + email + " at " + gateway + " answered " + response.status()
                    + ": " + response.body());
        }
        return response.body().path("accessToken").asText();
    }

    /** A blocking call; a 401 signs in again once. */
    public Response call(String method, String path, String body) throws IOException, InterruptedException {
        Response response = parse(http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString()));
        if (response.status() == 401) {
            token = login();
            response = parse(http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString()));
        }
        return response;
    }

    /** A non-blocking call (no retry on 401: callers that run long use {@link #call}). */
    public CompletableFuture<Response> callAsync(String method, String path, String body) {
        return http.sendAsync(request(method, path, body), HttpResponse.BodyHandlers.ofString())
                .thenApply(PlatformApi::parse);
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    private static Response parse(HttpResponse<String> response) {
        JsonNode json = null;
        if (!response.body().isEmpty()) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = JSON.getNodeFactory().textNode(response.body());
            }
        }
        return new Response(response.statusCode(), json);
    }
}
