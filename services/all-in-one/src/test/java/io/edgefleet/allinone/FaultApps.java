package io.edgefleet.allinone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The app the fault scenarios deploy, and what Docker says about its container. */
final class FaultApps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultApps() {
    }

    /** A small app pinned to endpoints, whose env VERSION tells which revision a container runs. */
    static ObjectNode app(String name, String version, String... endpoints) {
        ObjectNode app = JSON.createObjectNode().put("name", name);
        // init: sleep as PID 1 would ignore SIGTERM and every replacement would wait out Docker's 10 s
        ObjectNode spec = app.putObject("spec").put("image", DockerEngine.TEST_BASE_IMAGE).put("pullPolicy", "never")
                .put("memoryLimitMiB", 16).put("init", true);
        spec.putArray("command").add("sh").add("-c").add("exec sleep 86400");
        spec.putObject("env").put("VERSION", version);
        var targets = app.putObject("target").putArray("endpoints");
        for (String endpoint : endpoints) {
            targets.add(endpoint);
        }
        return app;
    }

    /** {@code docker inspect --format} of a container, or {@code absent}. */
    static String inspect(String container, String format) throws Exception {
        return DockerEngine.run("sh", "-c", "docker inspect --format '" + format + "' " + container
                + " 2>/dev/null || echo absent").strip();
    }

    static String state(String container) throws Exception {
        return inspect(container, "{{.State.Status}}");
    }

    /** The VERSION the container runs with, or absent. */
    static String version(String container) throws Exception {
        String env = inspect(container, "{{range .Config.Env}}{{println .}}{{end}}");
        return env.lines().filter(line -> line.startsWith("VERSION=")).map(line -> line.substring(8)).findFirst()
                .orElse("absent");
    }

    /** How many containers named {@code name} (or its {@code _NEXT} stand-in) Docker created since then. */
    static long containersCreated(String name, java.time.Instant since) throws Exception {
        String names = DockerEngine.run("docker", "events", "--since", Long.toString(since.getEpochSecond()),
                "--until", Long.toString(java.time.Instant.now().getEpochSecond()), "--filter", "type=container",
                "--filter", "event=create", "--format", "{{.Actor.Attributes.name}}");
        return names.lines().filter(line -> line.equals(name) || line.equals(name + "_NEXT")).count();
    }

    /** Removes every container whose name starts with the prefix (a killed run's leftovers too). */
    static void removeContainers(String prefix) throws Exception {
        String ids = DockerEngine.run("docker", "ps", "-aq", "--filter", "name=^/" + prefix);
        if (!ids.isBlank()) {
            DockerEngine.run(List.of("sh", "-c", "docker rm -f " + String.join(" ", ids.split("\\s+")) + " >/dev/null"),
                    null);
        }
    }
}
