package io.edgefleet.agent.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One value of a metrics batch ({@code metrics.schema.json}, {@code $defs/sample}).
 *
 * @param metric    a known metric name, e.g. {@code node_cpu_percent}
 * @param value     finite, not negative
 * @param container container_* only: the container's name
 * @param app       container_* only, managed containers: the app
 * @param device    node_disk_*: the mount point; node_network_*: the interface
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sample(String metric, double value, String container, String app, String device) {

    static final double MAX_VALUE = 1e18;

    public Sample {
        // the schema refuses NaN, negative and huge values; a counter that wrapped or a racy read must not cost the
        // whole batch
        if (!Double.isFinite(value) || value < 0) {
            value = 0;
        } else if (value > MAX_VALUE) {
            value = MAX_VALUE;
        }
    }

    static Sample node(String metric, double value) {
        return new Sample(metric, value, null, null, null);
    }

    static Sample device(String metric, String device, double value) {
        return new Sample(metric, value, null, null, device);
    }

    static Sample container(String metric, String container, String app, double value) {
        return new Sample(metric, value, container, app, null);
    }
}
