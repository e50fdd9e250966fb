package io.edgefleet.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpExchangeTest {

    private final Vertx vertx = Vertx.vertx();
    private final byte[] large = new byte[1 << 20];
    private final CountDownLatch answered = new CountDownLatch(1);
    private HttpClient client;
    private int port;

    @BeforeEach
    void start() throws Exception {
        new Random(7).nextBytes(large);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    if (request.path().equals("/echo")) {
                        request.response().setStatusCode(201).putHeader("X-Length", String.valueOf(body.length()))
                                .end(body);
                    } else {
                        request.response().end(Buffer.buffer(large)).onComplete(done -> answered.countDown());
                    }
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private RequestOptions options(HttpMethod method, String path) {
        return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsTheBodyAndReadsStatusHeadersAndTheWholeAnswer() throws Exception {
        HttpExchange.Reply reply = await(HttpExchange.send(client, options(HttpMethod.POST, "/echo"),
                Buffer.buffer("{\"token\":\"t\"}")));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.headers().get("x-length")).isEqualTo("13");
        assertThat(reply.bodyAsString()).isEqualTo("{\"token\":\"t\"}");
    }

    @Test
    void aCallerThatListensOnlyAfterTheAnswerEndedStillGetsAllOfIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            Future<HttpExchange.Reply> exchange = HttpExchange.send(client, options(HttpMethod.GET, "/large"));
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);

            HttpExchange.Reply reply = await(exchange);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().getBytes()).isEqualTo(large);
        }
    }
}
