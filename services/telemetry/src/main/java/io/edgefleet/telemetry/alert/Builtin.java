package io.edgefleet.telemetry.alert;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules every tenant has. Each measures one value per series with its own query ({@link SeriesQueries}); a tenant
 * may disable one or tune its threshold, for-duration, severity and channels, not what it measures.
 */
public enum Builtin {
    ENDPOINT_OFFLINE("endpoint-offline", "EndpointOffline", Comparison.GT, 120, "critical",
            "seconds since the agent's presence went offline (endpoints that were online once)"),
    CONTAINER_RESTART_LOOP("container-restart-loop", "ContainerRestartLoop", Comparison.GE, 3, "warning",
            "growth of container_restarts within the last 10 minutes, per container"),
    OOM_KILLED("oom-killed", "ContainerOomKilled", Comparison.EQ, 1, "warning",
            "the newest container_oom_killed of a container (1: its last exit was an OOM kill)"),
    DISK_ALMOST_FULL("disk-almost-full", "DiskAlmostFull", Comparison.GT, 90, "warning",
            "node_disk_used_bytes / node_disk_total_bytes in percent, per mount"),
    APP_NOT_CONVERGED("app-not-converged", "AppNotConverged", Comparison.GT, 600, "warning",
            "seconds an app of an online endpoint has been Pending, Pulling, Starting or Failed per its state report");

    private final String id;
    private final String alertName;
    private final Comparison comparison;
    private final double threshold;
    private final String severity;
    private final String measures;

    Builtin(String id, String alertName, Comparison comparison, double threshold, String severity, String measures) {
        this.id = id;
        this.alertName = alertName;
        this.comparison = comparison;
        this.threshold = threshold;
        this.severity = severity;
        this.measures = measures;
    }

    public String id() {
        return id;
    }

    public String measures() {
        return measures;
    }

    /** The rule as it is until the tenant tunes it. */
    public AlertRule defaults() {
        return new AlertRule(id, alertName, this, null, RuleScope.EVERYTHING, comparison, threshold, 0, severity,
                Map.of(), Map.of(), List.of(), true);
    }

    public static Optional<Builtin> byId(String id) {
        for (Builtin b : values()) {
            if (b.id.equals(id)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
