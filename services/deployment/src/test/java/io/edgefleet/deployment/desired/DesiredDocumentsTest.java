package io.edgefleet.deployment.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.app.TargetOverrides;
import io.edgefleet.deployment.config.SpecResolver;
import io.edgefleet.deployment.registry.RegistrySeal;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One endpoint's desired document, compiled without the database. */
class DesiredDocumentsTest {

    private static final OffsetDateTime ISSUED = OffsetDateTime.parse("2026-11-28T04:00:00Z");
    private static final String LINE3 = "{\"site\":\"qingdao\",\"line\":\"3\"}";
    private static final String LINE4 = "{\"site\":\"qingdao\",\"line\":\"4\"}";

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static DesiredDocuments.CompiledApp app(String name, String spec, String selector, String overrides,
                                                    List<String> registries) {
        return new DesiredDocuments.CompiledApp(name, 2, json(spec),
                AppTarget.fromJson(JsonNodeFactory.instance.objectNode().put("selector", selector)),
                overrides == null ? TargetOverrides.NONE : TargetOverrides.fromJson(json(overrides)), registries);
    }

    private static DesiredDocuments documents(DesiredDocuments.CompiledApp... apps) {
        SpecResolver.Resolution resolution = new SpecResolver.Resolution(Map.of(), Map.of(
                "plant", new RegistrySeal.Credential("plant", "reg.plant:5000", "edge", "pull-token", 4),
                "unused", new RegistrySeal.Credential("unused", "reg.other:5000", "x", "y", 1)));
        return new DesiredDocuments(JsonSchemas.load(), List.of(apps), Map.of(), resolution);
    }

    @Test
    void anEndpointGetsTheAppsItsLabelsSelectOverriddenForItAndOnlyTheRegistriesTheyUse() {
        DesiredDocuments documents = documents(
                app("historian", "{\"image\":\"reg.plant:5000/historian:1\"}", "site=qingdao",
                        "[{\"selector\":\"line=3\",\"image\":\"reg.plant:5000/historian:2-rc\"}]", List.of("plant")),
                app("vision", "{\"image\":\"vision:1\"}", "line=4", null, List.of()));

        DesiredDocuments.Compiled compiled = documents.compile("ep-aaaaaaaaaaaa", LINE3, 6L, null, ISSUED);

        JsonNode document = json(compiled.document().toString());
        assertThat(compiled.generation()).isEqualTo(7);
        assertThat(document.get("apps")).hasSize(1);
        assertThat(document.at("/apps/0/spec/image").asText()).isEqualTo("reg.plant:5000/historian:2-rc");
        assertThat(document.get("registries")).hasSize(1);
        assertThat(document.at("/registries/0/host").asText()).isEqualTo("reg.plant:5000");
        assertThat(json(compiled.content()).at("/0/overridden").isTextual()).isTrue();
    }

    @Test
    void contentAsPublishedLastGivesNoDocument() {
        DesiredDocuments documents = documents(app("vision", "{\"image\":\"vision:1\"}", "line=4", null, List.of()));
        String published = documents.compile("ep-aaaaaaaaaaaa", LINE4, null, null, ISSUED).content();

        assertThat(documents.compile("ep-aaaaaaaaaaaa", LINE4, 1L, published, ISSUED)).isNull();
        assertThat(documents.compile("ep-aaaaaaaaaaaa", LINE4, 1L, published.replace(":2", ":1"), ISSUED)).isNotNull();
    }

    @Test
    void theAgentsPartOfTheLinkProfileTravelsInTheDocumentAndAChangeOfItIsANewGeneration() {
        DesiredDocuments documents = documents(app("vision", "{\"image\":\"vision:1\"}", "line=4", null, List.of()));
        String profile = "{\"preset\":\"satellite\",\"keepAliveSeconds\":120,\"commandTtlSeconds\":300,"
                + "\"replyTimeoutSeconds\":8,\"reconnectBackoff\":{\"initialSeconds\":5,\"maxSeconds\":300}}";
        String withoutLink = documents.compile("ep-aaaaaaaaaaaa", LINE4, null, null, ISSUED).content();

        DesiredDocuments.Compiled compiled = documents.compile("ep-aaaaaaaaaaaa", LINE4, profile, 1L, withoutLink, ISSUED);

        JsonNode document = json(compiled.document().toString());
        assertThat(compiled.generation()).isEqualTo(2);
        assertThat(document.get("link")).isEqualTo(json(
                "{\"keepAliveSeconds\":120,\"reconnectBackoff\":{\"initialSeconds\":5,\"maxSeconds\":300}}"));
        assertThat(JsonSchemas.load().validate("desired", document)).isEmpty();
        assertThat(documents.compile("ep-aaaaaaaaaaaa", LINE4, profile, 2L, compiled.content(), ISSUED)).isNull();
        assertThat(documents.compile("ep-aaaaaaaaaaaa", LINE4, profile.replace("120", "90"), 2L, compiled.content(),
                ISSUED)).isNotNull();
    }

    @Test
    void aProfileWithoutAgentMembersLeavesTheDocumentAsBefore() {
        DesiredDocuments documents = documents(app("vision", "{\"image\":\"vision:1\"}", "line=4", null, List.of()));
        String withoutLink = documents.compile("ep-aaaaaaaaaaaa", LINE4, null, null, ISSUED).content();

        assertThat(documents.compile("ep-aaaaaaaaaaaa", LINE4, "{\"commandTtlSeconds\":600}", 1L, withoutLink, ISSUED))
                .isNull();
        assertThat(json(documents.compile("ep-aaaaaaaaaaaa", LINE4, "{\"commandTtlSeconds\":600}", null, null, ISSUED)
                .document().toString()).has("link")).isFalse();
    }

    @Test
    void aDocumentThatBreaksTheSchemaIsABugAndFailsTheCompile() {
        // a spec without an image never passes the app write; if one got here the compiler must not publish it
        DesiredDocuments documents = documents(app("vision", "{\"pullPolicy\":\"always\"}", "line=4", null, List.of()));

        assertThatThrownBy(() -> documents.compile("ep-aaaaaaaaaaaa", LINE4, null, null, ISSUED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ep-aaaaaaaaaaaa").hasMessageContaining("/apps/0/spec");
    }

    @Test
    void endpointsSharingTheirContentGetTheSameDocumentButTheirOwnIdAndGeneration() {
        DesiredDocuments documents = documents(app("vision", "{\"image\":\"vision:1\"}", "line=4", null, List.of()));

        JsonNode first = json(documents.compile("ep-aaaaaaaaaaaa", LINE4, null, null, ISSUED).document().toString());
        JsonNode second = json(documents.compile("ep-bbbbbbbbbbbb", LINE4, 8L, null, ISSUED).document().toString());

        assertThat(second.get("endpoint").asText()).isEqualTo("ep-bbbbbbbbbbbb");
        assertThat(second.get("generation").asLong()).isEqualTo(9);
        assertThat(second.get("apps")).isEqualTo(first.get("apps"));
    }
}
