package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the engine's containers into {@link ContainerInfo}s. The list API gives everything but the restart count
 * and the health status, so each container is inspected once more for those two (a few milliseconds each over
 * the local socket).
 */
final class DockerInventory {

    private final DockerClient docker;

    DockerInventory(DockerClient docker) {
        this.docker = docker;
    }

    List<ContainerInfo> list() {
        List<ContainerInfo> containers = new ArrayList<>();
        for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
            details(container.getId()).ifPresent(details -> containers.add(info(container, details)));
        }
        containers.sort(Comparator.comparing(ContainerInfo::name));
        return containers;
    }

    Optional<ContainerInfo> find(String idOrName) {
        Optional<InspectContainerResponse> details = details(idOrName);
        if (details.isEmpty()) {
            return Optional.empty();
        }
        String id = details.get().getId();
        return docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().stream()
                .filter(container -> container.getId().equals(id))
                .findFirst()
                .map(container -> info(container, details.get()));
    }

    /** The inspect answer, or empty when the container is gone (removed between list and inspect). */
    private Optional<InspectContainerResponse> details(String idOrName) {
        try {
            return Optional.of(docker.inspectContainerCmd(idOrName).exec());
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    private static ContainerInfo info(Container container, InspectContainerResponse details) {
        Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
        Instant created = container.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(container.getCreated());
        Integer restarts = details.getRestartCount();
        return new ContainerInfo(container.getId(), name(container, details), container.getImage(),
                container.getState(), container.getStatus(), labels, created, addresses(container), ports(container),
                restarts == null ? 0 : restarts, health(details));
    }

    private static String name(Container container, InspectContainerResponse details) {
        String name = details.getName();
        if (name == null && container.getNames() != null && container.getNames().length > 0) {
            name = container.getNames()[0];
        }
        if (name == null) {
            return container.getId();
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static Map<String, String> addresses(Container container) {
        Map<String, String> addresses = new TreeMap<>();
        if (container.getNetworkSettings() == null || container.getNetworkSettings().getNetworks() == null) {
            return addresses;
        }
        for (Map.Entry<String, ContainerNetwork> network : container.getNetworkSettings().getNetworks().entrySet()) {
            ContainerNetwork settings = network.getValue();
            if (settings == null) {
                continue;
            }
            String address = settings.getIpAddress();
            if (address == null || address.isEmpty()) {
                address = settings.getGlobalIPv6Address();
            }
            if (address != null && !address.isEmpty()) {
                addresses.put(network.getKey(), address);
            }
        }
        return addresses;
    }

    private static List<ContainerInfo.Port> ports(Container container) {
        List<ContainerInfo.Port> ports = new ArrayList<>();
        if (container.getPorts() == null) {
            return ports;
        }
        for (ContainerPort port : container.getPorts()) {
            if (port.getPrivatePort() == null) {
                continue;
            }
            boolean published = port.getPublicPort() != null && port.getPublicPort() > 0;
            String hostIp = published && port.getIp() != null && !port.getIp().isEmpty() ? port.getIp() : null;
            ports.add(new ContainerInfo.Port(port.getPrivatePort(), hostIp, published ? port.getPublicPort() : null,
                    port.getType() == null ? "tcp" : port.getType()));
        }
        ports.sort(Comparator.comparingInt(ContainerInfo.Port::containerPort)
                .thenComparing(ContainerInfo.Port::protocol)
                .thenComparing(p -> p.hostIp() == null ? "" : p.hostIp()));
        return ports;
    }

    private static String health(InspectContainerResponse details) {
        if (details.getState() == null || details.getState().getHealth() == null) {
            return "none";
        }
        String status = details.getState().getHealth().getStatus();
        return status == null || status.isEmpty() ? "none" : status;
    }
}
