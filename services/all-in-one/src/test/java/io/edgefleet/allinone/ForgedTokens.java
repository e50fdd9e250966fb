package io.edgefleet.allinone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Access tokens a test builds itself, to show that the gateway refuses what tenancy did not issue: expired ones
 * signed with the platform's real key, ones signed with another key, unsigned ones, tampered ones.
 */
final class ForgedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey platformKey;
    private final String kid;

    /** @param genuine a token tenancy issued, whose header names the key id */
    ForgedTokens(Path home, String genuine) throws Exception {
        String pem = Files.readString(home.resolve("jwt-signing-key.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.platformKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        this.kid = part(genuine, 0).path("kid").asText();
    }

    /** The claims of a platform admin with the given lifetime around now. */
    static ObjectNode adminClaims(long issuedSecondsAgo, long expiresInSeconds) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", "edgefleet-tenancy").put("sub", "00000000-0000-0000-0000-000000000001")
                .put("email", "forger@example.com").put("platformAdmin", true)
                .put("iat", now - issuedSecondsAgo).put("issuedAtMillis", (now - issuedSecondsAgo) * 1000)
                .put("exp", now + expiresInSeconds).put("jti", "forged");
        claims.putObject("memberships");
        return claims;
    }

    String signedWithPlatformKey(ObjectNode claims) throws Exception {
        return sign(claims, platformKey, "ES256");
    }

    String signedWithAnotherKey(ObjectNode claims) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return sign(claims, generator.generateKeyPair().getPrivate(), "ES256");
    }

    String unsigned(ObjectNode claims) throws Exception {
        ObjectNode header = JSON.createObjectNode().put("alg", "none").put("typ", "JWT").put("kid", kid);
        return encode(header) + "." + encode(claims) + ".";
    }

    /** A genuine token whose claims were edited after signing (another subject, a membership added). */
    static String tampered(String genuine) throws Exception {
        String[] parts = genuine.split("\\.");
        ObjectNode claims = (ObjectNode) part(genuine, 1);
        claims.put("sub", "00000000-0000-0000-0000-000000000002");
        claims.withObject("/memberships").put("acme", "tenant-admin");
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    private String sign(ObjectNode claims, PrivateKey key, String alg) throws Exception {
        ObjectNode header = JSON.createObjectNode().put("alg", alg).put("typ", "JWT").put("kid", kid);
        String input = encode(header) + "." + encode(claims);
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private static String encode(JsonNode json) throws Exception {
        return B64.encodeToString(JSON.writeValueAsBytes(json));
    }

    private static JsonNode part(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }
}
