package io.edgefleet.registry.presence;

import io.edgefleet.registry.endpoint.Credentials;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of an agent topic {@code edge/v1/{tenant}/{endpoint}/{kind}}.
 *
 * @param kind {@code presence}, {@code heartbeat} or {@code state}
 */
record EdgeTopic(String tenant, String endpointId, String kind) {

    private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");

    /** The topic itself. */
    String topic() {
        return "edge/v1/" + tenant + "/" + endpointId + "/" + kind;
    }

    /** Whether agents publish this kind retained (presence and state). */
    boolean retainedKind() {
        return kind.equals("presence") || kind.equals("state");
    }

    /** The topic's parts, or empty when the topic is not an agent topic with a valid tenant and endpoint id. */
    static Optional<EdgeTopic> parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 5 || !levels[0].equals("edge") || !levels[1].equals("v1")
                || !TENANT.matcher(levels[2]).matches() || !Credentials.isEndpointId(levels[3])) {
            return Optional.empty();
        }
        return Optional.of(new EdgeTopic(levels[2], levels[3], levels[4]));
    }
}
