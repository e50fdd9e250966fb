package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.schemas.hostile.HostileJson;
import io.edgefleet.schemas.hostile.HostileJson.Mutation;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every payload type the platform takes from outside, made wrong in one place, is judged by its schema without an
 * exception, and each violation names a field of the document (or the missing member) and says what is wrong.
 */
class HostileDocumentsTest {

    /** Schema name and valid example of each payload that crosses a trust boundary (MQTT both ways, REST bodies). */
    static final List<String[]> INPUTS = List.of(
            new String[] {"heartbeat", "heartbeat.valid"}, new String[] {"state", "state.valid"},
            new String[] {"presence", "presence.valid-online"}, new String[] {"metrics", "metrics.valid"},
            new String[] {"logs", "logs.valid"}, new String[] {"reply", "reply.valid-succeeded-logs"},
            new String[] {"desired", "desired.valid"}, new String[] {"command", "command.valid-logs"},
            new String[] {"cloudevent", "cloudevent.valid"}, new String[] {"deadletter", "deadletter.valid"},
            new String[] {"rest/endpoint-create", "rest/endpoint-create.valid"},
            new String[] {"rest/endpoint-update", "rest/endpoint-update.valid"},
            new String[] {"rest/app-create", "rest/app-create.valid"},
            new String[] {"rest/app-create", "rest/app-create.valid-rolling-with-overrides"},
            new String[] {"rest/app-update", "rest/app-update.valid"},
            new String[] {"rest/template-create", "rest/template-create.valid"},
            new String[] {"rest/config-set-create", "rest/config-set-create.valid"},
            new String[] {"rest/registry-create", "rest/registry-create.valid"},
            new String[] {"rest/registry-notification", "rest/registry-notification.valid"},
            new String[] {"rest/alert-rule", "rest/alert-rule.valid"},
            new String[] {"rest/tenant-create", "rest/tenant-create.valid"},
            new String[] {"rest/user-create", "rest/user-create.valid"},
            new String[] {"rest/token-create", "rest/token-create.valid"},
            new String[] {"rest/login-request", "rest/login-request.valid"},
            new String[] {"rest/mqtt-auth-request", "rest/mqtt-auth-request.valid"},
            new String[] {"rest/cluster-create", "rest/cluster-create.valid"},
            new String[] {"rest/event-subscription-create", "rest/event-subscription-create.valid"});

    private final JsonSchemas schemas = JsonSchemas.load();

    record Case(String schema, Mutation mutation) {
    }

    @Provide
    Arbitrary<Case> mutatedInputs() {
        return Arbitraries.of(INPUTS).flatMap(input -> HostileJson.mutations(HostileJson.example(input[1]))
                .map(mutation -> new Case(input[0], mutation)));
    }

    @Property
    void aMutatedPayloadIsJudgedAndEveryViolationNamesAFieldOfIt(@ForAll("mutatedInputs") Case input) {
        JsonNode document = input.mutation().document();

        List<JsonSchemas.Violation> violations = schemas.validate(input.schema(), document);

        for (JsonSchemas.Violation violation : violations) {
            assertThat(violation.message()).as("message of %s", violation).isNotBlank();
            assertThat(namesAPartOrAMissingMember(document, violation.field()))
                    .as("%s names a part of %s", violation, input.mutation()).isTrue();
        }
        if (input.mutation().kind().equals("replace") && input.mutation().pointer().isEmpty()
                && !document.isObject()) {
            assertThat(violations).as("a %s instead of the %s document", document.getNodeType(), input.schema())
                    .isNotEmpty();
        }
    }

    // a missing required member is reported at its own pointer, which the document then lacks; its parent exists
    private static boolean namesAPartOrAMissingMember(JsonNode document, String field) {
        if (!document.at(field).isMissingNode()) {
            return true;
        }
        int slash = field.lastIndexOf('/');
        return slash >= 0 && document.at(field.substring(0, slash)).isContainerNode();
    }
}
