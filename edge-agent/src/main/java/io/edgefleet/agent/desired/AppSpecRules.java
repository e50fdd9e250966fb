package io.edgefleet.agent.desired;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cross-field rules of {@link AppSpec#validate()}: what the schema cannot say but Docker would refuse. */
final class AppSpecRules {

    /** Docker refuses memory limits and reservations below 6 MiB. */
    static final int DOCKER_MIN_MEMORY_MIB = 6;

    private AppSpecRules() {
    }

    static List<String> check(AppSpec spec) {
        List<String> problems = new ArrayList<>();
        memory(spec, problems);
        labels(spec, problems);
        volumes(spec, problems);
        ports(spec, problems);
        restartPolicy(spec.restartPolicy(), problems);
        env(spec.env(), problems);
        ConfigFileRules.check(spec, problems);
        if (spec.healthcheck() != null) {
            healthcheck(spec.healthcheck(), problems);
        }
        if (spec.gpus() != null && spec.gpus().count() != null && !spec.gpus().deviceIds().isEmpty()) {
            problems.add("/gpus: set either count or deviceIds, not both");
        }
        if (spec.cpuLimit() != null && !(spec.cpuLimit() > 0)) {
            problems.add("/cpuLimit: must be more than 0 cores, got " + spec.cpuLimit());
        }
        return problems;
    }

    private static void memory(AppSpec spec, List<String> problems) {
        Integer limit = spec.memoryLimitMiB();
        Integer reservation = spec.memoryReservationMiB();
        if (limit != null && limit < DOCKER_MIN_MEMORY_MIB) {
            problems.add("/memoryLimitMiB: Docker needs at least " + DOCKER_MIN_MEMORY_MIB + " MiB, got " + limit);
        }
        if (reservation != null && reservation < DOCKER_MIN_MEMORY_MIB) {
            problems.add("/memoryReservationMiB: Docker needs at least " + DOCKER_MIN_MEMORY_MIB + " MiB, got "
                    + reservation);
        }
        if (limit != null && reservation != null && limit < reservation) {
            problems.add("/memoryLimitMiB: must be at least memoryReservationMiB (" + reservation + "), got " + limit);
        }
    }

    private static void labels(AppSpec spec, List<String> problems) {
        spec.labels().keySet().stream()
                .filter(key -> key.startsWith(AppSpec.RESERVED_LABEL_PREFIX))
                .forEach(key -> problems.add("/labels/" + key + ": keys starting with '"
                        + AppSpec.RESERVED_LABEL_PREFIX + "' are reserved for edgefleet"));
    }

    private static void volumes(AppSpec spec, List<String> problems) {
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < spec.volumes().size(); i++) {
            VolumeMount volume = spec.volumes().get(i);
            if (volume instanceof VolumeMount.Bind bind && !bind.source().startsWith("/")) {
                problems.add("/volumes/" + i + "/source: a bind mount needs an absolute host path, got '"
                        + bind.source() + "'");
            }
            if (!volume.target().startsWith("/")) {
                problems.add("/volumes/" + i + "/target: must be an absolute path, got '" + volume.target() + "'");
            }
            if (!targets.add(volume.target())) {
                problems.add("/volumes/" + i + "/target: '" + volume.target() + "' is mounted twice");
            }
        }
    }

    private static void ports(AppSpec spec, List<String> problems) {
        if (!spec.ports().isEmpty() && ("host".equals(spec.network()) || "none".equals(spec.network()))) {
            problems.add("/ports: ports cannot be published with network '" + spec.network() + "'");
        }
        // hostPort/protocol -> host IPs already taken; "" = every address, which clashes with any specific one
        Map<String, Set<String>> taken = new HashMap<>();
        for (int i = 0; i < spec.ports().size(); i++) {
            PortMapping port = spec.ports().get(i);
            if (port.hostPort() == null) {
                continue;
            }
            String key = port.hostPort() + "/" + port.protocol();
            String ip = port.hostIp() == null || isWildcard(port.hostIp()) ? "" : port.hostIp();
            Set<String> ips = taken.computeIfAbsent(key, k -> new HashSet<>());
            if (ips.contains(ip) || (ip.isEmpty() && !ips.isEmpty()) || ips.contains("")) {
                problems.add("/ports/" + i + "/hostPort: host port " + key + " is published twice");
            }
            ips.add(ip);
        }
    }

    private static boolean isWildcard(String ip) {
        return "0.0.0.0".equals(ip) || "::".equals(ip);
    }

    private static void restartPolicy(RestartPolicy policy, List<String> problems) {
        if (policy.maximumRetryCount() != null && !"on-failure".equals(policy.name())) {
            problems.add("/restartPolicy/maximumRetryCount: only allowed with policy 'on-failure', not '"
                    + policy.name() + "'");
        }
    }

    private static void env(Map<String, String> env, List<String> problems) {
        env.keySet().stream()
                .filter(name -> name.isEmpty() || name.contains("="))
                .forEach(name -> problems.add("/env/" + name + ": a variable name cannot be empty or hold '='"));
    }

    private static void healthcheck(Healthcheck check, List<String> problems) {
        List<String> test = check.test();
        if (test.isEmpty()) {
            problems.add("/healthcheck/test: must not be empty");
            return;
        }
        String kind = test.get(0);
        boolean known = "NONE".equals(kind) || "CMD".equals(kind) || "CMD-SHELL".equals(kind);
        if (!known) {
            problems.add("/healthcheck/test/0: must be CMD, CMD-SHELL or NONE, got '" + kind + "'");
        } else if (!"NONE".equals(kind) && test.size() < 2) {
            problems.add("/healthcheck/test: " + kind + " needs a command after it");
        }
    }
}
