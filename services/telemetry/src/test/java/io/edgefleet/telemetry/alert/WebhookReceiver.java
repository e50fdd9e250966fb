package io.edgefleet.telemetry.alert;

import static io.edgefleet.kit.testing.Await.result;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP receiver on a free port that records every POST and answers 500 to the first {@code failures} of them. */
final class WebhookReceiver implements AutoCloseable {

    /** A request as received; header names lower case. */
    record Request(String path, Map<String, String> headers, String body, int answered) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;
    private final HttpServer server;

    WebhookReceiver(int failures) {
        failuresLeft = new AtomicInteger(failures);
        server = result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            requests.add(new Request(request.path(), headers, body.toString(), status));
            request.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1"));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        result(vertx.close());
    }
}
