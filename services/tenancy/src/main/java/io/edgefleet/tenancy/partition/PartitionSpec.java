package io.edgefleet.tenancy.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a partition grants: a quota for the whole namespace and the defaults and maxima of each container.
 * Quantities are Kubernetes quantities ({@code 500m}, {@code 2}, {@code 512Mi}), kept as the caller wrote them.
 */
public record PartitionSpec(Quota quota, Limits limits) {

    /** Namespace totals: requests and limits of CPU and memory, and the number of pods. */
    public record Quota(String cpu, String memory, int pods) {
        public Quota {
            Objects.requireNonNull(cpu, "cpu");
            Objects.requireNonNull(memory, "memory");
        }
    }

    /** Per container: the limit and request given when a pod names none, and the most it may ask for. */
    public record Limits(String defaultCpu, String defaultMemory, String defaultRequestCpu, String defaultRequestMemory,
                         Optional<String> maxCpu, Optional<String> maxMemory) {
        public Limits {
            Objects.requireNonNull(defaultCpu, "defaultCpu");
            Objects.requireNonNull(defaultMemory, "defaultMemory");
            Objects.requireNonNull(defaultRequestCpu, "defaultRequestCpu");
            Objects.requireNonNull(defaultRequestMemory, "defaultRequestMemory");
            Objects.requireNonNull(maxCpu, "maxCpu");
            Objects.requireNonNull(maxMemory, "maxMemory");
        }
    }

    /** A lower bound with the way a caller writes it. */
    private record Minimum(BigDecimal amount, String text) {
    }

    /** The smallest CPU quantity Kubernetes can express. */
    private static final Minimum MIN_CPU = new Minimum(new BigDecimal("0.001"), "1m");
    /** Memory below 1 MiB is a unit mistake ({@code 512m} is half a byte, {@code 512Mi} was meant). */
    private static final Minimum MIN_MEMORY = new Minimum(BigDecimal.valueOf(1024 * 1024), "1Mi");

    public PartitionSpec {
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(limits, "limits");
    }

    /** The spec of a body valid against {@code rest/partition-create}, or the stored {@code quota} and {@code limits}. */
    static PartitionSpec fromJson(JsonNode quota, JsonNode limits) {
        return new PartitionSpec(new Quota(quota.path("cpu").asText(), quota.path("memory").asText(), quota.path("pods").asInt()),
                new Limits(limits.path("defaultCpu").asText(), limits.path("defaultMemory").asText(),
                        limits.path("defaultRequestCpu").asText(), limits.path("defaultRequestMemory").asText(),
                        text(limits.get("maxCpu")), text(limits.get("maxMemory"))));
    }

    /** This spec with the members of a {@code rest/partition-update} body replaced; {@code null} clears a maximum. */
    PartitionSpec patched(JsonNode patch) {
        JsonNode q = patch.path("quota");
        JsonNode l = patch.path("limits");
        Quota newQuota = new Quota(q.has("cpu") ? q.get("cpu").asText() : quota.cpu(),
                q.has("memory") ? q.get("memory").asText() : quota.memory(), q.has("pods") ? q.get("pods").asInt() : quota.pods());
        Limits newLimits = new Limits(l.has("defaultCpu") ? l.get("defaultCpu").asText() : limits.defaultCpu(),
                l.has("defaultMemory") ? l.get("defaultMemory").asText() : limits.defaultMemory(),
                l.has("defaultRequestCpu") ? l.get("defaultRequestCpu").asText() : limits.defaultRequestCpu(),
                l.has("defaultRequestMemory") ? l.get("defaultRequestMemory").asText() : limits.defaultRequestMemory(),
                l.has("maxCpu") ? text(l.get("maxCpu")) : limits.maxCpu(),
                l.has("maxMemory") ? text(l.get("maxMemory")) : limits.maxMemory());
        return new PartitionSpec(newQuota, newLimits);
    }

    /**
     * Checks every quantity (a Kubernetes quantity, above zero, CPU at least 1m, memory at least 1Mi) and that
     * requests do not exceed limits, limits do not exceed maxima and the defaults fit in the quota.
     *
     * @throws ProblemException 422 listing every invalid field
     */
    PartitionSpec validate() {
        List<FieldError> errors = new ArrayList<>();
        BigDecimal quotaCpu = amount(errors, "/quota/cpu", quota.cpu(), MIN_CPU);
        BigDecimal quotaMemory = amount(errors, "/quota/memory", quota.memory(), MIN_MEMORY);
        if (quota.pods() < 1) {
            errors.add(new FieldError("/quota/pods", "must be at least 1"));
        }
        BigDecimal defaultCpu = amount(errors, "/limits/defaultCpu", limits.defaultCpu(), MIN_CPU);
        BigDecimal defaultMemory = amount(errors, "/limits/defaultMemory", limits.defaultMemory(), MIN_MEMORY);
        BigDecimal requestCpu = amount(errors, "/limits/defaultRequestCpu", limits.defaultRequestCpu(), MIN_CPU);
        BigDecimal requestMemory = amount(errors, "/limits/defaultRequestMemory", limits.defaultRequestMemory(), MIN_MEMORY);
        BigDecimal maxCpu = limits.maxCpu().map(v -> amount(errors, "/limits/maxCpu", v, MIN_CPU)).orElse(null);
        BigDecimal maxMemory = limits.maxMemory().map(v -> amount(errors, "/limits/maxMemory", v, MIN_MEMORY)).orElse(null);
        notAbove(errors, "/limits/defaultRequestCpu", requestCpu, "defaultCpu", defaultCpu);
        notAbove(errors, "/limits/defaultRequestMemory", requestMemory, "defaultMemory", defaultMemory);
        notAbove(errors, "/limits/defaultCpu", defaultCpu, "maxCpu", maxCpu);
        notAbove(errors, "/limits/defaultMemory", defaultMemory, "maxMemory", maxMemory);
        notAbove(errors, "/limits/defaultCpu", defaultCpu, "the quota's cpu", quotaCpu);
        notAbove(errors, "/limits/defaultMemory", defaultMemory, "the quota's memory", quotaMemory);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return this;
    }

    ObjectNode quotaJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("cpu", quota.cpu()).put("memory", quota.memory()).put("pods", quota.pods());
        return json;
    }

    ObjectNode limitsJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("defaultCpu", limits.defaultCpu()).put("defaultMemory", limits.defaultMemory())
                .put("defaultRequestCpu", limits.defaultRequestCpu()).put("defaultRequestMemory", limits.defaultRequestMemory());
        limits.maxCpu().ifPresent(v -> json.put("maxCpu", v));
        limits.maxMemory().ifPresent(v -> json.put("maxMemory", v));
        return json;
    }

    private static BigDecimal amount(List<FieldError> errors, String field, String text, Minimum minimum) {
        BigDecimal value;
        try {
            value = Quantity.getAmountInBytes(Quantity.parse(text));
        } catch (RuntimeException e) {
            errors.add(new FieldError(field, "is not a Kubernetes quantity (e.g. 500m, 2, 512Mi, 4Gi)"));
            return null;
        }
        if (value.signum() <= 0) {
            errors.add(new FieldError(field, "must be greater than zero"));
            return null;
        }
        if (value.compareTo(minimum.amount()) < 0) {
            errors.add(new FieldError(field, "must be at least " + minimum.text() + " (check the unit)"));
            return null;
        }
        return value;
    }

    private static void notAbove(List<FieldError> errors, String field, BigDecimal value, String otherName, BigDecimal other) {
        if (value != null && other != null && value.compareTo(other) > 0) {
            errors.add(new FieldError(field, "must not exceed " + otherName));
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
