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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry's auth API as the broker sees it, on a free port: knows a few endpoints and integration keys and their
 * secrets, checks the internal token, counts calls per username. Can be stopped (connection refused) and made to hang.
 * It knows nothing of disabled tenants, so a refusal of a disabled tenant's client is the broker's own.
 */
final class FakeRegistry implements AutoCloseable {

    record Endpoint(String tenant, String secret) {
    }

    /** @param expiresAt null when the key does not expire */
    record Key(String tenant, String secret, Instant expiresAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String internalToken;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
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

    /** Knows integration key {@code keyId} (username {@code int:<keyId>}) from now on. */
    void addKey(String keyId, Key key) {
        keys.put(keyId, key);
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
            respond(exchange, 200, answer(username, request).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode answer(String username, JsonNode request) {
        String password = request.path("password").asText();
        boolean sameClient = username.equals(request.path("clientId").asText());
        ObjectNode allow = JSON.createObjectNode().put("result", "allow").put("is_superuser", false);
        if (username.startsWith("int:")) {
            String keyId = username.substring("int:".length());
            Key key = keys.get(keyId);
            if (key != null && sameClient && key.secret().equals(password)) {
                ObjectNode attrs = allow.putObject("client_attrs").put("kind", "integration").put("tenant", key.tenant())
                        .put("key", keyId);
                if (key.expiresAt() != null) {
                    attrs.put("expiresAt", key.expiresAt().toString());
                }
                return allow;
            }
        } else {
            Endpoint endpoint = endpoints.get(username);
            if (endpoint != null && sameClient && endpoint.secret().equals(password)) {
                allow.putObject("client_attrs").put("kind", "agent").put("tenant", endpoint.tenant()).put("endpoint", username);
                return allow;
            }
        }
        return JSON.createObjectNode().put("result", "deny");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
