package io.edgefleet.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * How the agent keeps its connection to the broker: the MQTT keep alive of its CONNECT and the delay between
 * connection attempts ({@code initial} doubling up to {@code max}, &plusmn;25 % jitter). The platform sends them per
 * endpoint in the desired document's {@code link} (the endpoint's link profile, {@code desired.schema.json#/$defs/link});
 * members it leaves out keep the defaults.
 *
 * @param keepAliveSeconds MQTT keep alive, 5 to 3600
 * @param backoffInitial   delay before the first attempt after a loss
 * @param backoffMax       the longest delay between attempts, not below {@code backoffInitial}
 */
public record LinkSettings(int keepAliveSeconds, Duration backoffInitial, Duration backoffMax) {

    /** Keep alive 30 s, reconnect 1 s doubling to 60 s: the agent's behaviour without a link profile. */
    public static final LinkSettings DEFAULT = new LinkSettings(30, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public LinkSettings {
        if (keepAliveSeconds < 5 || keepAliveSeconds > 3600) {
            throw new IllegalArgumentException("keep alive must be 5 to 3600 s, not " + keepAliveSeconds);
        }
        if (backoffInitial.compareTo(Duration.ofSeconds(1)) < 0 || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("reconnect delays must be at least 1 s and the first not above the "
                    + "longest: " + backoffInitial + " to " + backoffMax);
        }
    }

    /**
     * The settings a desired document's {@code link} names, the defaults where it names nothing. The document was
     * checked against the schema before; a member that is still out of range (a document stored by an older agent
     * version, a hand-edited file) is ignored rather than trusted.
     *
     * @param link the {@code link} member, null or missing for none
     */
    public static LinkSettings fromDesired(JsonNode link) {
        if (link == null || !link.isObject()) {
            return DEFAULT;
        }
        int keepAlive = seconds(link.get("keepAliveSeconds"), 5, 3600, DEFAULT.keepAliveSeconds());
        JsonNode backoff = link.path("reconnectBackoff");
        int initial = seconds(backoff.get("initialSeconds"), 1, 300, (int) DEFAULT.backoffInitial().toSeconds());
        int max = seconds(backoff.get("maxSeconds"), 1, 3600, (int) DEFAULT.backoffMax().toSeconds());
        return new LinkSettings(keepAlive, Duration.ofSeconds(initial), Duration.ofSeconds(Math.max(initial, max)));
    }

    /**
     * The delay before connection attempt number {@code attempts + 1}: {@code min(initial * 2^attempts, max)} scaled
     * by {@code 0.75 + 0.5 * random}, so agents that lost the broker together do not come back together.
     *
     * @param attempts failed attempts since the connection was lost (0 right after the loss)
     * @param random   a number in [0, 1)
     */
    public Duration reconnectDelay(int attempts, double random) {
        // past 2^40 every delay is long at its maximum; the cap keeps the power finite
        double base = Math.min(backoffInitial.toMillis() * Math.pow(2, Math.min(Math.max(attempts, 0), 40)),
                backoffMax.toMillis());
        return Duration.ofMillis(Math.round(base * (0.75 + 0.5 * random)));
    }

    private static int seconds(JsonNode value, int min, int max, int fallback) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            return fallback;
        }
        int seconds = value.asInt();
        return seconds >= min && seconds <= max ? seconds : fallback;
    }
}
