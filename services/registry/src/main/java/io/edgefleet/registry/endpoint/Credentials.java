package io.edgefleet.registry.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Endpoint and integration key ids and secrets as docs/architecture.md defines them: ids are {@code ep-} (endpoints)
 * or {@code ik-} (integration keys) + 12 lowercase base32 characters; secrets are 32 random bytes in base64url
 * without padding, stored only as SHA-256 hex.
 */
public final class Credentials {

    /** Same syntax as common.schema.json#/$defs/endpointId. */
    public static final Pattern ENDPOINT_ID = Pattern.compile("^ep-[a-z2-7]{12}$");
    /** Same syntax as common.schema.json#/$defs/integrationKeyId. */
    public static final Pattern INTEGRATION_KEY_ID = Pattern.compile("^ik-[a-z2-7]{12}$");

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    public static String newEndpointId() {
        return "ep-" + randomBase32();
    }

    public static String newIntegrationKeyId() {
        return "ik-" + randomBase32();
    }

    private static String randomBase32() {
        long bits = RANDOM.nextLong();
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE32[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(id);
    }

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isEndpointId(String text) {
        return text != null && ENDPOINT_ID.matcher(text).matches();
    }

    public static boolean isIntegrationKeyId(String text) {
        return text != null && INTEGRATION_KEY_ID.matcher(text).matches();
    }

    /** SHA-256 of the secret's UTF-8 bytes, lowercase hex: what the database keeps. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Whether a presented password hashes to the stored hash; the comparison takes the same time wherever they differ. */
    public static boolean matches(String password, String storedSha256Hex) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedSha256Hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(password), stored);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
