package io.edgefleet.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** U+0000 cannot be stored in PostgreSQL text: a body holding it is refused, naming where it was, instead of a 500. */
class NulCharactersTest {

    private static Vertx vertx;
    private static HttpFixture http;

    @BeforeAll
    static void startServer() {
        vertx = Vertx.vertx();
        Router router = Problems.install(Router.router(vertx));
        router.route().handler(BodyHandler.create().setBodyLimit(4096));
        router.post("/things").handler(ctx -> ctx.response().end(Json.write(Bodies.json(ctx))));
        http = new HttpFixture(vertx, router);
    }

    @AfterAll
    static void stopServer() {
        http.close();
        Await.result(vertx.close());
    }

    @Test
    void nulInABodyStringIsA422NamingTheField() {
        var response = http.send(HttpMethod.POST, "/things", Map.of(),
                "{\"name\":\"ok\",\"labels\":{\"site\":\"a\\u0000b\"},\"tags\":[\"x\",\"\\u0000\"]}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.bodyAsString()).contains("/labels/site").contains("/tags/1");
    }

    @Test
    void nulInAPropertyNameIsA422() {
        var response = http.send(HttpMethod.POST, "/things", Map.of(), "{\"labels\":{\"a\\u0000\":\"b\"}}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.bodyAsString()).contains("/labels");
    }

    @Test
    void ordinaryTextPasses() {
        var response = http.send(HttpMethod.POST, "/things", Map.of(), "{\"name\":\"line\\nbreak \\u202e ok\"}");
        assertThat(response.statusCode()).isEqualTo(200);
    }
}
