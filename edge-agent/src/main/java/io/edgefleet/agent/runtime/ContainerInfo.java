package io.edgefleet.agent.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container as the engine reports it: the state document's container item ({@code state.schema.json}).
 *
 * @param id           the full container id
 * @param name         the name without Docker's leading '/'
 * @param image        the image reference the container was created from
 * @param state        Docker's state: created, restarting, running, removing, paused, exited or dead
 * @param status       Docker's human status text, e.g. {@code Up 3 minutes (healthy)}
 * @param labels       every label of the container
 * @param created      when the container was created
 * @param ipAddresses  address per network name; networks without an address are left out
 * @param ports        exposed and published ports
 * @param restartCount how often Docker restarted the container
 * @param health       none, starting, healthy or unhealthy
 */
public record ContainerInfo(String id, String name, String image, String state, String status,
                            Map<String, String> labels, Instant created, Map<String, String> ipAddresses,
                            List<Port> ports, int restartCount, String health) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
        ipAddresses = Map.copyOf(ipAddresses);
        ports = List.copyOf(ports);
    }

    /**
     * A port of the container.
     *
     * @param hostIp   the host address it is published on; {@code null} when not published
     * @param hostPort the host port; {@code null} when not published
     * @param protocol tcp, udp or sctp
     */
    public record Port(int containerPort, String hostIp, Integer hostPort, String protocol) {
    }

    /** True when edgefleet created the container ({@link ManagedLabels#MANAGED} is {@code true}). */
    public boolean managed() {
        return "true".equals(labels.get(ManagedLabels.MANAGED));
    }

    /** The app the container runs for, from {@link ManagedLabels#APP}; {@code null} for other containers. */
    public String app() {
        return managed() ? labels.get(ManagedLabels.APP) : null;
    }

    /** True while the container's process exists (running, paused or restarting). */
    public boolean isUp() {
        return "running".equals(state) || "paused".equals(state) || "restarting".equals(state);
    }
}
