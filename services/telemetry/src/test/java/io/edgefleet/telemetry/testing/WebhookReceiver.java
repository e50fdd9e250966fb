package io.edgefleet.telemetry.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP server on a free port that records the webhook POSTs it gets, for alert channels and subscriptions. */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as received (header names lower case) and the status it was answered with. */
    public record Request(String path, Map<String, String> headers, String body, int answered) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private WebhookReceiver(int failures, int status) {
        AtomicInteger failuresLeft = new AtomicInteger(failures);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            int answer = failuresLeft.getAndDecrement() > 0 ? 500 : status;
            requests.add(new Request(exchange.getRequestURI().getPath(), headers, body, answer));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers 500 to the first {@code failures} requests, 204 to the rest. */
    public static WebhookReceiver failingFirst(int failures) {
        return new WebhookReceiver(failures, 204);
    }

    /** Answers every request with {@code status}. */
    public static WebhookReceiver answering(int status) {
        return new WebhookReceiver(0, status);
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code url("/hook")}. */
    public String url() {
        return url("/hook");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What arrived so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
