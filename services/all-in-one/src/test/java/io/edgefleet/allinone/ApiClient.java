package io.edgefleet.allinone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A caller of the public REST API through the gateway, as an operator's script would be. */
final class ApiClient {

    record Response(int status, JsonNode body, String contentType) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;
    private final String email;
    private final String password;
    private String token;

    /** A caller with a fixed bearer token (an API token, an access token, or none when null). */
    ApiClient(URI base, String token) {
        this(base, token, null, null);
    }

    private ApiClient(URI base, String token, String email, String password) {
        this.base = base;
        this.token = token;
        this.email = email;
        this.password = password;
    }

    /** A user who logs in now, and again whenever the access token expired. */
    static ApiClient signedIn(URI base, String email, String password) throws IOException, InterruptedException {
        ApiClient client = new ApiClient(base, null, email, password);
        client.token = client.login();
        return client;
    }

    /** The current bearer token. */
    String token() {
        return token;
    }

    private String login() throws IOException, InterruptedException {
        ObjectNode credentials = JSON.createObjectNode().put("email", email).put("password", password);
        Response response = new ApiClient(base, null).call("POST", "/api/v1/auth/login", credentials.toString());
        if (response.status() != 200) {
            throw new IllegalStateException("login of " + email + " answered " + response.status() + ": "
                    + response.body());
        }
        return response.body().path("accessToken").asText();
    }

    Response call(String method, String path, String body) throws IOException, InterruptedException {
        Response response = send(method, path, body);
        if (response.status() == 401 && email != null) {
            token = login();
            response = send(method, path, body);
        }
        return response;
    }

    private Response send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), json, response.headers().firstValue("content-type").orElse(""));
    }

    JsonNode createEndpoint(String name, String labelsJson) throws IOException, InterruptedException {
        Response response = call("POST", "/api/v1/tenants/default/endpoints",
                "{\"name\":\"" + name + "\",\"labels\":" + labelsJson + "}");
        if (response.status() != 201) {
            throw new IllegalStateException("create endpoint answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    JsonNode endpoint(String id) throws IOException, InterruptedException {
        Response response = call("GET", "/api/v1/tenants/default/endpoints/" + id, null);
        if (response.status() != 200) {
            throw new IllegalStateException("get endpoint answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    String status(String id) throws IOException, InterruptedException {
        return endpoint(id).path("status").asText();
    }
}
