package io.edgefleet.kit.http;

import static io.edgefleet.kit.testing.Await.result;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;

/** A real HTTP server on a free port around a router, and a client for it. */
final class HttpFixture implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final WebClient client;

    HttpFixture(Vertx vertx, Router router) {
        this.vertx = vertx;
        this.server = result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort()));
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, Map<String, String> headers, String body) {
        HttpRequest<Buffer> request = client.request(method, path);
        headers.forEach(request::putHeader);
        return result(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
    }

    HttpResponse<Buffer> get(String path) {
        return send(HttpMethod.GET, path, Map.of(), null);
    }

    WebClient client() {
        return client;
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        client.close();
        result(server.close());
    }
}
