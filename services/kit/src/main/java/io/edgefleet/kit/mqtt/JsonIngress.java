package io.edgefleet.kit.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.events.NulCharacters;
import io.edgefleet.schemas.JsonSchemas;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validation at ingress: parses an inbound payload and checks it against its JSON Schema. A payload
 * that is not JSON is dead-lettered with reason {@code invalid-json: ...}, one that breaks the schema with
 * {@code schema: <pointer>: <message>} for the first violation (all violations are in the document).
 */
public final class JsonIngress {

    private final JsonSchemas schemas;
    private final DeadLetters deadLetters;

    public JsonIngress(JsonSchemas schemas, DeadLetters deadLetters) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * @param schemaName a name {@link JsonSchemas#validate} knows, e.g. {@code "heartbeat"}
     * @return the parsed payload, or empty after the message was dead-lettered
     */
    public Optional<JsonNode> parse(InboundMessage message, String schemaName) {
        JsonNode node;
        try {
            node = Json.parse(message.payload());
        } catch (IllegalArgumentException e) {
            deadLetters.reject(message, "invalid-json: " + e.getMessage());
            return Optional.empty();
        }
        List<String> nul = NulCharacters.find(node);
        if (!nul.isEmpty()) {
            deadLetters.reject(message, "nul-character: U+0000 at " + String.join(", ", nul));
            return Optional.empty();
        }
        List<JsonSchemas.Violation> violations = schemas.validate(schemaName, node);
        if (!violations.isEmpty()) {
            StringBuilder reason = new StringBuilder("schema: ").append(describe(violations.get(0)));
            for (JsonSchemas.Violation v : violations.subList(1, violations.size())) {
                reason.append('\n').append(describe(v));
            }
            deadLetters.reject(message, reason.toString());
            return Optional.empty();
        }
        return Optional.of(node);
    }

    private static String describe(JsonSchemas.Violation violation) {
        return (violation.field().isEmpty() ? "/" : violation.field()) + ": " + violation.message();
    }
}
