package io.edgefleet.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.labels.LabelSelector;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.schemas.JsonSchemas;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;

/** Listing with status, label selector and name filters, paging and ordering. */
class EndpointListIT {

    static final String ENDPOINTS = "/api/v1/tenants/default/endpoints";
    static RegistryHarness registry;
    static Http http;
    static final Map<String, Map<String, String>> LABELS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        http = registry.http();
        LABELS.put("qd-press-1", Map.of("site", "qingdao", "line", "a", "gpu", "true"));
        LABELS.put("qd-press-2", Map.of("site", "qingdao", "line", "b"));
        LABELS.put("Qd-Robot-3", Map.of("site", "qingdao", "line", "c", "edgefleet.io/role", "gateway"));
        LABELS.put("be-oven-1", Map.of("site", "berlin", "line", "a"));
        LABELS.put("be-oven-2", Map.of("site", "berlin"));
        LABELS.put("unlabelled", Map.of());
        LABELS.forEach((name, labels) -> registry.createEndpoint(name, json(labels)));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void listsEveryEndpointOrderedByNameIgnoringCase() {
        JsonNode page = http.get(ENDPOINTS).json();

        assertThat(JsonSchemas.load().validate("rest/endpoint-page", page)).isEmpty();
        assertThat(names(page)).containsExactly("be-oven-1", "be-oven-2", "qd-press-1", "qd-press-2", "Qd-Robot-3",
                "unlabelled");
        assertThat(page.path("total").asInt()).isEqualTo(6);
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("size").asInt()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"site=qingdao", "site==qingdao", "site!=qingdao", "line in (a,c)", "line notin (a, c)",
        "gpu", "!gpu", "site=qingdao,line!=a", "edgefleet.io/role=gateway", "!line,!site", "site in (qingdao),gpu=true",
        "site=nowhere"})
    void selectorSelectsWhatItsDefinitionSays(String selector) {
        LabelSelector parsed = LabelSelector.parse(selector);
        List<String> expected = LABELS.entrySet().stream()
                .filter(e -> parsed.matches(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .toList();

        JsonNode page = http.get(ENDPOINTS + "?selector=" + encode(selector)).json();

        assertThat(names(page)).as(selector).containsExactlyElementsOf(expected);
        assertThat(page.path("total").asInt()).isEqualTo(expected.size());
    }

    @Test
    void selectorValuesAreDataNotSql() {
        JsonNode page = http.get(ENDPOINTS + "?selector=" + encode("site in (qingdao,x--y)")).json();
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(http.get(ENDPOINTS + "?nameContains=" + encode("' OR 1=1 --")).json().path("total").asInt()).isZero();
        assertThat(http.get(ENDPOINTS + "?nameContains=%25").json().path("total").asInt()).isZero();
    }

    @Test
    void nameContainsIgnoresCase() {
        assertThat(names(http.get(ENDPOINTS + "?nameContains=QD-").json()))
                .containsExactly("qd-press-1", "qd-press-2", "Qd-Robot-3");
        assertThat(names(http.get(ENDPOINTS + "?nameContains=oven&selector=line%3Da").json())).containsExactly("be-oven-1");
    }

    @Test
    void pagesSplitTheOrderedListAndKeepTheTotal() {
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode body = http.get(ENDPOINTS + "?size=2&page=" + page).json();
            assertThat(body.path("total").asInt()).isEqualTo(6);
            assertThat(body.path("items")).hasSize(2);
            seen.addAll(names(body));
        }
        assertThat(seen).containsExactly("be-oven-1", "be-oven-2", "qd-press-1", "qd-press-2", "Qd-Robot-3", "unlabelled");
        JsonNode beyond = http.get(ENDPOINTS + "?size=2&page=4").json();
        assertThat(beyond.path("items")).isEmpty();
        assertThat(beyond.path("total").asInt()).isEqualTo(6);
        assertThat(http.get(ENDPOINTS + "?size=500").json().path("items")).hasSize(6);
    }

    @Test
    @DisplayName("status, selector and nameContains together: the total counts what all of them select, over every page")
    void everyFilterTogetherPagesWithTheFilteredTotal() {
        String query = ENDPOINTS + "?status=pending&selector=" + encode("site=berlin") + "&nameContains=OVEN&size=1&page=";

        JsonNode first = http.get(query + 1).json();
        JsonNode second = http.get(query + 2).json();

        assertThat(names(first)).containsExactly("be-oven-1");
        assertThat(names(second)).containsExactly("be-oven-2");
        assertThat(List.of(first.path("total").asInt(), second.path("total").asInt())).containsExactly(2, 2);
        assertThat(http.get(query + 3).json().path("items")).isEmpty();
    }

    @Test
    void statusFilterSelectsByPresence() {
        String online = idOf("qd-press-2");
        try (var service = registry.service()) {
            service.publish("edge/v1/default/" + online + "/presence", "{\"status\":\"online\"}", true);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.status(online).equals("online"));

        assertThat(names(http.get(ENDPOINTS + "?status=online").json())).containsExactly("qd-press-2");
        assertThat(http.get(ENDPOINTS + "?status=pending").json().path("total").asInt()).isEqualTo(5);
        assertThat(http.get(ENDPOINTS + "?status=offline").json().path("total").asInt()).isZero();
        assertThat(names(http.get(ENDPOINTS + "?status=online&selector=line%3Db").json())).containsExactly("qd-press-2");
    }

    private static String idOf(String name) {
        for (JsonNode item : http.get(ENDPOINTS + "?nameContains=" + name).json().path("items")) {
            if (item.path("name").asText().equals(name)) {
                return item.path("id").asText();
            }
        }
        throw new IllegalStateException("no endpoint " + name);
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(Map<String, String> labels) {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(labels).forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(k).append("\":\"").append(v).append('"'));
        return json.append('}').toString();
    }
}
