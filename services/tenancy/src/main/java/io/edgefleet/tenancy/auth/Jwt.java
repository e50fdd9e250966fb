package io.edgefleet.tenancy.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * Compact ES256 JSON Web Tokens (RFC 7515/7519) with the JDK's ECDSA in IEEE P1363 form, which is exactly the
 * JWS signature encoding. {@link #verify} is what a gateway needs with the public key from the JWKS.
 */
public final class Jwt {

    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private Jwt() {
    }

    /** Signs the claims with the key; the header names {@code ES256} and the key id. */
    public static String sign(ObjectNode claims, ECPrivateKey key, String kid) {
        ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "ES256").put("typ", "JWT").put("kid", kid);
        String input = B64.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    /**
     * The claims of a token signed by the key and not expired at {@code now}.
     *
     * @throws IllegalArgumentException naming why the token is refused (malformed, wrong algorithm, bad signature, expired)
     */
    public static JsonNode verify(String token, ECPublicKey key, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a JWT has three dot-separated parts");
        }
        JsonNode header = part(parts[0]);
        if (!"ES256".equals(header.path("alg").asText())) {
            throw new IllegalArgumentException("the JWT's algorithm must be ES256");
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(B64D.decode(parts[2]))) {
                throw new IllegalArgumentException("the JWT's signature does not match");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JWT's signature does not match");
        }
        JsonNode claims = part(parts[1]);
        if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= now.getEpochSecond()) {
            throw new IllegalArgumentException("the JWT has expired");
        }
        return claims;
    }

    private static JsonNode part(String base64) {
        try {
            JsonNode node = Json.parse(B64D.decode(base64));
            if (!node.isObject()) {
                throw new IllegalArgumentException("a JWT part is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a JWT part is not base64url JSON");
        }
    }
}
