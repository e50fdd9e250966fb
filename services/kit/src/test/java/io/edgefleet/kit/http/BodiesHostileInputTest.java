package io.edgefleet.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.Await;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.schemas.hostile.HostileJson;
import io.edgefleet.schemas.hostile.HostileText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A REST body that is not JSON, breaks its schema, or is too large, with any content type and any Authorization
 * header, is answered with a problem document (400, 413 or 422) that says what is wrong, a 422 naming every field;
 * never a 500, and the server answers the next valid request.
 */
class BodiesHostileInputTest {

    static final int BODY_LIMIT = 64 * 1024;
    private static final List<String> SCHEMAS = List.of("rest/endpoint-create", "rest/app-create", "rest/user-create");
    private static Vertx vertx;
    private static HttpFixture http;

    record Request(String schema, byte[] body, Map<String, String> headers, String description) {
        @Override
        public String toString() {
            return schema + " " + headers + " " + description;
        }
    }

    @BeforeContainer
    static void startServer() {
        vertx = Vertx.vertx();
        JsonSchemas schemas = JsonSchemas.load();
        Router router = Problems.install(Router.router(vertx));
        router.route().handler(Bodies.refusingForms(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)));
        router.post("/:kind/:name").handler(ctx -> {
            String schema = ctx.pathParam("kind") + "/" + ctx.pathParam("name");
            ctx.response().end(Json.write(Bodies.validJson(ctx, schemas, schema)));
        });
        http = new HttpFixture(vertx, router);
    }

    @AfterContainer
    static void stopServer() {
        http.close();
        Await.result(vertx.close());
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/json; charset=utf-16",
                "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=nonsense", "", "application/problem+json", "*/*; q=\"x");
        Arbitrary<String> authorizations = Arbitraries.oneOf(Arbitraries.of("Bearer ", "Bearer a.b.c", "Basic Og==",
                        "bearer " + "A".repeat(8_000), "Bearer \u00ff\u00fe"),
                HostileText.any().filter(s -> s.length() < 4_000 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)));
        return Combinators.combine(contentTypes, authorizations).as((type, auth) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", type);
            headers.put("Authorization", auth);
            return headers;
        });
    }

    @Provide
    Arbitrary<Request> hostileRequests() {
        Arbitrary<String> schema = Arbitraries.of(SCHEMAS);
        return Combinators.combine(schema, headers(), Arbitraries.integers().between(0, 2)).flatAs((name, headers, kind) -> {
            JsonNode valid = HostileJson.example(name + ".valid");
            if (kind == 0) {
                return HostileJson.malformed(valid).map(b -> new Request(name, b, headers, "malformed " + b.length + " bytes"));
            }
            return HostileJson.mutations(valid).map(m -> new Request(name, HostileJson.bytes(m.document()), headers,
                    m.toString()));
        });
    }

    @Property
    void aHostileBodyIsAProblemNamingWhatIsWrongAndNeverAServerError(@ForAll("hostileRequests") Request request) {
        HttpResponse<Buffer> response = post(request.schema(), request.body(), request.headers());

        if (response.statusCode() == 200) {
            assertThat(JsonSchemas.load().validate(request.schema(), Json.parse(request.body()))).isEmpty();
        } else {
            assertThat(response.statusCode()).as("status of %s: %s", request, response.bodyAsString())
                    .isIn(400, 413, 415, 422);
            assertThat(response.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
            JsonNode problem = Json.parse(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
            assertThat(problem.get("type").asText()).startsWith(Problems.TYPE_PREFIX);
            assertThat(problem.get("detail").asText()).isNotBlank();
            if (response.statusCode() == 422) {
                assertThat(problem.get("errors")).as("errors of %s", problem).isNotEmpty();
                problem.get("errors").forEach(error -> assertThat(error.get("message").asText()).isNotBlank());
            }
        }
        HttpResponse<Buffer> next = post(request.schema(), HostileJson.bytes(HostileJson.example(request.schema() + ".valid")),
                Map.of("Content-Type", "application/json"));
        assertThat(next.statusCode()).as("the valid body right after").isEqualTo(200);
    }

    @Property(tries = 4)
    void aTenMegabyteBodyIs413OrAsAForm415(@ForAll("headers") Map<String, String> headers) {
        byte[] tenMegabytes = ("{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes();

        HttpResponse<Buffer> response = post("rest/endpoint-create", tenMegabytes, headers);

        boolean form = headers.get("Content-Type").startsWith("application/x-www-form") || headers.get("Content-Type")
                .startsWith("multipart/");
        assertThat(response.statusCode()).isEqualTo(form ? 415 : 413);
        assertThat(Json.parse(response.body()).get("type").asText())
                .isEqualTo(Problems.TYPE_PREFIX + (form ? "unsupported-media-type" : "payload-too-large"));
    }

    @Example
    void aFormBodyIsA415BeforeTheBodyHandlerCouldFailOnIt() {
        // each of these made the body handler fail with an exception of its own, answered 500
        for (String form : List.of("name=" + "x".repeat(20_000), "=", "&=x", "{\"name\":\"" + "x".repeat(2_000) + "\"}")) {
            for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
                HttpResponse<Buffer> response = post("rest/endpoint-create",
                        form.getBytes(java.nio.charset.StandardCharsets.US_ASCII), Map.of("Content-Type", type));

                assertThat(response.statusCode()).as("%s body %s", type, form).isEqualTo(415);
                assertThat(Json.parse(response.body()).get("type").asText())
                        .isEqualTo(Problems.TYPE_PREFIX + "unsupported-media-type");
            }
        }
    }

    private static HttpResponse<Buffer> post(String schema, byte[] body, Map<String, String> headers) {
        return Await.result(http.client().request(HttpMethod.POST, "/" + schema).putHeaders(
                io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(headers)).sendBuffer(Buffer.buffer(body)));
    }
}
