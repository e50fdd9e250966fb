package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Objects;

/**
 * A command's arguments, checked against {@code command.schema.json}, the contract the agent enforces too: each type
 * takes only its own arguments ({@code timeoutSeconds} for stop and restart, {@code signal} for kill, {@code force} and
 * {@code volumes} for remove, {@code tail}, {@code since} and {@code timestamps} for logs). The API refuses what the
 * agent would reject, before anything is sent.
 */
public final class CommandArgs {

    private static final String ARGS = "/args";

    private final JsonSchemas schemas;

    public CommandArgs(JsonSchemas schemas) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    /**
     * The args of an action call's body.
     *
     * @throws ProblemException 422 {@code validation} naming each field of the body that the action does not take or
     *                          that breaks its rule
     */
    public ObjectNode fromBody(CommandType type, JsonNode body) {
        List<FieldError> errors = violations(type, body).stream()
                .map(v -> new FieldError(v.field().substring(ARGS.length()), v.message()))
                .toList();
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return (ObjectNode) body.deepCopy();
    }

    /**
     * The args of {@code GET .../logs?tail=&since=&timestamps=}.
     *
     * @throws ProblemException 400 {@code invalid-query} naming the parameter that is malformed
     */
    public ObjectNode logsFromQuery(MultiMap query) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        QueryParams.single(query, "tail").ifPresent(tail -> {
            try {
                args.put("tail", Integer.parseInt(tail));
            } catch (NumberFormatException e) {
                throw QueryParams.invalid("query parameter 'tail' must be a whole number from 1 to 10000");
            }
        });
        QueryParams.single(query, "since").ifPresent(since -> args.put("since", since));
        QueryParams.single(query, "timestamps").ifPresent(timestamps -> {
            if (!timestamps.equals("true") && !timestamps.equals("false")) {
                throw QueryParams.invalid("query parameter 'timestamps' must be true or false");
            }
            args.put("timestamps", Boolean.parseBoolean(timestamps));
        });
        List<JsonSchemas.Violation> violations = violations(CommandType.LOGS, args);
        if (!violations.isEmpty()) {
            JsonSchemas.Violation first = violations.get(0);
            String field = first.field().length() > ARGS.length() ? first.field().substring(ARGS.length() + 1) : "?";
            throw QueryParams.invalid("query parameter '" + field + "' " + first.message());
        }
        return args;
    }

    private List<JsonSchemas.Violation> violations(CommandType type, JsonNode args) {
        // a well-formed command around the args: only the args can be at fault
        ObjectNode command = JsonNodeFactory.instance.objectNode();
        command.put("id", "validation");
        command.put("type", type.wireName());
        command.putObject("target").put("container", "validation");
        command.set("args", args);
        command.put("issuedAt", "2025-01-01T00:00:00Z");
        command.put("expiresAt", "2025-01-01T00:01:00Z");
        command.put("issuedBy", "validation");
        return schemas.validate("command", command).stream().filter(v -> v.field().startsWith(ARGS)).toList();
    }
}
