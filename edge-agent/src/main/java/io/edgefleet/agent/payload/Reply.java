package io.edgefleet.agent.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The answer to one command ({@code reply.schema.json}), published QoS 1 on {@code .../replies}.
 *
 * @param commandId  the command's id
 * @param status     what became of it
 * @param detail     one sentence for an operator: what was done or why not
 * @param output     the command's result ({@code {"lines": [...]}} for logs, the inspect document for inspect);
 *                   absent for the others
 * @param finishedAt when the agent finished with the command
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reply(String commandId, Status status, String detail, JsonNode output, Instant finishedAt) {

    /** The schema's limit for {@code detail}. */
    public static final int MAX_DETAIL = 4096;

    /** The outcome of a command. */
    public enum Status {
        /** Executed; the container changed as asked (or the output is attached). */
        SUCCEEDED,
        /** Executed, but the engine refused or failed; the detail says why. */
        FAILED,
        /** Arrived after its {@code expiresAt}; not executed. */
        EXPIRED,
        /** Not a valid command (schema, unknown type); not executed. */
        REJECTED,
        /** The target container does not exist. */
        NOT_FOUND
    }

    public Reply {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        finishedAt = finishedAt.truncatedTo(ChronoUnit.MILLIS);
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 1) + "…";
        }
    }

    /** A reply without output. */
    public static Reply of(String commandId, Status status, String detail, Instant finishedAt) {
        return new Reply(commandId, status, detail, null, finishedAt);
    }

    /** The same reply without its output, with {@code note} added to the detail. */
    public Reply withoutOutput(String note) {
        return new Reply(commandId, status, detail + " (" + note + ")", null, finishedAt);
    }
}
