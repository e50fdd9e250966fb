package io.edgefleet.registry.http;

import static io.edgefleet.registry.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.registry.testing.StateReports;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET .../endpoints/{id}/containers} and the agent version in the endpoint resource, fed by state reports that
 * agents publish through the real broker into the real database.
 */
class EndpointContainersIT {

    static final String ENDPOINTS = "/api/v1/tenants/default/endpoints";
    static final String TWO_CONTAINERS = """
            [{"id":"4f1c9e2ab0d3","name":"opcua-bridge","image":"registry.local/opcua-bridge:2.1.0","state":"running",
              "status":"Up 3 minutes","managed":true,"app":"opcua-bridge","labels":{"io.edgefleet.managed":"true"},
              "created":"2025-06-01T08:12:01.503712946Z","ipAddresses":{"bridge":"172.17.0.2"},
              "ports":[{"containerPort":4840,"hostIp":"0.0.0.0","hostPort":4840,"protocol":"tcp"}],
              "restartCount":0,"health":"none"},
             {"id":"9a8b7c6d5e4f","name":"portainer","image":"portainer/agent:2.19","state":"exited",
              "status":"Exited (0) 2 hours ago","managed":false}]""";
    static final String ONE_APP = """
            [{"name":"opcua-bridge","revision":2,"phase":"Running","containerId":"4f1c9e2ab0d3","restarts":0,
              "since":"2025-06-01T08:12:03.250Z"}]""";

    static RegistryHarness registry;
    static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        http = registry.http();
        registry.tenant("acme", "active");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("before any state report: reportedAt null, no containers, no apps; agentVersion and observedGeneration null")
    void endpointWithoutReportAnswersEmptyLists() {
        String id = registry.createEndpoint("quiet-1", null).path("id").asText();

        Http.Response containers = http.get(ENDPOINTS + "/" + id + "/containers");

        assertThat(containers.status()).as(containers.text()).isEqualTo(200);
        assertThat(containers.header("Cache-Control")).isEqualTo("no-store");
        assertThat(containers.json()).hasToString("{\"reportedAt\":null,\"containers\":[],\"apps\":[]}");
        assertThat(JsonSchemas.load().validate("rest/endpoint-containers", containers.json())).isEmpty();
        JsonNode endpoint = registry.endpoint(id);
        assertThat(endpoint.has("agentVersion")).isTrue();
        assertThat(endpoint.path("agentVersion").isNull()).isTrue();
        assertThat(endpoint.path("observedGeneration").isNull()).isTrue();
    }

    @Test
    @DisplayName("the newest state report's containers and apps are served as reported; the next report replaces them")
    void newestReportIsServed() {
        JsonNode created = registry.createEndpoint("reporting-1", null);
        String id = created.path("id").asText();
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (MqttTestClient agent = registry.agent(id, created.path("secret").asText(), null)) {
            agent.publish(topic(id), StateReports.withContainers(first.toString(), 3, "0.1.0", TWO_CONTAINERS, ONE_APP), true);
            await().atMost(Duration.ofSeconds(3)).until(() -> containers(id).path("containers").size() == 2);

            JsonNode reported = containers(id);
            assertThat(JsonSchemas.load().validate("rest/endpoint-containers", reported)).isEmpty();
            assertThat(Instant.parse(reported.path("reportedAt").asText())).isEqualTo(first);
            assertThat(reported.path("containers")).isEqualTo(json(TWO_CONTAINERS));
            assertThat(reported.path("apps")).isEqualTo(json(ONE_APP));
            JsonNode endpoint = registry.endpoint(id);
            assertThat(endpoint.path("agentVersion").asText()).isEqualTo("0.1.0");
            assertThat(endpoint.path("observedGeneration").asLong()).isEqualTo(3);
            assertThat(JsonSchemas.load().validate("rest/endpoint", endpoint)).isEmpty();

            // an agent that left both lists out reports none (the schema's default), and a new version
            Instant second = first.plusSeconds(5);
            agent.publish(topic(id), StateReports.withHostname(second.toString(), "press-b")
                    .replace("\"agentVersion\":\"0.1.0\",", "\"agentVersion\":\"0.2.0\","), true);
            await().atMost(Duration.ofSeconds(3)).until(() -> containers(id).path("containers").isEmpty());
            JsonNode replaced = containers(id);
            assertThat(Instant.parse(replaced.path("reportedAt").asText())).isEqualTo(second);
            assertThat(replaced.path("apps").isEmpty()).isTrue();
            JsonNode after = registry.endpoint(id);
            assertThat(after.path("agentVersion").asText()).isEqualTo("0.2.0");
            assertThat(after.path("facts").path("hostname").asText()).isEqualTo("press-b");
        }
    }

    @Test
    @DisplayName("a report stored before containers were kept answers reportedAt null until the next report")
    void reportWithoutStoredContainersIsNotPassedOffAsEmpty() {
        JsonNode created = registry.createEndpoint("upgraded-1", null);
        String id = created.path("id").asText();
        try (MqttTestClient agent = registry.agent(id, created.path("secret").asText(), null)) {
            agent.publish(topic(id), StateReports.withContainers(Instant.now().toString(), 1, "0.1.0", TWO_CONTAINERS, ONE_APP), true);
            await().atMost(Duration.ofSeconds(3)).until(() -> containers(id).path("containers").size() == 2);
        }
        // what a row written before migration V3 looks like: a report time, no lists
        assertThat(registry.sql("UPDATE registry.endpoints SET containers = NULL, apps = NULL WHERE id = ? RETURNING id", id))
                .hasSize(1);

        assertThat(containers(id)).hasToString("{\"reportedAt\":null,\"containers\":[],\"apps\":[]}");
    }

    @Test
    @DisplayName("an unknown endpoint, an id that cannot exist, another tenant's endpoint and an unknown tenant are 404")
    void foreignAndUnknownEndpointsAre404() {
        String acmeId = http.post("/api/v1/tenants/acme/endpoints", "{\"name\":\"acme-gw\"}").json().path("id").asText();

        assertProblem(http.get(ENDPOINTS + "/ep-aaaaaaaaaaaa/containers"), 404, "not-found");
        assertProblem(http.get(ENDPOINTS + "/not-an-id/containers"), 404, "not-found");
        assertProblem(http.get(ENDPOINTS + "/" + acmeId + "/containers"), 404, "not-found");
        assertProblem(http.get("/api/v1/tenants/nowhere/endpoints/" + acmeId + "/containers"), 404, "tenant-not-found");
        assertProblem(http.withTenants("default").get("/api/v1/tenants/acme/endpoints/" + acmeId + "/containers"), 404,
                "tenant-not-found");
        assertThat(http.get("/api/v1/tenants/acme/endpoints/" + acmeId + "/containers").status()).isEqualTo(200);
    }

    private static JsonNode containers(String id) {
        Http.Response response = http.get(ENDPOINTS + "/" + id + "/containers");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static String topic(String id) {
        return "edge/v1/default/" + id + "/state";
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
