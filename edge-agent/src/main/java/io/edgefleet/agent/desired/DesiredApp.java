package io.edgefleet.agent.desired;

import io.edgefleet.agent.payload.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One app of a desired document.
 *
 * @param name     the app's name, also its container's name
 * @param revision the spec's revision; {@code null} when the document's value was unusable
 * @param spec     the spec; {@code null} when it is invalid
 * @param specHash SHA-256 hex of the spec's canonical JSON ({@link AppSpec#toJson()}); {@code null} when invalid
 * @param problem  why the app cannot be applied (the first violation, naming its field); {@code null} when valid
 * @param logShipping whether and how fast its container's log is shipped; outside the spec hash, so that changing it
 *                    does not replace the container
 */
public record DesiredApp(String name, Integer revision, AppSpec spec, String specHash, String problem,
                         LogShipping logShipping) {

    public DesiredApp {
        logShipping = logShipping == null ? LogShipping.OFF : logShipping;
    }

    /** A valid app without log shipping. */
    public static DesiredApp valid(String name, int revision, AppSpec spec) {
        return valid(name, revision, spec, LogShipping.OFF);
    }

    /** A valid app. */
    public static DesiredApp valid(String name, int revision, AppSpec spec, LogShipping logShipping) {
        return new DesiredApp(name, revision, spec, hash(spec), null, logShipping);
    }

    /** An app the agent cannot apply; whatever runs for it stays as it is. */
    public static DesiredApp invalid(String name, Integer revision, String problem) {
        return new DesiredApp(name, revision, null, null, problem, LogShipping.OFF);
    }

    public boolean isValid() {
        return problem == null;
    }

    /** SHA-256 hex of the canonical JSON of {@code spec}: equal for specs that mean the same. */
    public static String hash(AppSpec spec) {
        try {
            byte[] canonical = Json.mapper().writeValueAsString(spec.toJson()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash an app spec", e);
        }
    }
}
