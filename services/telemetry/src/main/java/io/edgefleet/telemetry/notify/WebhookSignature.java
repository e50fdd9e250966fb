package io.edgefleet.telemetry.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver checks: {@code X-Edgefleet-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." +
 * body)>}, with the timestamp (epoch seconds) in {@code X-Edgefleet-Timestamp}. Signing the timestamp with the body
 * lets a receiver refuse replays of old deliveries.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Edgefleet-Signature";
    public static final String TIMESTAMP_HEADER = "X-Edgefleet-Timestamp";
    public static final String DELIVERY_HEADER = "X-Edgefleet-Delivery";

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code header} is the signature of the body at that time (constant-time comparison). */
    public static boolean verify(String secret, long epochSeconds, String body, String header) {
        if (header == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(sign(secret, epochSeconds, body).getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }
}
