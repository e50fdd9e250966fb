package io.edgefleet.registry.http;

import static io.edgefleet.registry.http.EndpointApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.registry.testing.ContractExamples;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.RegistryHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every bad input answers a problem document naming what is wrong, and changes nothing: the stored rows
 * are the same and no event is emitted.
 */
class EndpointValidationIT {

    static final String ENDPOINTS = "/api/v1/tenants/default/endpoints";
    static RegistryHarness registry;
    static Http http;
    static String existingId;

    List<Map<String, Object>> rowsBefore;
    int eventsBefore;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        http = registry.http();
        existingId = registry.createEndpoint("Press-01", "{\"site\":\"qingdao\"}").path("id").asText();
        http.patch(ENDPOINTS + "/" + existingId, "{\"timezone\":\"Europe/Berlin\",\"description\":\"kept\"}");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void snapshot() {
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.sql("SELECT 1 FROM registry.outbox").isEmpty());
        rowsBefore = rows();
        eventsBefore = registry.events().size();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(rows()).as("stored endpoints").isEqualTo(rowsBefore);
        assertThat(registry.sql("SELECT 1 FROM registry.outbox")).as("queued events").isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> registry.events().size() == eventsBefore);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(http.post(ENDPOINTS, "{\"name\": "), 400, "malformed-json");
        assertProblem(http.post(ENDPOINTS, "[1,2]"), 400, "malformed-json");
        assertProblem(http.post(ENDPOINTS, ""), 400, "malformed-json");
        assertProblem(http.patch(ENDPOINTS + "/" + existingId, "{\"labels\": {"), 400, "malformed-json");
    }

    @Test
    void unknownFieldsAreNamed() {
        assertFields(http.post(ENDPOINTS, "{\"name\":\"ok-1\",\"colour\":\"red\"}"), "/colour");
        assertFields(http.patch(ENDPOINTS + "/" + existingId, "{\"name\":\"renamed\"}"), "/name");
    }

    @Test
    void wrongTypesAreNamed() {
        assertFields(http.post(ENDPOINTS, "{\"name\":5}"), "/name");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"ok-2\",\"labels\":\"site=a\"}"), "/labels");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"ok-3\",\"labels\":{\"site\":1}}"), "/labels/site");
        assertFields(http.patch(ENDPOINTS + "/" + existingId, "{\"description\":42,\"location\":[]}"),
                "/description", "/location");
    }

    @Test
    @DisplayName("missing, empty, 300-character and badly formed names are refused naming /name")
    void badNamesAreNamed() {
        assertFields(http.post(ENDPOINTS, "{}"), "/name");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"\"}"), "/name");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"" + "n".repeat(300) + "\"}"), "/name");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"has space\"}"), "/name");
    }

    @Test
    void badLabelsAreNamed() {
        assertFields(http.post(ENDPOINTS, "{\"name\":\"ok-4\",\"labels\":{\"-bad\":\"a\"}}"), "/labels/-bad");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"ok-5\",\"labels\":{\"site\":\"" + "v".repeat(64) + "\"}}"),
                "/labels/site");
    }

    @Test
    void unknownTimezoneIsNamedOnCreateAndPatch() {
        Http.Response create = http.post(ENDPOINTS, "{\"name\":\"ok-6\",\"timezone\":\"Mars/Olympus\"}");
        assertFields(create, "/timezone");
        assertThat(create.json().path("errors").get(0).path("message").asText()).contains("Mars/Olympus");

        // a valid label change next to a bad zone is not applied either
        assertFields(http.patch(ENDPOINTS + "/" + existingId, "{\"labels\":{\"site\":\"berlin\"},\"timezone\":\"+02:00\"}"),
                "/timezone");
    }

    @Test
    @DisplayName("link profiles out of bounds, of unknown presets or with a first reconnect delay above the longest are refused naming the field")
    void badLinkProfilesAreNamed() {
        String self = ENDPOINTS + "/" + existingId;
        assertFields(http.patch(self, "{\"linkProfile\":{\"keepAliveSeconds\":4}}"), "/linkProfile/keepAliveSeconds");
        assertFields(http.patch(self, "{\"linkProfile\":{\"replyTimeoutSeconds\":601}}"),
                "/linkProfile/replyTimeoutSeconds");
        assertFields(http.patch(self, "{\"linkProfile\":{\"preset\":\"dial-up\"}}"), "/linkProfile/preset");
        assertFields(http.patch(self, "{\"linkProfile\":\"satellite\"}"), "/linkProfile");
        Http.Response order = http.patch(self,
                "{\"linkProfile\":{\"reconnectBackoff\":{\"initialSeconds\":30,\"maxSeconds\":10}}}");
        assertFields(order, "/linkProfile/reconnectBackoff/initialSeconds");
        assertThat(order.json().path("errors").get(0).path("message").asText()).contains("30 s").contains("10 s");
        assertFields(http.post(ENDPOINTS, "{\"name\":\"ok-7\",\"linkProfile\":{\"reconnectBackoff\":{\"initialSeconds\":61}}}"),
                "/linkProfile/reconnectBackoff/initialSeconds");
    }

    @Test
    void allProblemsOfABodyAreReportedTogether() {
        assertFields(http.post(ENDPOINTS, "{\"name\":\"\",\"timezone\":\"Nowhere/City\",\"extra\":true}"),
                "/extra", "/name", "/timezone");
    }

    @Test
    void everyInvalidExampleOfTheContractIsRefusedNamingAField() {
        ContractExamples.rest("endpoint-create.invalid-").forEach((file, body) -> {
            Http.Response response = http.post(ENDPOINTS, body.toString());
            assertProblem(response, 422, "validation");
            assertThat(response.json().path("errors")).as(file).isNotEmpty();
        });
        ContractExamples.rest("endpoint-update.invalid-").forEach((file, body) -> {
            Http.Response response = http.patch(ENDPOINTS + "/" + existingId, body.toString());
            assertProblem(response, 422, "validation");
            assertThat(response.json().path("errors")).as(file).isNotEmpty();
        });
    }

    @Test
    void emptyPatchIsRefused() {
        assertFields(http.patch(ENDPOINTS + "/" + existingId, "{}"), "");
    }

    @Test
    @DisplayName("a taken name is 409 naming /name, whatever its case")
    void duplicateNamesConflict() {
        Http.Response same = http.post(ENDPOINTS, "{\"name\":\"Press-01\",\"labels\":{\"a\":\"b\"}}");
        assertProblem(same, 409, "name-taken");
        assertThat(same.json().path("errors").get(0).path("field").asText()).isEqualTo("/name");
        assertThat(same.json().path("detail").asText()).contains("Press-01");

        assertProblem(http.post(ENDPOINTS, "{\"name\":\"press-01\"}"), 409, "name-taken");
    }

    @Test
    void oversizedBodyIs413() {
        Http.Response huge = http.post(ENDPOINTS, "{\"name\":\"big\",\"description\":\"" + "x".repeat(70_000) + "\"}");

        assertProblem(huge, 413, "payload-too-large");
    }

    @Test
    void badListParametersAre400NamingTheParameter() {
        assertQueryProblem("status=sleeping", "status");
        assertQueryProblem("status=online&status=offline", "status");
        assertQueryProblem("selector=site%20in%20(a", "selector");
        assertQueryProblem("selector=site%3D%3D%3Da", "selector");
        assertQueryProblem("page=0", "page");
        assertQueryProblem("page=abc", "page");
        assertQueryProblem("size=0", "size");
        assertQueryProblem("size=501", "size");
        assertQueryProblem("nameContains=" + "x".repeat(64), "nameContains");
        assertQueryProblem("colour=red", "colour");

        Http.Response selector = http.get(ENDPOINTS + "?selector=site%20in%20(a");
        assertThat(selector.json().path("detail").asText()).contains("at character 11");
    }

    private static void assertQueryProblem(String query, String parameter) {
        Http.Response response = http.get(ENDPOINTS + "?" + query);
        assertProblem(response, 400, "invalid-query");
        assertThat(response.json().path("detail").asText()).as(query).contains(parameter);
    }

    private static void assertFields(Http.Response response, String... fields) {
        assertProblem(response, 422, "validation");
        List<String> named = new ArrayList<>();
        for (JsonNode error : response.json().path("errors")) {
            named.add(error.path("field").asText());
        }
        assertThat(named).as(response.text()).containsOnly(fields);
    }

    private static List<Map<String, Object>> rows() {
        return registry.sql("SELECT * FROM registry.endpoints ORDER BY id");
    }
}
