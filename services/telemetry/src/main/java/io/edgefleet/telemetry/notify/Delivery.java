package io.edgefleet.telemetry.notify;

import java.net.URI;
import java.util.Objects;

/**
 * One HTTP POST to make on behalf of a tenant's alert channel or event subscription.
 *
 * @param tenant      whose delivery it is
 * @param ownerKind   what asked for it, e.g. {@code "alert-channel"} or {@code "event-subscription"}
 * @param ownerId     the id of that channel or subscription, to list its deliveries
 * @param url         where to POST (http or https)
 * @param secret      the HMAC key of the signature header; null sends the body unsigned
 * @param body        the JSON body, sent byte for byte as signed
 * @param maxAttempts how often to try before the delivery is dead (1-50)
 */
public record Delivery(String tenant, String ownerKind, String ownerId, URI url, String secret, String body,
                       int maxAttempts) {

    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    public Delivery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(ownerKind, "ownerKind");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("delivery URL must be http(s) with a host: " + url);
        }
        if (maxAttempts < 1 || maxAttempts > 50) {
            throw new IllegalArgumentException("maxAttempts must be 1-50, got " + maxAttempts);
        }
    }

    /** A delivery with {@link #DEFAULT_MAX_ATTEMPTS}. */
    public static Delivery of(String tenant, String ownerKind, String ownerId, URI url, String secret, String body) {
        return new Delivery(tenant, ownerKind, ownerId, url, secret, body, DEFAULT_MAX_ATTEMPTS);
    }
}
