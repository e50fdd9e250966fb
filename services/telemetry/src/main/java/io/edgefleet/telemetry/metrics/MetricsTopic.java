package io.edgefleet.telemetry.metrics;

import java.util.Optional;
import java.util.regex.Pattern;

/** The metrics topic {@code edge/v1/{tenant}/{endpoint}/metrics} and the ids it carries. */
record MetricsTopic(String tenant, String endpoint) {

    /** The shared subscription: replicas of the service split the agents' batches between them. */
    static final String SHARED_FILTER = "$share/telemetry/edge/v1/+/+/metrics";

    private static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    private static final Pattern ENDPOINT = Pattern.compile("^ep-[a-z2-7]{12}$");

    /** The ids of a topic, or empty when the topic is not a metrics topic with well-formed ids. */
    static Optional<MetricsTopic> parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != 5 || !parts[0].equals("edge") || !parts[1].equals("v1") || !parts[4].equals("metrics")
                || !TENANT.matcher(parts[2]).matches() || !ENDPOINT.matcher(parts[3]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new MetricsTopic(parts[2], parts[3]));
    }
}
