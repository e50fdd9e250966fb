package io.edgefleet.registry.endpoint;

import java.util.Locale;
import java.util.Optional;

/** Connection status of an endpoint, as stored and as the API shows it (lowercase). */
public enum EndpointStatus {
    /** The agent never connected. */
    PENDING,
    ONLINE,
    OFFLINE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EndpointStatus> fromWireName(String text) {
        for (EndpointStatus status : values()) {
            if (status.wireName().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
