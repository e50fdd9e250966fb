package io.edgefleet.tenancy.partition.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a container that an {@code app-spec} translates one to one: ports, resources, probes, host aliases,
 * pull policy. Docker names on the left, Kubernetes names on the right.
 */
final class ContainerParts {

    private ContainerParts() {
    }

    /** {@code tcp-8080}: a port name Kubernetes accepts (at most 15 characters, lowercase, a letter in it). */
    static String portName(JsonNode port) {
        return port.path("protocol").asText("tcp") + "-" + port.get("containerPort").asInt();
    }

    /** One container port per distinct port and protocol; a port published twice on the host is one container port. */
    static List<ContainerPort> ports(JsonNode spec) {
        Map<String, ContainerPort> ports = new LinkedHashMap<>();
        for (JsonNode port : spec.path("ports")) {
            ports.putIfAbsent(portName(port), new ContainerPortBuilder().withName(portName(port))
                    .withContainerPort(port.get("containerPort").asInt())
                    .withProtocol(port.path("protocol").asText("tcp").toUpperCase()).build());
        }
        return new ArrayList<>(ports.values());
    }

    /**
     * memoryLimitMiB and cpuLimit become limits, memoryReservationMiB a memory request; without them the partition's
     * LimitRange defaults apply.
     */
    static ResourceRequirements resources(JsonNode spec) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        if (spec.has("memoryLimitMiB")) {
            resources.addToLimits("memory", new Quantity(spec.get("memoryLimitMiB").asLong() + "Mi"));
        }
        if (spec.has("cpuLimit")) {
            resources.addToLimits("cpu", new Quantity(Math.round(spec.get("cpuLimit").asDouble() * 1000) + "m"));
        }
        if (spec.has("memoryReservationMiB")) {
            resources.addToRequests("memory", new Quantity(spec.get("memoryReservationMiB").asLong() + "Mi"));
        }
        return resources.build();
    }

    /**
     * The Docker health check as an exec probe: {@code CMD} runs its arguments, {@code CMD-SHELL} runs them through
     * {@code /bin/sh -c}, {@code NONE} or no check means no probe.
     */
    static Optional<Probe> probe(JsonNode spec) {
        JsonNode check = spec.get("healthcheck");
        if (check == null || check.get("test").size() < 2) {
            return Optional.empty();
        }
        List<String> test = new ArrayList<>();
        check.get("test").forEach(item -> test.add(item.asText()));
        List<String> command = switch (test.get(0)) {
            case "CMD" -> test.subList(1, test.size());
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
            default -> List.of();
        };
        if (command.isEmpty()) {
            return Optional.empty();
        }
        ProbeBuilder probe = new ProbeBuilder().withNewExec().withCommand(command).endExec();
        if (check.has("intervalSeconds")) {
            probe.withPeriodSeconds(check.get("intervalSeconds").asInt());
        }
        if (check.has("timeoutSeconds")) {
            probe.withTimeoutSeconds(check.get("timeoutSeconds").asInt());
        }
        if (check.has("retries")) {
            probe.withFailureThreshold(check.get("retries").asInt());
        }
        if (check.has("startPeriodSeconds")) {
            probe.withInitialDelaySeconds(check.get("startPeriodSeconds").asInt());
        }
        return Optional.of(probe.build());
    }

    /** {@code hostEntries} as the pod's /etc/hosts entries, one alias per entry. */
    static List<HostAlias> hostAliases(JsonNode spec) {
        List<HostAlias> aliases = new ArrayList<>();
        for (JsonNode entry : spec.path("hostEntries")) {
            aliases.add(new HostAliasBuilder().withIp(entry.get("ip").asText()).withHostnames(entry.get("host").asText()).build());
        }
        return aliases;
    }

    /** ifNotPresent, always, never as IfNotPresent, Always, Never; the spec's default is ifNotPresent. */
    static String pullPolicy(JsonNode spec) {
        return switch (spec.path("pullPolicy").asText("ifNotPresent")) {
            case "always" -> "Always";
            case "never" -> "Never";
            default -> "IfNotPresent";
        };
    }

    /** A numeric {@code user} ("1000" or "1000:1000") as user and group ids; names cannot be mapped and are left out. */
    static Optional<long[]> numericUser(JsonNode spec) {
        String user = spec.path("user").asText("");
        if (!user.matches("^[0-9]+(:[0-9]+)?$")) {
            return Optional.empty();
        }
        String[] parts = user.split(":");
        return Optional.of(parts.length == 2 ? new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])}
                : new long[] {Long.parseLong(parts[0])});
    }

    /** The registry host of an image reference, as Docker decides it ({@code docker.io} when none is named). */
    static String registryHost(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }
}
