package io.edgefleet.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.Await;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    private static final String TOKEN = "internal-token-for-tests";
    private static Vertx vertx;
    private static HttpFixture http;

    @BeforeAll
    static void startServer() {
        vertx = Vertx.vertx();
        JsonSchemas schemas = JsonSchemas.load();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1024));
        router.post("/things").handler(ctx -> {
            JsonNode body = Bodies.validJson(ctx, schemas, "rest/endpoint-create");
            ctx.response().setStatusCode(201).end(Json.write(body));
        });
        router.get("/things/:id").handler(ctx -> {
            throw ProblemException.notFound("thing " + ctx.pathParam("id") + " does not exist");
        });
        router.get("/boom").handler(ctx -> {
            throw new IllegalStateException("database password is hunter2");
        });
        router.get("/internal/whoami")
                .handler(InternalAuth.requireInternalToken(TOKEN))
                .handler(ctx -> ctx.response().end(InternalAuth.principal(ctx).orElse("nobody")));
        router.get("/public/whoami").handler(ctx -> ctx.response().end(InternalAuth.principal(ctx).orElse("nobody")));
        Problems.install(router);
        http = new HttpFixture(vertx, router);
    }

    @AfterAll
    static void stopServer() {
        http.close();
        Await.result(vertx.close());
    }

    private static JsonNode problem(HttpResponse<Buffer> response, int status, String slug) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonNode doc = Json.parse(response.body());
        assertThat(doc.get("type").asText()).isEqualTo("https://edgefleet.io/problems/" + slug);
        assertThat(doc.get("status").asInt()).isEqualTo(status);
        assertThat(doc.get("title").asText()).isNotBlank();
        assertThat(doc.get("detail").asText()).isNotBlank();
        return doc;
    }

    @Test
    void malformedJsonBodyIsA400Problem() {
        JsonNode doc = problem(http.send(HttpMethod.POST, "/things", Map.of(), "{\"name\": "), 400, "malformed-json");
        assertThat(doc.get("instance").asText()).isEqualTo("/things");
    }

    @Test
    void nonObjectBodyIsA400Problem() {
        problem(http.send(HttpMethod.POST, "/things", Map.of(), "[1,2]"), 400, "malformed-json");
        problem(http.send(HttpMethod.POST, "/things", Map.of(), ""), 400, "malformed-json");
    }

    @Test
    void schemaViolationsAreA422WithEveryFieldPointer() {
        HttpResponse<Buffer> response = http.send(HttpMethod.POST, "/things", Map.of(),
                "{\"name\": \"-bad name-\", \"colour\": \"red\"}");
        JsonNode doc = problem(response, 422, "validation");
        assertThat(doc.get("errors")).hasSize(2);
        assertThat(doc.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("/name", "/colour");
        doc.get("errors").forEach(e -> assertThat(e.get("message").asText()).isNotBlank());
    }

    @Test
    void validBodyPassesThrough() {
        HttpResponse<Buffer> response = http.send(HttpMethod.POST, "/things", Map.of(), "{\"name\": \"press-1\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Json.parse(response.body()).get("name").asText()).isEqualTo("press-1");
    }

    @Test
    void unknownRouteIsA404Problem() {
        JsonNode doc = problem(http.get("/nothing/here"), 404, "not-found");
        assertThat(doc.get("instance").asText()).isEqualTo("/nothing/here");
    }

    @Test
    void wrongMethodIsA405Problem() {
        problem(http.send(HttpMethod.DELETE, "/things", Map.of(), null), 405, "method-not-allowed");
    }

    @Test
    void thrownProblemExceptionKeepsItsStatusAndDetail() {
        JsonNode doc = problem(http.get("/things/42"), 404, "not-found");
        assertThat(doc.get("detail").asText()).isEqualTo("thing 42 does not exist");
    }

    @Test
    void unexpectedFailureIsA500WithoutInternals() {
        JsonNode doc = problem(http.get("/boom"), 500, "internal");
        assertThat(doc.toString()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
    }

    @Test
    void bodyOverTheLimitIsA413Problem() {
        problem(http.send(HttpMethod.POST, "/things", Map.of(), "{\"name\":\"" + "x".repeat(2000) + "\"}"), 413,
                "payload-too-large");
    }

    @Test
    void missingInternalTokenIsA401Problem() {
        problem(http.get("/internal/whoami"), 401, "unauthorized");
    }

    @Test
    void wrongInternalTokenIsA401Problem() {
        problem(http.send(HttpMethod.GET, "/internal/whoami", Map.of("Authorization", "Bearer " + TOKEN + "x"), null),
                401, "unauthorized");
    }

    @Test
    void principalIsTrustedOnlyWithTheInternalToken() {
        HttpResponse<Buffer> trusted = http.send(HttpMethod.GET, "/internal/whoami",
                Map.of("Authorization", "Bearer " + TOKEN, InternalAuth.PRINCIPAL_HEADER, "user:alice"), null);
        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(trusted.bodyAsString()).isEqualTo("user:alice");
        HttpResponse<Buffer> untrusted = http.send(HttpMethod.GET, "/public/whoami",
                Map.of(InternalAuth.PRINCIPAL_HEADER, "user:mallory"), null);
        assertThat(untrusted.bodyAsString()).isEqualTo("nobody");
    }
}
