package io.edgefleet.telemetry.metrics;

import io.edgefleet.kit.http.QueryParams;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET .../metrics/series}, validated: each failure is a 400 problem naming the parameter.
 *
 * @param container only this container's series; null: every container's (and the node's, '')
 * @param device    only this device's series; null: every device's
 */
record SeriesQuery(String endpoint, String metric, String container, String device, Instant from, Instant to,
                   Duration step) {

    /** Most points one series may have (range / step). */
    static final int MAX_POINTS = 11_000;
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    static final Set<String> METRICS = Set.of(
            "node_cpu_percent", "node_load1", "node_load5", "node_load15",
            "node_memory_used_bytes", "node_memory_total_bytes", "node_disk_used_bytes", "node_disk_total_bytes",
            "node_network_rx_bytes", "node_network_tx_bytes",
            "container_cpu_percent", "container_memory_usage_bytes", "container_memory_limit_bytes",
            "container_network_rx_bytes", "container_network_tx_bytes",
            "container_blkio_read_bytes", "container_blkio_write_bytes",
            "container_restarts", "container_oom_killed", "container_running");

    private static final Pattern ENDPOINT = Pattern.compile("^ep-[a-z2-7]{12}$");
    private static final Pattern STEP = Pattern.compile("^([0-9]{1,7})([smhd]?)$");

    /** Which table answers a query: the coarsest whose bucket divides the step. */
    enum Resolution {
        RAW("raw"), MINUTE("1m"), HOUR("1h");

        final String label;

        Resolution(String label) {
            this.label = label;
        }
    }

    Resolution resolution() {
        long seconds = step.toSeconds();
        if (seconds % 3600 == 0) {
            return Resolution.HOUR;
        }
        if (seconds % 60 == 0) {
            return Resolution.MINUTE;
        }
        return Resolution.RAW;
    }

    static SeriesQuery parse(MultiMap params, Instant now) {
        String endpoint = endpoint(params, true).orElseThrow();
        String metric = metric(params, true).orElseThrow();
        String container = QueryParams.single(params, "container").orElse(null);
        String device = QueryParams.single(params, "device").orElse(null);
        Instant to = instant(params, "to").orElse(now);
        Instant from = instant(params, "from").orElse(to.minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) {
            throw QueryParams.invalid("query parameter 'from' must be before 'to'");
        }
        Duration range = Duration.between(from, to);
        Duration step = QueryParams.single(params, "step").map(SeriesQuery::step)
                .orElseGet(() -> Duration.ofSeconds(Math.max(1, (range.toSeconds() + 299) / 300)));
        if (range.toSeconds() / step.toSeconds() > MAX_POINTS) {
            throw QueryParams.invalid("query parameter 'step' is too small for the range: at most " + MAX_POINTS
                    + " points per series, use a step of at least " + (range.toSeconds() / MAX_POINTS + 1) + "s");
        }
        return new SeriesQuery(endpoint, metric, container, device, from, to, step);
    }

    static Optional<String> endpoint(MultiMap params, boolean required) {
        Optional<String> endpoint = QueryParams.single(params, "endpoint");
        if (endpoint.isEmpty() && required) {
            throw QueryParams.invalid("query parameter 'endpoint' is required");
        }
        endpoint.filter(e -> !ENDPOINT.matcher(e).matches()).ifPresent(e -> {
            throw QueryParams.invalid("query parameter 'endpoint' must be an endpoint id (ep- and 12 base32 characters)");
        });
        return endpoint;
    }

    static Optional<String> metric(MultiMap params, boolean required) {
        Optional<String> metric = QueryParams.single(params, "metric");
        if (metric.isEmpty() && required) {
            throw QueryParams.invalid("query parameter 'metric' is required");
        }
        metric.filter(m -> !METRICS.contains(m)).ifPresent(m -> {
            throw QueryParams.invalid("query parameter 'metric' names no known metric: " + m.replaceAll("[^A-Za-z0-9_]", "?"));
        });
        return metric;
    }

    private static Optional<Instant> instant(MultiMap params, String name) {
        return QueryParams.single(params, name).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw QueryParams.invalid("query parameter '" + name + "' must be an RFC 3339 timestamp with offset,"
                        + " e.g. 2025-06-01T08:00:00Z");
            }
        });
    }

    private static Duration step(String text) {
        Matcher m = STEP.matcher(text);
        if (!m.matches()) {
            throw QueryParams.invalid("query parameter 'step' must be a whole number of seconds or end in s, m, h or d,"
                    + " e.g. 60, 15s, 5m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        long seconds = switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86_400;
            default -> n;
        };
        if (seconds < 1 || seconds > 31L * 86_400) {
            throw QueryParams.invalid("query parameter 'step' must be between 1 second and 31 days");
        }
        return Duration.ofSeconds(seconds);
    }
}
