package io.edgefleet.deployment.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.events.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppTargetTest {

    private static AppTarget target(String json) {
        return AppTarget.fromJson(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void selectsListedEndpointsWhateverTheirLabelsAndMatchingOnesBySelector() {
        AppTarget target = target("{\"endpoints\":[\"ep-aaaaaaaaaaaa\"],\"selector\":\"site=qingdao,!legacy\"}");

        assertThat(target.selects("ep-aaaaaaaaaaaa", Map.of())).isTrue();
        assertThat(target.selects("ep-bbbbbbbbbbbb", Map.of("site", "qingdao"))).isTrue();
        assertThat(target.selects("ep-bbbbbbbbbbbb", Map.of("site", "qingdao", "legacy", ""))).isFalse();
        assertThat(target.selects("ep-bbbbbbbbbbbb", Map.of("site", "berlin"))).isFalse();
    }

    @Test
    void writesBackWhatWasGiven() {
        assertThat(target("{\"selector\":\"line in (a,b)\"}").toJson())
                .isEqualTo(Json.parse("{\"selector\":\"line in (a,b)\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(target("{\"endpoints\":[\"ep-aaaaaaaaaaaa\"]}").toJson().has("selector")).isFalse();
    }

    @Test
    void refusesASelectorThatSelectsEverythingOrDoesNotParse() {
        assertThatThrownBy(() -> target("{\"selector\":\"  \"}"))
                .isInstanceOf(AppTarget.InvalidTargetException.class).hasMessageContaining("every endpoint");
        assertThatThrownBy(() -> target("{\"selector\":\"site in (a\"}"))
                .isInstanceOf(AppTarget.InvalidTargetException.class).hasMessageContaining("at character");
    }

    @Test
    void aPartitionTargetSelectsNoEndpointAndWantsAKubernetesNameForTheApp() {
        AppTarget target = target("{\"partition\":\"line-1\"}");

        assertThat(target.partition()).contains("line-1");
        assertThat(target.selects("ep-aaaaaaaaaaaa", Map.of("site", "qingdao"))).isFalse();
        assertThat(target.toJson()).isEqualTo(Json.parse("{\"partition\":\"line-1\"}".getBytes(StandardCharsets.UTF_8)));
        target.checkAppName("inspector-2");
        assertThatThrownBy(() -> target.checkAppName("vision_inspector"))
                .isInstanceOf(AppTarget.InvalidTargetException.class)
                .satisfies(e -> assertThat(((AppTarget.InvalidTargetException) e).field()).isEqualTo("/name"));
        target("{\"selector\":\"site=a\"}").checkAppName("vision_inspector");
    }

    @Test
    void refusesAPartitionTogetherWithEndpoints() {
        assertThatThrownBy(() -> target("{\"partition\":\"line-1\",\"endpoints\":[\"ep-aaaaaaaaaaaa\"]}"))
                .isInstanceOf(AppTarget.InvalidTargetException.class).hasMessageContaining("either a partition");
    }
}
