package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinkProfilesTest {

    private static final JsonSchemas SCHEMAS = JsonSchemas.load();

    @Test
    void aPresetIsExpandedAndExplicitMembersOverrideItMemberByMember() {
        ObjectNode profile = LinkProfiles.expand(json(
                "{\"preset\":\"satellite\",\"replyTimeoutSeconds\":6,\"reconnectBackoff\":{\"maxSeconds\":120}}"));

        assertThat(profile).isEqualTo(json("""
                {"preset":"satellite","keepAliveSeconds":120,"commandTtlSeconds":300,"replyTimeoutSeconds":6,
                 "reconnectBackoff":{"initialSeconds":5,"maxSeconds":120}}"""));
        assertThat(SCHEMAS.validate("link-profile", profile)).isEmpty();
    }

    @Test
    void everyPresetIsAValidProfileWithEveryMember() {
        for (String preset : new String[] {"lan", "wan", "satellite"}) {
            ObjectNode profile = LinkProfiles.expand(json("{\"preset\":\"" + preset + "\"}"));

            assertThat(SCHEMAS.validate("link-profile", profile)).as(preset).isEmpty();
            assertThat(profile.size()).as(preset).isEqualTo(5);
            assertThat(LinkProfiles.check(profile, "/linkProfile")).as(preset).isEmpty();
        }
    }

    @Test
    void membersLeftOutStayOutSoTheConsumersDefaultsApply() {
        assertThat(LinkProfiles.expand(json("{\"keepAliveSeconds\":45}"))).isEqualTo(json("{\"keepAliveSeconds\":45}"));
        assertThat(LinkProfiles.expand(json("{}"))).isEqualTo(json("{}"));
        assertThat(LinkProfiles.expand(json("null"))).isNull();
        assertThat(LinkProfiles.expand(null)).isNull();
    }

    @Test
    void aFirstReconnectDelayAboveTheLongestIsRefusedNamingTheField() {
        assertThat(LinkProfiles.check(LinkProfiles.expand(json(
                "{\"reconnectBackoff\":{\"initialSeconds\":30,\"maxSeconds\":10}}")), "/linkProfile"))
                .extracting(FieldError::field).containsExactly("/linkProfile/reconnectBackoff/initialSeconds");
        // a maximum left out is the agent's default of 60 s
        assertThat(LinkProfiles.check(LinkProfiles.expand(json("{\"reconnectBackoff\":{\"initialSeconds\":90}}")),
                "/linkProfile")).singleElement().extracting(FieldError::message).asString().contains("60 s");
        // the satellite preset's maximum (300 s) applies when only the first delay is given next to it
        assertThat(LinkProfiles.check(LinkProfiles.expand(json(
                "{\"preset\":\"satellite\",\"reconnectBackoff\":{\"initialSeconds\":90}}")), "/linkProfile")).isEmpty();
        assertThat(LinkProfiles.check(null, "/linkProfile")).isEmpty();
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

}
