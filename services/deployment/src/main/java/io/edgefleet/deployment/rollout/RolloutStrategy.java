package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How a revision reaches the endpoints that run an earlier one: the {@code rollout} section of an app, with its
 * defaults filled in (see the {@code rest/app-create} schema for the meaning of each member).
 */
public record RolloutStrategy(Kind kind, Integer batchSize, Integer batchPercent, Integer maxUnavailable,
                              Duration pause, Integer canaryCount, Integer canaryPercent, boolean autoPromote,
                              Duration canaryHealthy, FailurePolicy failurePolicy, int failureThreshold,
                              boolean waitForOffline, Duration deadline, Optional<MaintenanceWindow> window) {

    public enum Kind { ALL_AT_ONCE, ROLLING, CANARY }

    public enum FailurePolicy { PAUSE, ROLLBACK, CONTINUE }

    /** All at once, pause on the first failure, skip offline endpoints, ten minutes' deadline, no window. */
    public static final RolloutStrategy DEFAULT = fromJson(null);

    /** Reads a {@code rollout} section that passed the app schema; {@code null} or missing gives the defaults. */
    public static RolloutStrategy fromJson(JsonNode json) {
        JsonNode j = json == null || json.isNull() || json.isMissingNode() ? JsonNodeFactory.instance.objectNode() : json;
        JsonNode canary = j.path("canary");
        return new RolloutStrategy(
                Kind.valueOf(wire(j.path("strategy").asText("all-at-once"))),
                integer(j, "batchSize"), integer(j, "batchPercent"), integer(j, "maxUnavailable"),
                Duration.ofSeconds(j.path("pauseSeconds").asLong(0)),
                integer(canary, "count"), integer(canary, "percent"),
                "auto".equals(canary.path("promote").asText("manual")),
                Duration.ofSeconds(canary.path("healthySeconds").asLong(60)),
                FailurePolicy.valueOf(wire(j.path("failurePolicy").asText("pause"))),
                j.path("failureThreshold").asInt(0),
                "wait".equals(j.path("offline").asText("skip")),
                Duration.ofSeconds(j.path("deadlineSeconds").asLong(600)),
                j.hasNonNull("maintenanceWindow") ? Optional.of(MaintenanceWindow.fromJson(j.get("maintenanceWindow")))
                        : Optional.empty());
    }

    /** The strategy with every default written out, as the rollout stores and shows it. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("strategy", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (kind != Kind.ALL_AT_ONCE) {
            if (batchPercent != null) {
                json.put("batchPercent", batchPercent);
            } else {
                json.put("batchSize", batchSize == null ? 1 : batchSize);
            }
            if (maxUnavailable != null) {
                json.put("maxUnavailable", maxUnavailable);
            }
            json.put("pauseSeconds", (int) pause.toSeconds());
        }
        if (kind == Kind.CANARY) {
            ObjectNode canary = json.putObject("canary");
            if (canaryPercent != null) {
                canary.put("percent", canaryPercent);
            } else {
                canary.put("count", canaryCount == null ? 1 : canaryCount);
            }
            canary.put("promote", autoPromote ? "auto" : "manual");
            canary.put("healthySeconds", (int) canaryHealthy.toSeconds());
        }
        json.put("failurePolicy", failurePolicy.name().toLowerCase(Locale.ROOT));
        json.put("failureThreshold", failureThreshold);
        json.put("offline", waitForOffline ? "wait" : "skip");
        json.put("deadlineSeconds", (int) deadline.toSeconds());
        window.ifPresent(w -> json.set("maintenanceWindow", w.toJson()));
        return json;
    }

    /** How many endpoints may be updating at once in a rollout of {@code total} endpoints. */
    public int batch(int total) {
        if (kind == Kind.ALL_AT_ONCE) {
            return Math.max(total, 1);
        }
        int batch = batchPercent != null ? ceilPercent(total, batchPercent) : (batchSize == null ? 1 : batchSize);
        return maxUnavailable == null ? batch : Math.min(batch, maxUnavailable);
    }

    /** How many endpoints form the canary of a rollout of {@code total} endpoints (0 unless canary). */
    public int canarySize(int total) {
        if (kind != Kind.CANARY) {
            return 0;
        }
        int size = canaryPercent != null ? ceilPercent(total, canaryPercent) : (canaryCount == null ? 1 : canaryCount);
        return Math.min(size, total);
    }

    private static int ceilPercent(int total, int percent) {
        return Math.max(1, (total * percent + 99) / 100);
    }

    private static Integer integer(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asInt() : null;
    }

    private static String wire(String text) {
        return text.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
