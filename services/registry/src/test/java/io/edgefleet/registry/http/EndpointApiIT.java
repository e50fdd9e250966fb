package io.edgefleet.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.events.Json;
import io.edgefleet.registry.endpoint.Credentials;
import io.edgefleet.registry.testing.ContractExamples;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.registry.testing.StateReports;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The endpoint API through HTTP against the real database and broker: happy paths, events, 401/404. */
class EndpointApiIT {

    static final String ENDPOINTS = "/api/v1/tenants/default/endpoints";
    static RegistryHarness registry;
    static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        registry.tenant("acme", "active");
        http = registry.http();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("create answers 201 with the endpoint, its secret (stored only as SHA-256) and run commands, and emits endpoint.registered")
    void createShowsTheSecretOnceAndStoresOnlyItsHash() {
        Http.Response created = http.post(ENDPOINTS, """
                {"name":"press-01","labels":{"site":"qingdao","line":"a"},"description":"hydraulic press",
                 "location":"hall 3","timezone":"Asia/Shanghai"}""");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(JsonSchemas.load().validate("rest/endpoint-created", created.json())).isEmpty();
        JsonNode body = created.json();
        String id = body.path("id").asText();
        String secret = body.path("secret").asText();
        assertThat(created.header("Location")).isEqualTo(ENDPOINTS + "/" + id);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(body.path("status").asText()).isEqualTo("pending");
        assertThat(body.path("statusSince").isNull()).isTrue();
        assertThat(body.path("labels")).hasToString("{\"line\":\"a\",\"site\":\"qingdao\"}");
        assertThat(body.path("timezone").asText()).isEqualTo("Asia/Shanghai");
        String broker = "tcp://127.0.0.1:" + registry.broker().port();
        assertThat(body.path("runCommands").path("jar").asText()).isEqualTo("java -jar edgefleet-agent.jar --broker-url "
                + broker + " --tenant default --endpoint-id " + id + " --secret " + secret);
        assertThat(body.path("runCommands").path("docker").asText())
                .startsWith("docker run -d --name edgefleet-agent --restart unless-stopped --network host "
                        + "-v /var/run/docker.sock:/var/run/docker.sock -v edgefleet-agent-data:/var/lib/edgefleet-agent ")
                .contains("-e EDGEFLEET_BROKER_URL=" + broker, "-e EDGEFLEET_TENANT=default",
                        "-e EDGEFLEET_ENDPOINT_ID=" + id, "-e EDGEFLEET_ENDPOINT_SECRET=" + secret,
                        "-e EDGEFLEET_DATA_DIR=/var/lib/edgefleet-agent")
                .matches(".* edgefleet/agent:[0-9][^ ]*$");
        // EDGEFLEET_PUBLIC_GATEWAY_URL is set with a trailing slash: the command has none twice
        assertThat(body.path("runCommands").path("install").asText()).isEqualTo(
                "curl -fsSL https://edgefleet.example.com/agent/install.sh | sudo sh -s -- --gateway "
                        + "https://edgefleet.example.com --broker " + broker + " --tenant default --endpoint " + id
                        + " --secret " + secret);

        Map<String, Object> row = registry.sql("SELECT * FROM registry.endpoints WHERE id = ?", id).get(0);
        assertThat(row.get("secret_sha256")).isEqualTo(Credentials.sha256Hex(secret));
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(secret));

        JsonNode fetched = registry.endpoint(id);
        assertThat(fetched.has("secret")).isFalse();
        assertThat(JsonSchemas.load().validate("rest/endpoint", fetched)).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.registered", id).size() == 1);
        EventEnvelope event = registry.events("endpoint.registered", id).get(0);
        assertThat(event.source()).isEqualTo("/edgefleet/registry");
        assertThat(event.tenant()).isEqualTo("default");
        assertThat(event.data().path("name").asText()).isEqualTo("press-01");
        assertThat(event.data().path("labels").path("site").asText()).isEqualTo("qingdao");
        assertThat(event.toJson()).doesNotContain(secret);
    }

    @Test
    void everyValidCreateExampleOfTheContractIsAccepted() {
        ContractExamples.rest("endpoint-create.valid").forEach((file, example) -> {
            ObjectNode body = example.deepCopy();
            body.put("name", "example-" + file.replace(".json", "").replaceAll("[^a-z0-9-]", "-"));
            Http.Response created = http.post(ENDPOINTS, body.toString());
            assertThat(created.status()).as(file + ": " + created.text()).isEqualTo(201);
            assertThat(created.json().path("labels")).isEqualTo(body.has("labels") ? body.get("labels")
                    : JsonNodeFactory.instance.objectNode());
        });
    }

    @Test
    void everyApiAndInternalRouteNeedsTheInternalToken() {
        Http anonymous = registry.anonymousHttp();
        Http wrong = http.withToken("not-the-token");

        for (Http caller : List.of(anonymous, wrong)) {
            assertProblem(caller.get(ENDPOINTS), 401, "unauthorized");
            assertProblem(caller.post(ENDPOINTS, "{\"name\":\"sneaky\"}"), 401, "unauthorized");
            assertProblem(caller.post("/internal/v1/mqtt/auth", "{}"), 401, "unauthorized");
            assertProblem(caller.get("/api/v1/nothing-here"), 401, "unauthorized");
        }
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
        assertThat(registry.sql("SELECT 1 FROM registry.endpoints WHERE name = 'sneaky'")).isEmpty();
    }

    @Test
    void readinessReportsDatabaseAndBroker() {
        Http.Response ready = registry.anonymousHttp().get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("checks").path("postgres").asText()).isEqualTo("UP");
        assertThat(ready.json().path("checks").path("broker").asText()).isEqualTo("UP");
    }

    @Test
    void unknownTenantUnknownEndpointAndAnotherTenantsEndpointAreAll404() {
        JsonNode acme = http.post("/api/v1/tenants/acme/endpoints", "{\"name\":\"acme-gw\"}").json();
        String acmeId = acme.path("id").asText();

        assertProblem(http.get("/api/v1/tenants/nowhere/endpoints"), 404, "tenant-not-found");
        assertProblem(http.post("/api/v1/tenants/nowhere/endpoints", "{\"name\":\"x1\"}"), 404, "tenant-not-found");
        assertProblem(http.get(ENDPOINTS + "/ep-aaaaaaaaaaaa"), 404, "not-found");
        assertProblem(http.get(ENDPOINTS + "/not-an-id"), 404, "not-found");
        assertProblem(http.get(ENDPOINTS + "/" + acmeId), 404, "not-found");
        assertProblem(http.patch(ENDPOINTS + "/" + acmeId, "{\"description\":\"mine now\"}"), 404, "not-found");
        assertProblem(http.delete(ENDPOINTS + "/" + acmeId), 404, "not-found");
        assertProblem(http.post(ENDPOINTS + "/" + acmeId + "/credentials", null), 404, "not-found");
        assertProblem(http.get("/api/v1/nothing-here"), 404, "not-found");

        // a caller of tenant default only (the gateway's X-Edgefleet-Tenants) finds no tenant acme at all
        Http defaultOnly = http.withTenants("default");
        assertProblem(defaultOnly.get("/api/v1/tenants/acme/endpoints"), 404, "tenant-not-found");
        assertProblem(defaultOnly.get("/api/v1/tenants/acme/endpoints/" + acmeId), 404, "tenant-not-found");
        assertProblem(defaultOnly.delete("/api/v1/tenants/acme/endpoints/" + acmeId), 404, "tenant-not-found");
        assertProblem(http.withTenants(null).get("/api/v1/tenants/acme/endpoints"), 404, "tenant-not-found");
        assertThat(defaultOnly.get(ENDPOINTS).status()).isEqualTo(200);

        JsonNode stillThere = http.get("/api/v1/tenants/acme/endpoints/" + acmeId).json();
        assertThat(stillThere.path("description").isNull()).isTrue();
        assertThat(http.get("/api/v1/tenants/acme/endpoints").json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("PATCH replaces labels, clears fields with null, and endpoint.updated names the changed fields")
    void patchChangesOnlyWhatItNames() {
        String id = registry.createEndpoint("patch-me", "{\"site\":\"qingdao\",\"line\":\"a\"}").path("id").asText();
        http.patch(ENDPOINTS + "/" + id, "{\"description\":\"old\",\"location\":\"hall 1\"}");

        Http.Response patched = http.patch(ENDPOINTS + "/" + id, "{\"labels\":{\"site\":\"berlin\"},\"description\":null}");

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().path("labels")).hasToString("{\"site\":\"berlin\"}");
        assertThat(patched.json().path("description").isNull()).isTrue();
        assertThat(patched.json().path("location").asText()).isEqualTo("hall 1");
        assertThat(registry.endpoint(id)).isEqualTo(patched.json());
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.updated", id).size() == 2);
        EventEnvelope last = registry.events("endpoint.updated", id).get(1);
        assertThat(last.data().path("changed")).hasToString("[\"labels\",\"description\"]");
        assertThat(last.data().path("labels")).hasToString("{\"site\":\"berlin\"}");
    }

    @Test
    @DisplayName("a link profile is stored with its preset expanded, carried by endpoint.updated, and null resets it")
    void linkProfileRoundTrip() {
        String id = registry.createEndpoint("link-me", null).path("id").asText();
        assertThat(registry.endpoint(id).path("linkProfile").isNull()).isTrue();

        Http.Response patched = http.patch(ENDPOINTS + "/" + id,
                "{\"linkProfile\":{\"preset\":\"satellite\",\"keepAliveSeconds\":90}}");

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        // members compared as JSON: PostgreSQL's jsonb keeps no member order
        assertThat(patched.json().path("linkProfile")).isEqualTo(Json.parse(("{\"preset\":\"satellite\","
                + "\"keepAliveSeconds\":90,\"commandTtlSeconds\":300,\"replyTimeoutSeconds\":8,"
                + "\"reconnectBackoff\":{\"initialSeconds\":5,\"maxSeconds\":300}}").getBytes(StandardCharsets.UTF_8)));
        assertThat(registry.endpoint(id)).isEqualTo(patched.json());
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.updated", id).size() == 1);
        EventEnvelope updated = registry.events("endpoint.updated", id).get(0);
        assertThat(updated.data().path("changed")).hasToString("[\"linkProfile\"]");
        assertThat(updated.data().path("linkProfile")).isEqualTo(patched.json().path("linkProfile"));

        Http.Response reset = http.patch(ENDPOINTS + "/" + id, "{\"linkProfile\":null}");
        assertThat(reset.json().path("linkProfile").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.updated", id).size() == 2);
        assertThat(registry.events("endpoint.updated", id).get(1).data().path("linkProfile").isNull()).isTrue();
    }

    @Test
    void patchThatChangesNothingWritesNothing() {
        String id = registry.createEndpoint("no-op", "{\"site\":\"qingdao\"}").path("id").asText();
        String updatedAt = registry.endpoint(id).path("updatedAt").asText();

        Http.Response patched = http.patch(ENDPOINTS + "/" + id, "{\"labels\":{\"site\":\"qingdao\"}}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("updatedAt").asText()).isEqualTo(updatedAt);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> registry.events("endpoint.updated", id).isEmpty());
    }

    @Test
    @DisplayName("rotating the secret answers a new one, the old one is denied by the auth API, and the event carries no secret")
    void rotationReplacesTheSecret() {
        JsonNode created = registry.createEndpoint("rotate-me", null);
        String id = created.path("id").asText();
        String oldSecret = created.path("secret").asText();

        Http.Response rotated = http.post(ENDPOINTS + "/" + id + "/credentials", null);

        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        assertThat(JsonSchemas.load().validate("rest/credential", rotated.json())).isEmpty();
        String newSecret = rotated.json().path("secret").asText();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(rotated.json().path("runCommands").path("jar").asText()).endsWith("--secret " + newSecret);
        assertThat(auth(id, oldSecret)).isEqualTo("deny");
        assertThat(auth(id, newSecret)).isEqualTo("allow");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.credential-rotated", id).size() == 1);
        assertThat(registry.events("endpoint.credential-rotated", id).get(0).toJson()).doesNotContain(newSecret);
    }

    @Test
    @DisplayName("delete answers 204, emits endpoint.offline (deleted) and endpoint.deleted, and clears the retained presence and state")
    void deleteRemovesEverythingOfTheEndpoint() throws Exception {
        String id = registry.createEndpoint("delete-me", null).path("id").asText();
        String edge = "edge/v1/default/" + id + "/";
        try (MqttTestClient service = registry.service()) {
            service.publish(edge + "presence", "{\"status\":\"online\",\"reason\":\"connected\"}", true);
            service.publish(edge + "state", StateReports.minimal("2025-06-01T08:00:00Z"), true);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.status(id).equals("online"));

        Http.Response deleted = http.delete(ENDPOINTS + "/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        assertProblem(http.get(ENDPOINTS + "/" + id), 404, "not-found");
        assertProblem(http.delete(ENDPOINTS + "/" + id), 404, "not-found");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.events("endpoint.deleted", id).size() == 1);
        assertThat(registry.events("endpoint.offline", id)).singleElement()
                .satisfies(e -> assertThat(e.data().path("cause").asText()).isEqualTo("deleted"));
        assertThat(registry.events("endpoint.deleted", id).get(0).data().path("name").asText()).isEqualTo("delete-me");
        try (MqttTestClient late = registry.service()) {
            late.subscribe(edge + "#");
            Thread.sleep(500);
            assertThat(late.received()).as("retained messages left on %s#", edge).isEmpty();
        }
    }

    @Test
    @DisplayName("deleting the endpoint of a connected agent leaves no retained presence, not even its Last Will")
    void deleteOfAConnectedAgentLeavesNoRetainedPresence() throws Exception {
        JsonNode created = registry.createEndpoint("delete-connected", null);
        String id = created.path("id").asText();
        String edge = "edge/v1/default/" + id + "/";
        MqttTestClient agent = registry.agent(id, created.path("secret").asText(),
                "{\"status\":\"offline\",\"reason\":\"connection-lost\"}");
        agent.publish(edge + "presence", "{\"status\":\"online\",\"reason\":\"connected\",\"connectionId\":\"c1\"}", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.status(id).equals("online"));

        assertThat(http.delete(ENDPOINTS + "/" + id).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected());
        Thread.sleep(1000);
        try (MqttTestClient late = registry.service()) {
            late.subscribe(edge + "#");
            Thread.sleep(500);
            assertThat(late.received()).as("retained messages left on %s#", edge).isEmpty();
        }
    }

    private static String auth(String id, String secret) {
        return http.post("/internal/v1/mqtt/auth", "{\"clientId\":\"" + id + "\",\"username\":\"" + id
                + "\",\"password\":\"" + secret + "\"}").json().path("result").asText();
    }

    static void assertProblem(Http.Response response, int status, String slug) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asText()).isEqualTo("https://edgefleet.io/problems/" + slug);
        assertThat(JsonSchemas.load().validate("rest/problem", response.json())).isEmpty();
    }
}
