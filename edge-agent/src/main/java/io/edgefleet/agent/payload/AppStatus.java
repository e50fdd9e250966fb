package io.edgefleet.agent.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where one app stands, an item of the state's {@code apps} ({@code state.schema.json}).
 *
 * @param name        the app's name
 * @param revision    the revision the phase refers to; absent when unknown
 * @param phase       the phase
 * @param message     why the app is in this phase (a failure's reason); absent when there is nothing to say
 * @param containerId the app's container, when one exists
 * @param restarts    how often the container restarted (by Docker or by the agent on unhealthy)
 * @param since       when the app entered this phase
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppStatus(String name, Integer revision, Phase phase, String message, String containerId,
                        Integer restarts, Instant since) {

    /** The schema's limit for {@code message}. */
    public static final int MAX_MESSAGE = 1024;

    /** The phases of {@code state.schema.json}. */
    public enum Phase {
        Pending, Pulling, Starting, Running, Failed, Stopped, Removing
    }

    public AppStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(since, "since");
        since = since.truncatedTo(ChronoUnit.MILLIS);
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 1) + "…";
        }
    }
}
