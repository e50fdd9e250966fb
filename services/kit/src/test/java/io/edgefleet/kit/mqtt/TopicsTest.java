package io.edgefleet.kit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void plusMatchesExactlyOneLevel() {
        assertThat(Topics.matches("edge/v1/+/+/heartbeat", "edge/v1/default/ep-abc/heartbeat")).isTrue();
        assertThat(Topics.matches("edge/v1/+/heartbeat", "edge/v1/default/ep-abc/heartbeat")).isFalse();
        assertThat(Topics.matches("a/+", "a/")).isTrue();
        assertThat(Topics.matches("a/+", "a")).isFalse();
    }

    @Test
    void hashMatchesParentAndAllBelow() {
        assertThat(Topics.matches("fleet/v1/#", "fleet/v1")).isTrue();
        assertThat(Topics.matches("fleet/v1/#", "fleet/v1/default/events/endpoint.registered")).isTrue();
        assertThat(Topics.matches("fleet/v1/#", "fleet/v2/x")).isFalse();
        assertThat(Topics.matches("#", "anything/at/all")).isTrue();
    }

    @Test
    void exactFilterMatchesOnlyItself() {
        assertThat(Topics.matches("a/b", "a/b")).isTrue();
        assertThat(Topics.matches("a/b", "a/b/c")).isFalse();
        assertThat(Topics.matches("a/b/c", "a/b")).isFalse();
    }

    @Test
    void sharedSubscriptionPrefixIsIgnoredForMatching() {
        assertThat(Topics.matches("$share/registry/edge/v1/+/+/presence", "edge/v1/default/ep-1/presence")).isTrue();
        assertThat(Topics.stripShare("$share/g/a/#")).isEqualTo("a/#");
        assertThatThrownBy(() -> Topics.stripShare("$share/g")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardsAtTheStartDoNotMatchDollarTopics() {
        assertThat(Topics.matches("#", "$SYS/broker/uptime")).isFalse();
        assertThat(Topics.matches("+/broker/uptime", "$SYS/broker/uptime")).isFalse();
        assertThat(Topics.matches("$SYS/#", "$SYS/broker/uptime")).isTrue();
    }

    @Test
    void splitKeepsEmptyLevels() {
        assertThat(Topics.split("a//b/")).containsExactly("a", "", "b", "");
    }
}
