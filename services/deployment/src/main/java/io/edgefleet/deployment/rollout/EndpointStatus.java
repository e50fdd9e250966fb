package io.edgefleet.deployment.rollout;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * What an endpoint's agent last said, as far as rollouts care.
 *
 * @param online     the retained presence says online
 * @param zone       the time zone maintenance windows are read in (the one the agent reports in its facts, else UTC)
 * @param apps       the state report's apps by name
 * @param presenceAt when the presence last changed; {@code null} when never seen
 */
public record EndpointStatus(String endpoint, boolean online, ZoneId zone, Map<String, AppReport> apps,
                             Instant presenceAt) {

    /** One app of a state report. */
    public record AppReport(Integer revision, String phase, String message) {
    }

    /** An endpoint no agent ever reported for. */
    public static EndpointStatus unknown(String endpoint, ZoneId zone) {
        return new EndpointStatus(endpoint, false, zone, Map.of(), null);
    }

    public Optional<AppReport> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }
}
