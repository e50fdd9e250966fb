package io.edgefleet.agent.desired;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * How one app's container must look: every field of the desired document's {@code AppSpec}
 * ({@code desired.schema.json}). Absent scalars are {@code null} (Docker's default applies), absent lists and maps
 * are empty; {@link #pullPolicy()}, {@link #network()} and {@link #restartPolicy()} carry their documented defaults.
 *
 * @param memoryReservationMiB soft memory limit in MiB
 * @param memoryLimitMiB       hard memory limit in MiB
 * @param cpuLimit             CPU limit in cores (e.g. 0.5)
 * @param network              {@code bridge}, {@code host}, {@code none} or a user network (created when missing)
 * @param restartOnUnhealthy   whether the agent restarts the container when Docker reports it unhealthy
 * @param files                files the agent writes under its data dir and bind-mounts read-only into the container
 */
public record AppSpec(String image, PullPolicy pullPolicy, List<String> command, List<String> entrypoint,
                      String workingDir, String user, Map<String, String> env, Map<String, String> labels,
                      String network, List<HostEntry> hostEntries, Integer memoryReservationMiB,
                      Integer memoryLimitMiB, Double cpuLimit, List<VolumeMount> volumes, RestartPolicy restartPolicy,
                      List<PortMapping> ports, Healthcheck healthcheck, Boolean init, LogOptions logOptions,
                      GpuRequest gpus, boolean restartOnUnhealthy, List<ConfigFile> files) {

    /** Label keys with this prefix belong to edgefleet and cannot be set by a spec. */
    public static final String RESERVED_LABEL_PREFIX = "io.edgefleet.";

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .setDefaultPropertyInclusion(
                    // empty values stay inside maps: an env variable set to "" is not the same as none
                    JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS));

    public AppSpec {
        pullPolicy = pullPolicy == null ? PullPolicy.IF_NOT_PRESENT : pullPolicy;
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        env = SpecJson.sortedCopy(env);
        labels = SpecJson.sortedCopy(labels);
        network = network == null ? "bridge" : network;
        hostEntries = hostEntries == null ? List.of() : List.copyOf(hostEntries);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        restartPolicy = restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
        ports = ports == null ? List.of() : List.copyOf(ports);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A spec with only an image; everything else at its default. Handy for callers and tests. */
    public static AppSpec ofImage(String image) {
        return new AppSpec(image, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, false, null);
    }

    /** Reads a spec that already passed {@code desired.schema.json}; it does not repeat the schema's checks. */
    public static AppSpec fromJson(JsonNode node) {
        return new AppSpec(node.get("image").asText(), PullPolicy.fromWire(SpecJson.text(node, "pullPolicy")),
                SpecJson.strings(node, "command"), SpecJson.strings(node, "entrypoint"),
                SpecJson.text(node, "workingDir"), SpecJson.text(node, "user"), SpecJson.map(node, "env"),
                SpecJson.map(node, "labels"), SpecJson.text(node, "network"),
                SpecJson.objects(node, "hostEntries", HostEntry::fromJson),
                SpecJson.integer(node, "memoryReservationMiB"), SpecJson.integer(node, "memoryLimitMiB"),
                SpecJson.present(node, "cpuLimit") ? node.get("cpuLimit").asDouble() : null,
                SpecJson.objects(node, "volumes", VolumeMount::fromJson),
                RestartPolicy.fromJson(node.get("restartPolicy")),
                SpecJson.objects(node, "ports", PortMapping::fromJson),
                SpecJson.present(node, "healthcheck") ? Healthcheck.fromJson(node.get("healthcheck")) : null,
                SpecJson.bool(node, "init"),
                SpecJson.present(node, "logOptions") ? LogOptions.fromJson(node.get("logOptions")) : null,
                SpecJson.present(node, "gpus") ? GpuRequest.fromJson(node.get("gpus")) : null,
                Boolean.TRUE.equals(SpecJson.bool(node, "restartOnUnhealthy")),
                SpecJson.objects(node, "files", ConfigFile::fromJson));
    }

    /** The same spec with more volumes: the bind mounts of its {@link #files()} once they are written. */
    public AppSpec withExtraVolumes(List<VolumeMount> extra) {
        List<VolumeMount> all = new java.util.ArrayList<>(volumes);
        all.addAll(extra);
        return new AppSpec(image, pullPolicy, command, entrypoint, workingDir, user, env, labels, network, hostEntries,
                memoryReservationMiB, memoryLimitMiB, cpuLimit, all, restartPolicy, ports, healthcheck, init,
                logOptions, gpus, restartOnUnhealthy, files);
    }

    /**
     * The spec as canonical JSON: defaults filled in, map keys sorted, absent values and empty lists and maps left
     * out (so the result passes the schema again). Two specs that mean the same give the same text, so its SHA-256
     * tells whether a container still matches its spec.
     */
    public ObjectNode toJson() {
        return CANONICAL.valueToTree(this);
    }

    /**
     * The rules the schema cannot express, checked before anything is created. Each problem names its field as a
     * JSON pointer, e.g. {@code /memoryLimitMiB: must be at least memoryReservationMiB (256)}.
     *
     * @return the problems; empty when the spec can be applied
     */
    public List<String> validate() {
        return AppSpecRules.check(this);
    }
}
