package io.edgefleet.agent.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.schemas.hostile.HostileJson;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A desired document that is not JSON, or is valid JSON made wrong in one place, is refused with a reason naming the
 * problem, or accepted with the broken app marked invalid; never an exception, which would leave the agent on no
 * document at all. The parser takes the valid document right after.
 */
class DesiredParserHostileInputTest {

    private static final JsonNode VALID = HostileJson.example("desired.valid");
    private final DesiredParser parser = new DesiredParser(JsonSchemas.load(), VALID.get("endpoint").asText());

    @Provide
    Arbitrary<byte[]> malformed() {
        return HostileJson.malformed(VALID);
    }

    @Provide
    Arbitrary<HostileJson.Mutation> mutated() {
        return HostileJson.mutations(VALID);
    }

    @Property
    void aPayloadThatIsNotOneJsonDocumentIsRefusedAsNotJson(@ForAll("malformed") byte[] payload) {
        DesiredParser.Outcome outcome = parser.parse(payload);

        assertThat(outcome).as("outcome of %s", new String(payload, java.nio.charset.StandardCharsets.UTF_8))
                .isInstanceOf(DesiredParser.Refused.class);
        assertThat(((DesiredParser.Refused) outcome).reason()).matches("(?s)not (JSON|a JSON object).*");
        assertThat(parser.parse(HostileJson.bytes(VALID))).isInstanceOf(DesiredParser.Accepted.class);
    }

    @Property
    void aMutatedDocumentIsRefusedNamingTheFieldOrAcceptedWithItsBrokenAppsMarked(
            @ForAll("mutated") HostileJson.Mutation mutation) {
        DesiredParser.Outcome outcome = parser.parse(HostileJson.bytes(mutation.document()));

        if (outcome instanceof DesiredParser.Refused refused) {
            assertThat(refused.reason()).as("reason for %s", mutation).matches("(?s)(/|document: |not (JSON|a JSON object)).*");
        } else {
            DesiredDocument document = ((DesiredParser.Accepted) outcome).document();
            for (DesiredApp app : document.apps()) {
                if (!app.isValid()) {
                    assertThat(app.problem()).as("problem of %s in %s", app.name(), mutation).startsWith("invalid spec: /");
                }
            }
            if (!mutation.pointer().startsWith("/apps/")) {
                assertThat(JsonSchemas.load().validate("desired", mutation.document()))
                        .as("violations of accepted %s", mutation).isEmpty();
            }
        }
        assertThat(parser.parse(HostileJson.bytes(VALID))).isInstanceOf(DesiredParser.Accepted.class);
    }
}
