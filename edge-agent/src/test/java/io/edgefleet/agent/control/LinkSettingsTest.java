package io.edgefleet.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.payload.Json;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkSettingsTest {

    @Test
    void withoutALinkTheAgentKeepsThirtySecondsAndOneSecondDoublingToSixty() {
        assertThat(LinkSettings.fromDesired(null)).isEqualTo(LinkSettings.DEFAULT);
        assertThat(LinkSettings.DEFAULT.keepAliveSeconds()).isEqualTo(30);
        assertThat(LinkSettings.DEFAULT.reconnectDelay(0, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LinkSettings.DEFAULT.reconnectDelay(3, 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(LinkSettings.DEFAULT.reconnectDelay(6, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(LinkSettings.DEFAULT.reconnectDelay(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theLinkNamesKeepAliveAndBackoffAndMembersLeftOutKeepTheDefaults() throws IOException {
        LinkSettings satellite = LinkSettings.fromDesired(json(
                "{\"keepAliveSeconds\":120,\"reconnectBackoff\":{\"initialSeconds\":5,\"maxSeconds\":300}}"));
        assertThat(satellite).isEqualTo(new LinkSettings(120, Duration.ofSeconds(5), Duration.ofSeconds(300)));
        assertThat(satellite.reconnectDelay(0, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(satellite.reconnectDelay(2, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(satellite.reconnectDelay(10, 0.5)).isEqualTo(Duration.ofSeconds(300));

        assertThat(LinkSettings.fromDesired(json("{\"keepAliveSeconds\":45}")))
                .isEqualTo(new LinkSettings(45, Duration.ofSeconds(1), Duration.ofSeconds(60)));
        assertThat(LinkSettings.fromDesired(json("{\"reconnectBackoff\":{\"maxSeconds\":10}}")))
                .isEqualTo(new LinkSettings(30, Duration.ofSeconds(1), Duration.ofSeconds(10)));
    }

    @Test
    void theJitterIsAQuarterEitherWay() {
        LinkSettings settings = new LinkSettings(30, Duration.ofSeconds(4), Duration.ofSeconds(4));

        assertThat(settings.reconnectDelay(0, 0.0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.reconnectDelay(0, 0.999_999)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void valuesOutOfRangeInAStoredDocumentAreIgnoredNotTrusted() throws IOException {
        assertThat(LinkSettings.fromDesired(json("{\"keepAliveSeconds\":0,\"reconnectBackoff\":{\"initialSeconds\":-1}}")))
                .isEqualTo(LinkSettings.DEFAULT);
        assertThat(LinkSettings.fromDesired(json("{\"keepAliveSeconds\":\"45\"}"))).isEqualTo(LinkSettings.DEFAULT);
        // a first delay above the longest is raised to it rather than refused: the agent must keep connecting
        assertThat(LinkSettings.fromDesired(json("{\"reconnectBackoff\":{\"initialSeconds\":90}}")).backoffMax())
                .isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> new LinkSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }
}
