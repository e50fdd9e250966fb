package io.edgefleet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway in front of a real HTTP upstream standing in for the registry. */
class GatewayForwardingIT {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String INTERNAL = "internal-token-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<JsonObject> seenByUpstream = new AtomicReference<>();
    private Vertx vertx;
    private HttpServer upstream;
    private int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry meters = Metrics.registry();
        vertx = Metrics.vertx(meters);
        upstream = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    seenByUpstream.set(new JsonObject()
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("authorization", request.getHeader("Authorization"))
                            .put("principal", request.getHeader("X-Edgefleet-Principal"))
                            .put("body", body.toString()));
                    request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end("{\"ok\":true}");
                }))
                .listen(0).await();
        gatewayPort = freePort();
        GatewayConfig config = GatewayConfig.fromEnv(Map.of(
                "EDGEFLEET_HTTP_PORT", Integer.toString(gatewayPort),
                "EDGEFLEET_ADMIN_TOKEN", ADMIN,
                "EDGEFLEET_INTERNAL_TOKEN", INTERNAL,
                "EDGEFLEET_REGISTRY_URL", "http://127.0.0.1:" + upstream.actualPort()));
        GatewayService.deploy(vertx, config, meters).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void forwardsWithTheInternalTokenAndTheCallersIdentityInsteadOfTheCallersToken() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/tenants/default/endpoints?x=1", ADMIN, "{\"name\":\"a\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        JsonObject seen = seenByUpstream.get();
        assertThat(seen.getString("uri")).isEqualTo("/api/v1/tenants/default/endpoints?x=1");
        assertThat(seen.getString("authorization")).isEqualTo("Bearer " + INTERNAL);
        assertThat(seen.getString("principal")).isEqualTo("admin");
        assertThat(seen.getString("body")).isEqualTo("{\"name\":\"a\"}");
    }

    @Test
    void refusesMissingAndWrongTokensWithoutReachingTheService() throws Exception {
        assertThat(send("GET", "/api/v1/tenants/default/endpoints", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send("GET", "/api/v1/tenants/default/endpoints", "wrong-token-0123456789", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(seenByUpstream.get()).isNull();
    }

    @Test
    void unreachableServiceIsA502Problem() throws Exception {
        upstream.close().await();
        HttpResponse<String> response = send("GET", "/api/v1/tenants/default/endpoints", ADMIN, null);
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new JsonObject(response.body()).getString("detail")).contains("registry");
    }

    @Test
    void unknownPathIsA404ProblemAndOnlyHealthNeedsNoToken() throws Exception {
        assertThat(send("GET", "/api/v1/unknown", ADMIN, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = send("GET", "/metrics", ADMIN, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vertx_http_server");
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
