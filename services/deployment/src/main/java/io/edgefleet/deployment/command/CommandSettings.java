package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the commands API waits and how long a command stays valid, by default: an endpoint's link profile can
 * name other values ({@link #timings}).
 *
 * @param defaultWait how long a call waits for the agent's reply before answering 202 ({@value #WAIT_MILLIS}, default
 *                    5000 ms; a call may ask for less or more with {@code ?wait=} seconds, up to {@link #maxWait})
 * @param maxWait     the most a call may ask to wait ({@value #MAX_WAIT_SECONDS}, default 8 s: below the gateway's
 *                    10 s upstream timeout, so a waiting call is answered 202 rather than cut off with 502)
 * @param ttl         from issue to expiry ({@value #TTL_SECONDS}, default 60 s): an agent that receives the command
 *                    later refuses it with EXPIRED, and a command without reply reads EXPIRED after it
 */
public record CommandSettings(Duration defaultWait, Duration maxWait, Duration ttl) {

    public static final String WAIT_MILLIS = "EDGEFLEET_COMMAND_WAIT_MILLIS";
    public static final String MAX_WAIT_SECONDS = "EDGEFLEET_COMMAND_MAX_WAIT_SECONDS";
    public static final String TTL_SECONDS = "EDGEFLEET_COMMAND_TTL_SECONDS";

    public CommandSettings {
        Objects.requireNonNull(defaultWait, "defaultWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * What a command to an endpoint with this link profile gets when its call names no other: the profile's
     * {@code commandTtlSeconds} (else {@link #ttl}) and {@code replyTimeoutSeconds} (else {@link #defaultWait}), the
     * wait never above {@link #maxWait}.
     *
     * @param linkProfile the endpoint's link profile ({@code link-profile.schema.json}); null or JSON null for none
     */
    public Timings timings(JsonNode linkProfile) {
        Duration linkTtl = ttl;
        Duration linkWait = defaultWait;
        if (linkProfile != null && linkProfile.hasNonNull("commandTtlSeconds")) {
            linkTtl = Duration.ofSeconds(linkProfile.get("commandTtlSeconds").asLong());
        }
        if (linkProfile != null && linkProfile.hasNonNull("replyTimeoutSeconds")) {
            linkWait = Duration.ofSeconds(linkProfile.get("replyTimeoutSeconds").asLong());
        }
        return new Timings(linkTtl, linkWait.compareTo(maxWait) > 0 ? maxWait : linkWait);
    }

    /**
     * A command's default expiry and reply wait on one endpoint.
     *
     * @param ttl  from issue to expiry
     * @param replyWait how long the call waits for the reply before answering 202
     */
    public record Timings(Duration ttl, Duration replyWait) {
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the variable that is malformed or out of range
     */
    public static CommandSettings fromEnv(Env env) {
        Duration wait = Duration.ofMillis(env.integer(WAIT_MILLIS, 5000, 0, 600_000));
        Duration maxWait = Duration.ofSeconds(env.integer(MAX_WAIT_SECONDS, 8, 1, 600));
        Duration ttl = Duration.ofSeconds(env.integer(TTL_SECONDS, 60, 1, 86_400));
        if (wait.compareTo(maxWait) > 0) {
            throw new ConfigException(WAIT_MILLIS + " (" + wait.toMillis() + " ms) exceeds " + MAX_WAIT_SECONDS + " ("
                    + maxWait.toSeconds() + " s)");
        }
        return new CommandSettings(wait, maxWait, ttl);
    }
}
