package io.edgefleet.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry's auth API as the broker sees it, on a free port: knows a few endpoints and their secrets, checks the
 * internal token, counts calls per username. Can be stopped (connection refused) and made to hang.
 */
final class FakeRegistry implements AutoCloseable {

    record Endpoint(String tenant, String secret) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String internalToken;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private final int port;
    private HttpServer server;

    FakeRegistry(String internalToken, Map<String, Endpoint> endpoints) throws IOException {
        this.internalToken = internalToken;
        this.endpoints = Map.copyOf(endpoints);
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int calls(String username) {
        return calls.computeIfAbsent(username, u -> new AtomicInteger()).get();
    }

    /** Until {@link #answer()}, requests get no answer. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void answer() {
        hang.countDown();
    }

    /** Connections are refused until {@link #restart()}. */
    synchronized void stop() {
        server.stop(0);
    }

    synchronized void restart() throws IOException {
        server = bind(port);
    }

    @Override
    public synchronized void close() {
        answer();
        server.stop(0);
        executor.shutdownNow();
    }

    private HttpServer bind(int bindPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 50);
        http.createContext("/internal/v1/mqtt/auth", this::handle);
        http.setExecutor(executor);
        http.start();
        return http;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            JsonNode request = JSON.readTree(body);
            if (!"POST".equals(exchange.getRequestMethod())
                    || !("Bearer " + internalToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"title\":\"Unauthorized\"}");
                return;
            }
            String username = request.path("username").asText();
            calls.computeIfAbsent(username, u -> new AtomicInteger()).incrementAndGet();
            if (!hang.await(30, TimeUnit.SECONDS)) {
                return;
            }
            Endpoint endpoint = endpoints.get(username);
            boolean allow = endpoint != null && username.equals(request.path("clientId").asText())
                    && endpoint.secret().equals(request.path("password").asText());
            ObjectNode answer = JSON.createObjectNode().put("result", allow ? "allow" : "deny");
            if (allow) {
                answer.put("is_superuser", false).putObject("client_attrs")
                        .put("kind", "agent").put("tenant", endpoint.tenant()).put("endpoint", username);
            }
            respond(exchange, 200, answer.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
