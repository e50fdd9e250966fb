package io.edgefleet.deployment.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, stable digest of a spec, to tell apart the specs of one revision that overrides made differ. */
final class SpecDigest {

    private SpecDigest() {
    }

    static String of(JsonNode spec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(spec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
