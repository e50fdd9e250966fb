package io.edgefleet.broker.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a local HTTP server that answers what each test sets. */
class RegistryAuthClientTest {

    static final String A = "ep-aaaaaaaaaaaa";

    HttpServer server;
    volatile int status = 200;
    volatile String body = "{}";
    volatile long delayMillis;
    final AtomicReference<String> requestBody = new AtomicReference<>();
    final AtomicReference<String> authorization = new AtomicReference<>();
    final AtomicReference<String> path = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                path.set(exchange.getRequestURI().getPath());
                Thread.sleep(delayMillis);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    RegistryAuthClient client(String base) {
        return new RegistryAuthClient(URI.create(base), "internal-token", Duration.ofMillis(500));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aConnectStormKeepsAtMostTheLimitOfCallsOpenAndAnswersEveryOne() throws Exception {
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer busy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
        busy.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        busy.createContext("/", exchange -> {
            try (exchange) {
                peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(20);
                byte[] bytes = "{\"result\":\"deny\"}".getBytes(StandardCharsets.UTF_8);
                open.decrementAndGet();
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.start();
        try {
            RegistryAuthClient client = new RegistryAuthClient(URI.create("http://127.0.0.1:"
                    + busy.getAddress().getPort()), "internal-token", Duration.ofSeconds(10));
            var calls = new java.util.ArrayList<java.util.concurrent.CompletableFuture<AuthDecision>>();
            for (int i = 0; i < 300; i++) {
                calls.add(client.check(A, A, "secret"));
            }
            for (var call : calls) {
                assertThat(call.join().identity()).isEmpty();
            }
            assertThat(peak.get()).isLessThanOrEqualTo(RegistryAuthClient.MAX_IN_FLIGHT).isGreaterThan(1);
        } finally {
            busy.stop(0);
        }
    }

    @Test
    void allowAnswerGivesTheAgentIdentityAndTheRequestCarriesTokenAndCredentials() throws Exception {
        body = "{\"result\":\"allow\",\"is_superuser\":false,\"client_attrs\":{\"kind\":\"agent\",\"tenant\":\"default\",\"endpoint\":\"" + A + "\"}}";
        AuthDecision decision = client(url()).check(A, A, "pa\"ss").join();
        assertThat(decision.identity()).contains(Identity.agent("default", A));
        assertThat(path.get()).isEqualTo("/internal/v1/mqtt/auth");
        assertThat(authorization.get()).isEqualTo("Bearer internal-token");
        JsonNode request = new ObjectMapper().readTree(requestBody.get());
        assertThat(request.path("clientId").asText()).isEqualTo(A);
        assertThat(request.path("username").asText()).isEqualTo(A);
        assertThat(request.path("password").asText()).isEqualTo("pa\"ss");
    }

    @Test
    void registryBelowAPathPrefixKeepsThePrefix() {
        body = "{\"result\":\"deny\"}";
        client(url() + "/registry/").check(A, A, "x").join();
        assertThat(path.get()).isEqualTo("/registry/internal/v1/mqtt/auth");
    }

    @Test
    void denyAnswerIsADenial() {
        body = "{\"result\":\"deny\"}";
        assertThat(client(url()).check(A, A, "wrong").join().allowed()).isFalse();
    }

    @Test
    void integrationKeyGetsItsTenantAndItsExpiry() {
        body = "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"integration\",\"tenant\":\"acme\","
                + "\"key\":\"ik-aaaaaaaaaaaa\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}}";
        AuthDecision decision = client(url()).check("int:ik-aaaaaaaaaaaa", "int:ik-aaaaaaaaaaaa", "x").join();
        assertThat(decision.identity()).contains(Identity.integration("acme", "ik-aaaaaaaaaaaa"));
        assertThat(decision.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void integrationKeyWithoutExpiryNeverExpires() {
        body = "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"integration\",\"tenant\":\"acme\","
                + "\"key\":\"ik-aaaaaaaaaaaa\"}}";
        AuthDecision decision = client(url()).check("int:ik-aaaaaaaaaaaa", "int:ik-aaaaaaaaaaaa", "x").join();
        assertThat(decision.expiresAt()).isEmpty();
        assertThat(decision.expiredAt(Instant.parse("2100-01-01T00:00:00Z"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"integration\",\"tenant\":\"acme\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"integration\",\"tenant\":\"acme\",\"key\":\"ik-bbbbbbbbbbbb\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"integration\",\"key\":\"ik-aaaaaaaaaaaa\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"integration\",\"tenant\":\"acme\",\"key\":\"ik-aaaaaaaaaaaa\","
                    + "\"expiresAt\":\"tomorrow\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"agent\",\"tenant\":\"acme\",\"endpoint\":\"ep-aaaaaaaaaaaa\"}}"})
    void unusableIntegrationAnswerIsNoAnswer(String answer) {
        body = answer;
        assertThatThrownBy(() -> client(url()).check("int:ik-aaaaaaaaaaaa", "int:ik-aaaaaaaaaaaa", "x").join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RegistryUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"agent\",\"tenant\":\"default\",\"endpoint\":\"ep-bbbbbbbbbbbb\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"agent\",\"tenant\":\"de/fault\",\"endpoint\":\"" + A + "\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"agent\",\"endpoint\":\"" + A + "\"}}",
            "{\"result\":\"allow\",\"client_attrs\":{\"kind\":\"service\",\"tenant\":\"default\"}}",
            "{\"result\":\"allow\"}",
            "{\"result\":\"maybe\"}",
            "{}",
            "[]",
            "not json"})
    void unusableAnswerIsNoAnswer(String answer) {
        body = answer;
        assertUnavailable(client(url()), "registry auth API");
    }

    @Test
    void errorStatusIsNoAnswer() {
        status = 401;
        body = "{\"result\":\"allow\"}";
        assertUnavailable(client(url()), "answered HTTP 401");
    }

    @Test
    void slowRegistryIsNoAnswer() {
        delayMillis = 1500;
        assertUnavailable(client(url()), "no answer within 500 ms");
    }

    @Test
    void unreachableRegistryIsNoAnswer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertUnavailable(client("http://127.0.0.1:" + closedPort), "ConnectException");
    }

    private static void assertUnavailable(RegistryAuthClient client, String message) {
        assertThatThrownBy(() -> client.check(A, A, "the-password").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("the-password")
                .hasMessageNotContaining("internal-token");
    }
}
