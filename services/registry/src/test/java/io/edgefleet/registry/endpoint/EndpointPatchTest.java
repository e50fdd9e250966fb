package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.events.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointPatchTest {

    private final Endpoint current = new Endpoint("ep-aaaaaaaaaaaa", "default", "press-1",
            Map.of("site", "qingdao", "line", "a"), "old", "hall 3", "Asia/Shanghai", null, EndpointStatus.PENDING,
            null, null, 30, null, null, null, Instant.EPOCH, Instant.EPOCH);

    @Test
    void labelsReplaceTheWholeMapAndAbsentFieldsStay() {
        Endpoint after = patch("{\"labels\":{\"site\":\"berlin\"}}").applyTo(current);

        assertThat(after.labels()).containsExactly(Map.entry("site", "berlin"));
        assertThat(after.description()).isEqualTo("old");
        assertThat(after.location()).isEqualTo("hall 3");
        assertThat(EndpointPatch.changed(current, after)).containsExactly("labels");
    }

    @Test
    void nullClearsATextField() {
        Endpoint after = patch("{\"description\":null,\"timezone\":\"UTC\"}").applyTo(current);

        assertThat(after.description()).isNull();
        assertThat(after.timezone()).isEqualTo("UTC");
        assertThat(EndpointPatch.changed(current, after)).containsExactly("description", "timezone");
    }

    @Test
    void sameValuesChangeNothing() {
        Endpoint after = patch("{\"labels\":{\"line\":\"a\",\"site\":\"qingdao\"},\"location\":\"hall 3\"}").applyTo(current);

        assertThat(EndpointPatch.changed(current, after)).isEmpty();
    }

    @Test
    void aLinkProfileIsStoredWithItsPresetExpandedAndNullGoesBackToTheDefaults() {
        Endpoint after = patch("{\"linkProfile\":{\"preset\":\"satellite\",\"keepAliveSeconds\":90}}").applyTo(current);

        assertThat(after.linkProfile().path("keepAliveSeconds").asInt()).isEqualTo(90);
        assertThat(after.linkProfile().path("commandTtlSeconds").asInt()).isEqualTo(300);
        assertThat(EndpointPatch.changed(current, after)).containsExactly("linkProfile");

        Endpoint reset = patch("{\"linkProfile\":null}").applyTo(after);
        assertThat(reset.linkProfile()).isNull();
        assertThat(EndpointPatch.changed(after, reset)).containsExactly("linkProfile");
        assertThat(EndpointPatch.changed(after, patch("{\"description\":\"old\"}").applyTo(after))).isEmpty();
    }

    private static EndpointPatch patch(String json) {
        return new EndpointPatch(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }
}
