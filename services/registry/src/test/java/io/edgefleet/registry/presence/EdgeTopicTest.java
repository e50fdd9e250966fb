package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EdgeTopicTest {

    @Test
    void readsTenantEndpointAndKind() {
        assertThat(EdgeTopic.parse("edge/v1/default/ep-abcdefgh2345/heartbeat"))
                .contains(new EdgeTopic("default", "ep-abcdefgh2345", "heartbeat"));
        assertThat(EdgeTopic.parse("edge/v1/default/ep-abcdefgh2345/state").orElseThrow().topic())
                .isEqualTo("edge/v1/default/ep-abcdefgh2345/state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge/v1/default/ep-abcdefgh2345", "edge/v2/default/ep-abcdefgh2345/state",
        "edge/v1/Default/ep-abcdefgh2345/state", "edge/v1/default/ep-ABCDEFGH2345/state",
        "edge/v1/default/ep-abc/state", "edge/v1/default/ep-abcdefgh2345/state/x", "fleet/v1/default/ep-abcdefgh2345/state"})
    void refusesAnythingElse(String topic) {
        assertThat(EdgeTopic.parse(topic)).isEmpty();
    }
}
