package io.edgefleet.agent.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Something that happened to a container on the engine (a Docker event of type {@code container}).
 *
 * @param action      Docker's action: {@code create}, {@code start}, {@code die}, {@code oom}, {@code kill},
 *                    {@code stop}, {@code pause}, {@code unpause}, {@code restart}, {@code rename},
 *                    {@code destroy}, {@code health_status} (the status is in {@link #health()}), ... or
 *                    {@link #RESYNC}
 * @param containerId the container's id; empty for {@link #RESYNC}
 * @param name        the container's name at the time of the event, if known
 * @param attributes  the event's attributes (labels of the container, {@code exitCode}, {@code signal}...)
 * @param time        when the engine saw it
 */
public record RuntimeEvent(String action, String containerId, String name, Map<String, String> attributes,
                           Instant time) {

    /**
     * Sent when the event stream (re)connected: events may have been missed since the last one, so a listener that
     * mirrors the engine should list the containers again.
     */
    public static final String RESYNC = "edgefleet.resync";

    public RuntimeEvent {
        attributes = Map.copyOf(attributes);
    }

    /** A resync marker at {@code time}. */
    public static RuntimeEvent resync(Instant time) {
        return new RuntimeEvent(RESYNC, "", "", Map.of(), time);
    }

    /** The exit code of a {@code die} event. */
    public Optional<Integer> exitCode() {
        try {
            return Optional.ofNullable(attributes.get("exitCode")).map(Integer::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The status of a {@code health_status} event: starting, healthy or unhealthy. */
    public Optional<String> health() {
        return Optional.ofNullable(attributes.get("healthStatus"));
    }

    /** True when the container carries edgefleet's managed label. */
    public boolean managed() {
        return "true".equals(attributes.get(ManagedLabels.MANAGED));
    }
}
