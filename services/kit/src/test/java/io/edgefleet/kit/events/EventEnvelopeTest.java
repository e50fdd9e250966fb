package io.edgefleet.kit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private record Registered(String endpointId, String name) {
    }

    private final EventEnvelope event = EventEnvelope.create("registry", "endpoint.registered", "default",
            "ep-abcdefghijkl", new Registered("ep-abcdefghijkl", "press-1"));

    @Test
    void createFillsTheCloudEventAttributes() {
        assertThat(event.type()).isEqualTo("io.edgefleet.endpoint.registered.v1");
        assertThat(event.source()).isEqualTo("/edgefleet/registry");
        assertThat(event.shortType()).isEqualTo("endpoint.registered");
        assertThat(event.topic()).isEqualTo("fleet/v1/default/events/endpoint.registered");
        assertThat(event.id()).hasSize(36);
        assertThat(Duration.between(event.time(), OffsetDateTime.now()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(event.data().get("name").asText()).isEqualTo("press-1");
    }

    @Test
    void jsonRoundTripKeepsEveryAttribute() {
        EventEnvelope parsed = EventEnvelope.parse(event.toBuffer());
        assertThat(parsed.id()).isEqualTo(event.id());
        assertThat(parsed.source()).isEqualTo(event.source());
        assertThat(parsed.type()).isEqualTo(event.type());
        assertThat(parsed.time().toInstant()).isEqualTo(event.time().toInstant());
        assertThat(parsed.subject()).isEqualTo(event.subject());
        assertThat(parsed.tenant()).isEqualTo("default");
        assertThat(parsed.data()).isEqualTo(event.data());
    }

    @Test
    void wireFormIsStructuredCloudEventJsonThatMatchesTheSchema() {
        JsonNode wire = Json.parse(event.toBuffer());
        assertThat(wire.get("specversion").asText()).isEqualTo("1.0");
        assertThat(wire.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(wire.get("tenant").asText()).isEqualTo("default");
        assertThat(wire.get("data").isObject()).isTrue();
        assertThat(JsonSchemas.load().validate("cloudevent", wire)).isEmpty();
    }

    @Test
    void typeMayHaveAHyphenatedFirstSegment() {
        EventEnvelope revoked = EventEnvelope.create("registry", "integration-key.revoked", "acme", "ik-abcdefghijkl",
                Map.of("keyId", "ik-abcdefghijkl"));
        assertThat(revoked.type()).isEqualTo("io.edgefleet.integration-key.revoked.v1");
        assertThat(EventEnvelope.parse(revoked.toBuffer()).shortType()).isEqualTo("integration-key.revoked");
        assertThat(revoked.topic()).isEqualTo("fleet/v1/acme/events/integration-key.revoked");
        assertThat(JsonSchemas.load().validate("cloudevent", Json.parse(revoked.toBuffer()))).isEmpty();
        assertThatThrownBy(() -> EventEnvelope.create("registry", "-key.revoked", "acme", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventWithoutSubjectStillMatchesTheSchema() {
        EventEnvelope noSubject = EventEnvelope.create("registry", "endpoint.updated", "acme-1", null, Map.of("k", 1));
        JsonNode wire = Json.parse(noSubject.toBuffer());
        assertThat(wire.has("subject")).isFalse();
        assertThat(JsonSchemas.load().validate("cloudevent", wire)).isEmpty();
        assertThat(EventEnvelope.parse(noSubject.toBuffer()).subject()).isNull();
    }

    @Test
    void envelopeWithoutTenantIsPlatformScopedAndRefusedOnTenantTopics() {
        com.fasterxml.jackson.databind.node.ObjectNode wire = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(event.toBuffer());
        wire.remove("tenant");
        assertThat(JsonSchemas.load().validate("cloudevent", wire))
                .extracting(JsonSchemas.Violation::field).contains("/tenant");
        EventEnvelope platform = EventEnvelope.parse(Json.buffer(wire));
        assertThat(platform.isPlatformScoped()).isTrue();
        assertThat(platform.topic()).isEqualTo("platform/v1/events/endpoint.registered");
        assertThat(Json.parse(platform.toBuffer()).has("tenant")).isFalse();
        assertThat(event.isPlatformScoped()).isFalse();
    }

    @Test
    void parseRejectsWhatIsNotACloudEvent() {
        assertThatThrownBy(() -> EventEnvelope.parse(Buffer.buffer("not json")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventEnvelope.parse(Buffer.buffer("{\"hello\":\"world\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventEnvelope.parse(Buffer.buffer(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"com.other.thing\","
                        + "\"time\":\"2025-01-01T00:00:00Z\",\"tenant\":\"default\",\"datacontenttype\":\"application/json\",\"data\":{}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.other.thing");
    }

    @Test
    void createRefusesBadTypesTenantsAndNonObjectData() {
        assertThatThrownBy(() -> EventEnvelope.create("registry", "Endpoint Registered", "default", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventEnvelope.create("registry", "endpoint.registered", "Default!", null, Map.of()))
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> EventEnvelope.create("registry", "endpoint.registered", "default", null, "text"))
                .hasMessageContaining("JSON object");
    }
}
