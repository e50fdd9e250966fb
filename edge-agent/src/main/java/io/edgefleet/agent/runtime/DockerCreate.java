package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.desired.GpuRequest;
import io.edgefleet.agent.desired.Healthcheck;
import io.edgefleet.agent.desired.LogOptions;
import io.edgefleet.agent.desired.PortMapping;
import io.edgefleet.agent.desired.RestartPolicy;
import io.edgefleet.agent.desired.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates a container from an {@link AppSpec}: every field mapped onto Docker's create request. */
final class DockerCreate {

    private static final Logger LOG = LoggerFactory.getLogger(DockerCreate.class);
    private static final Set<String> BUILTIN_NETWORKS = Set.of("bridge", "host", "none", "default");
    private static final long MIB = 1024L * 1024L;

    private final DockerClient docker;

    DockerCreate(DockerClient docker) {
        this.docker = docker;
    }

    String create(String name, AppSpec spec, Map<String, String> managedLabels) {
        ensureNetwork(spec.network());
        spec.volumes().stream()
                .filter(VolumeMount.Named.class::isInstance)
                .map(VolumeMount.Named.class::cast)
                .forEach(this::ensureVolume);
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.putAll(managedLabels);
        CreateContainerCmd create = docker.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(hostConfig(spec));
        if (!spec.command().isEmpty()) {
            create.withCmd(spec.command());
        }
        if (!spec.entrypoint().isEmpty()) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (spec.workingDir() != null) {
            create.withWorkingDir(spec.workingDir());
        }
        if (spec.user() != null) {
            create.withUser(spec.user());
        }
        if (!spec.ports().isEmpty()) {
            create.withExposedPorts(spec.ports().stream().map(DockerCreate::exposedPort).distinct().toList());
        }
        if (spec.healthcheck() != null) {
            create.withHealthcheck(healthCheck(spec.healthcheck()));
        }
        return create.exec().getId();
    }

    private HostConfig hostConfig(AppSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network())
                .withRestartPolicy(restartPolicy(spec.restartPolicy()))
                .withExtraHosts(spec.hostEntries().stream().map(e -> e.host() + ":" + e.ip()).toArray(String[]::new))
                .withBinds(spec.volumes().stream().map(DockerCreate::bind).toList())
                .withPortBindings(portBindings(spec.ports()));
        if (spec.memoryLimitMiB() != null) {
            host.withMemory(spec.memoryLimitMiB() * MIB);
        }
        if (spec.memoryReservationMiB() != null) {
            host.withMemoryReservation(spec.memoryReservationMiB() * MIB);
        }
        if (spec.cpuLimit() != null) {
            host.withNanoCPUs(Math.round(spec.cpuLimit() * 1_000_000_000d));
        }
        if (spec.init() != null) {
            host.withInit(spec.init());
        }
        if (spec.logOptions() != null) {
            host.withLogConfig(logConfig(spec.logOptions()));
        }
        if (spec.gpus() != null) {
            host.withDeviceRequests(List.of(deviceRequest(spec.gpus())));
        }
        return host;
    }

    private void ensureNetwork(String network) {
        if (BUILTIN_NETWORKS.contains(network) || network.startsWith("container:")) {
            return;
        }
        try {
            docker.inspectNetworkCmd().withNetworkId(network).exec();
        } catch (NotFoundException missing) {
            docker.createNetworkCmd().withName(network).withDriver("bridge").withCheckDuplicate(true).exec();
            LOG.info("created network {}", network);
        }
    }

    private void ensureVolume(VolumeMount.Named volume) {
        try {
            docker.inspectVolumeCmd(volume.name()).exec();
        } catch (NotFoundException missing) {
            docker.createVolumeCmd().withName(volume.name()).withDriver(volume.driver())
                    .withDriverOpts(volume.driverOptions()).exec();
            // driver options may hold addresses but also credentials (e.g. CIFS): log only their keys
            LOG.info("created volume {} with driver {} and options {}", volume.name(), volume.driver(),
                    volume.driverOptions().keySet());
        }
    }

    private static Bind bind(VolumeMount volume) {
        String source = volume instanceof VolumeMount.Bind bind ? bind.source() : ((VolumeMount.Named) volume).name();
        return new Bind(source, new Volume(volume.target()), volume.readOnly() ? AccessMode.ro : AccessMode.rw);
    }

    private static com.github.dockerjava.api.model.RestartPolicy restartPolicy(RestartPolicy policy) {
        return switch (policy.name()) {
            case "no" -> com.github.dockerjava.api.model.RestartPolicy.noRestart();
            case "always" -> com.github.dockerjava.api.model.RestartPolicy.alwaysRestart();
            case "on-failure" -> com.github.dockerjava.api.model.RestartPolicy.onFailureRestart(
                    policy.maximumRetryCount() == null ? 0 : policy.maximumRetryCount());
            case "unless-stopped" -> com.github.dockerjava.api.model.RestartPolicy.unlessStoppedRestart();
            default -> throw new RuntimeFailure(RuntimeFailure.Kind.INVALID,
                    "unknown restart policy '" + policy.name() + "'");
        };
    }

    private static ExposedPort exposedPort(PortMapping port) {
        return new ExposedPort(port.containerPort(), InternetProtocol.parse(port.protocol()));
    }

    private static Ports portBindings(List<PortMapping> mappings) {
        Ports ports = new Ports();
        for (PortMapping port : mappings) {
            if (port.hostPort() == null) {
                continue;
            }
            Ports.Binding binding = port.hostIp() == null
                    ? Ports.Binding.bindPort(port.hostPort())
                    : Ports.Binding.bindIpAndPort(port.hostIp(), port.hostPort());
            ports.bind(exposedPort(port), binding);
        }
        return ports;
    }

    private static HealthCheck healthCheck(Healthcheck check) {
        HealthCheck health = new HealthCheck().withTest(check.test());
        if (check.intervalSeconds() != null) {
            health.withInterval(TimeUnit.SECONDS.toNanos(check.intervalSeconds()));
        }
        if (check.timeoutSeconds() != null) {
            health.withTimeout(TimeUnit.SECONDS.toNanos(check.timeoutSeconds()));
        }
        if (check.startPeriodSeconds() != null) {
            health.withStartPeriod(TimeUnit.SECONDS.toNanos(check.startPeriodSeconds()));
        }
        if (check.retries() != null) {
            health.withRetries(check.retries());
        }
        return health;
    }

    private LogConfig logConfig(LogOptions options) {
        String driver = options.driver() != null ? options.driver() : docker.infoCmd().exec().getLoggingDriver();
        for (LogConfig.LoggingType type : LogConfig.LoggingType.values()) {
            if (type.getType().equals(driver)) {
                return new LogConfig(type, options.options().isEmpty() ? null : options.options());
            }
        }
        List<String> known = new ArrayList<>();
        for (LogConfig.LoggingType type : LogConfig.LoggingType.values()) {
            known.add(type.getType());
        }
        throw new RuntimeFailure(RuntimeFailure.Kind.INVALID, "log driver '" + driver
                + "' is not supported by the agent; use one of " + known);
    }

    private static DeviceRequest deviceRequest(GpuRequest gpus) {
        Set<String> capabilities = new LinkedHashSet<>(gpus.capabilities());
        if (capabilities.isEmpty()) {
            capabilities.add("gpu");
        }
        DeviceRequest request = new DeviceRequest().withDriver("")
                .withCapabilities(List.of(List.copyOf(capabilities)));
        if (!gpus.deviceIds().isEmpty()) {
            request.withDeviceIds(gpus.deviceIds());
        } else {
            request.withCount(gpus.count() == null ? -1 : gpus.count());
        }
        return request;
    }
}
