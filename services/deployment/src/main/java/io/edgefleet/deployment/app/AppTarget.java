package io.edgefleet.deployment.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.labels.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an app runs: either the listed endpoint ids plus every endpoint whose labels match the selector, or one
 * Kubernetes partition of the tenant (then no endpoint at all).
 *
 * @param endpoints endpoint ids selected regardless of labels (may be empty)
 * @param selector  the selector as written, or empty; never one that selects everything
 * @param parsed    the parsed selector; {@code null} when there is none
 * @param partition the partition's name, or empty; when present, endpoints and selector are empty
 */
public record AppTarget(List<String> endpoints, Optional<String> selector, LabelSelector parsed,
                        Optional<String> partition) {

    /** What a Kubernetes Service name must be (RFC 1035 label): the app's objects in a partition carry its name. */
    private static final Pattern KUBERNETES_NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");

    public AppTarget {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(partition, "partition");
        if (selector.isPresent() != (parsed != null)) {
            throw new IllegalArgumentException("a selector text needs its parsed form and the reverse");
        }
        if (partition.isPresent() && (!endpoints.isEmpty() || selector.isPresent())) {
            throw new InvalidTargetException("/target", "a target names either a partition or endpoints and a selector, not both");
        }
        if (endpoints.isEmpty() && selector.isEmpty() && partition.isEmpty()) {
            throw new IllegalArgumentException("a target names endpoints, a selector or both, or a partition");
        }
    }

    /** An endpoints-and-selector target. */
    public AppTarget(List<String> endpoints, Optional<String> selector, LabelSelector parsed) {
        this(endpoints, selector, parsed, Optional.empty());
    }

    /** An invalid target: the reason and the field (a JSON pointer into the request body) it is about. */
    public static final class InvalidTargetException extends IllegalArgumentException {
        private final String field;

        public InvalidTargetException(String message) {
            this("/target/selector", message);
        }

        public InvalidTargetException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * Reads a target that passed the {@code rest/app-create} schema's {@code $defs/target}.
     *
     * @throws InvalidTargetException when the selector cannot be parsed or selects every endpoint, or a partition comes
     *                                with endpoints or a selector
     */
    public static AppTarget fromJson(JsonNode target) {
        JsonNode partition = target.get("partition");
        if (partition != null) {
            if (target.has("endpoints") || target.has("selector")) {
                throw new InvalidTargetException("/target", "a target names either a partition or endpoints and a selector, not both");
            }
            return new AppTarget(List.of(), Optional.empty(), null, Optional.of(partition.asText()));
        }
        List<String> endpoints = new ArrayList<>();
        target.path("endpoints").forEach(id -> endpoints.add(id.asText()));
        JsonNode text = target.get("selector");
        if (text == null) {
            return new AppTarget(endpoints, Optional.empty(), null);
        }
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(text.asText());
        } catch (LabelSelector.InvalidSelectorException e) {
            throw new InvalidTargetException(e.getMessage());
        }
        if (parsed.isEverything()) {
            // an app on every endpoint of a tenant must be asked for explicitly, never by a blank string
            throw new InvalidTargetException("selects every endpoint; give at least one requirement such as site=qingdao");
        }
        return new AppTarget(endpoints, Optional.of(text.asText()), parsed);
    }

    /**
     * Checks that the app's name fits the target: an app in a partition names its Deployment, Service and ConfigMaps,
     * so its name must be a Kubernetes DNS label.
     *
     * @throws InvalidTargetException naming {@code /name} when it does not fit
     */
    public void checkAppName(String appName) {
        if (partition.isPresent() && !KUBERNETES_NAME.matcher(appName).matches()) {
            throw new InvalidTargetException("/name", "an app targeted at a partition names its Kubernetes objects, so its"
                    + " name must be lowercase letters, digits and hyphens, start with a letter and end with a letter or digit");
        }
    }

    /** Whether the target selects the endpoint; never when the app runs in a partition. */
    public boolean selects(String endpointId, Map<String, String> labels) {
        return endpoints.contains(endpointId) || (parsed != null && parsed.matches(labels));
    }

    /** The explicitly listed ids, for lookups. */
    public Set<String> endpointSet() {
        return Set.copyOf(endpoints);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (!endpoints.isEmpty()) {
            endpoints.forEach(json.putArray("endpoints")::add);
        }
        selector.ifPresent(text -> json.put("selector", text));
        partition.ifPresent(name -> json.put("partition", name));
        return json;
    }
}
