package io.edgefleet.agent.runtime;

import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create() applies every AppSpec field, as the docker CLI (not the runtime itself) sees it. */
class DockerCreateIT {

    private static final long MIB = 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DockerLeftovers run;
    private static DockerContainerRuntime runtime;

    @TempDir
    Path www;

    @BeforeAll
    static void images() {
        TestImages.ensure();
        run = DockerLeftovers.newRun();
        runtime = DockerContainerRuntime.forHost(URI.create("unix:///var/run/docker.sock"));
    }

    @AfterAll
    static void cleanUp() {
        runtime.close();
        run.close();
    }

    private String fullSpec(int hostPort) throws IOException {
        return """
                {"image": "%s", "pullPolicy": "never",
                 "entrypoint": ["/bin/sh", "-c"], "command": ["exec httpd -f -p 8080 -h /www"],
                 "workingDir": "/data", "user": "1000:1000",
                 "env": {"GREETING": "hello world", "MODE": "test"},
                 "labels": {"line": "press-3", "team": "ops"},
                 "network": "%s",
                 "hostEntries": [{"host": "plc.local", "ip": "10.1.2.3"}],
                 "memoryReservationMiB": 32, "memoryLimitMiB": 64, "cpuLimit": 0.5,
                 "volumes": [{"type": "bind", "source": "%s", "target": "/www", "readOnly": true},
                             {"type": "volume", "name": "%s", "target": "/data", "driver": "local",
                              "driverOptions": {"type": "tmpfs", "device": "tmpfs", "o": "size=16m"}}],
                 "restartPolicy": {"name": "on-failure", "maximumRetryCount": 3},
                 "ports": [{"hostIp": "127.0.0.1", "hostPort": %d, "containerPort": 8080, "protocol": "tcp"},
                           {"containerPort": 9999, "protocol": "udp"}],
                 "healthcheck": {"test": ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/index.html"],
                                 "intervalSeconds": 1, "timeoutSeconds": 2, "retries": 3, "startPeriodSeconds": 1},
                 "init": true,
                 "logOptions": {"driver": "json-file", "options": {"max-size": "1m", "max-file": "2"}},
                 "restartOnUnhealthy": true}
                """.formatted(TestImages.BUSYBOX_1, run.name("net"), www, run.name("vol"), hostPort);
    }

    @Test
    void everySpecFieldIsAppliedAndTheAppAnswersOnItsHostPort() throws Exception {
        Files.writeString(www.resolve("index.html"), "served from the bind mount\n");
        // the app runs as user 1000 and JUnit makes its temp dir private to root
        www.toFile().setReadable(true, false);
        www.toFile().setExecutable(true, false);
        int hostPort = freePort();
        AppSpec spec = AppSpec.fromJson(MAPPER.readTree(fullSpec(hostPort)));
        assertThat(spec.validate()).isEmpty();
        Map<String, String> managed = Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.APP, "web",
                ManagedLabels.REVISION, "7");

        long started = System.nanoTime();
        String id = runtime.create(run.name("web"), spec, managed);
        runtime.start(id);
        long createAndStartMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("create+start with every field (new network and volume): %d ms%n", createAndStartMillis);

        JsonNode inspect = DockerCli.inspect(id);
        JsonNode host = inspect.get("HostConfig");
        JsonNode config = inspect.get("Config");
        assertThat(inspect.get("Name").asText()).isEqualTo("/" + run.name("web"));
        assertThat(config.get("Image").asText()).isEqualTo(TestImages.BUSYBOX_1);
        assertThat(host.get("Memory").asLong()).isEqualTo(64 * MIB);
        assertThat(host.get("MemoryReservation").asLong()).isEqualTo(32 * MIB);
        assertThat(host.get("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(texts(config.get("Env"))).contains("GREETING=hello world", "MODE=test");
        assertThat(texts(config.get("Entrypoint"))).containsExactly("/bin/sh", "-c");
        assertThat(texts(config.get("Cmd"))).containsExactly("exec httpd -f -p 8080 -h /www");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/data");
        assertThat(config.get("User").asText()).isEqualTo("1000:1000");
        assertThat(MAPPER.convertValue(config.get("Labels"), Map.class)).containsEntry("line", "press-3")
                .containsEntry("team", "ops").containsEntry(ManagedLabels.MANAGED, "true")
                .containsEntry(ManagedLabels.APP, "web").containsEntry(ManagedLabels.REVISION, "7");
        assertThat(texts(host.get("ExtraHosts"))).containsExactly("plc.local:10.1.2.3");
        assertThat(host.get("RestartPolicy").get("Name").asText()).isEqualTo("on-failure");
        assertThat(host.get("RestartPolicy").get("MaximumRetryCount").asInt()).isEqualTo(3);
        assertThat(host.get("Init").asBoolean()).isTrue();
        assertThat(host.get("LogConfig").get("Type").asText()).isEqualTo("json-file");
        assertThat(MAPPER.convertValue(host.get("LogConfig").get("Config"), Map.class))
                .isEqualTo(Map.of("max-size", "1m", "max-file", "2"));
        JsonNode binding = host.get("PortBindings").get("8080/tcp").get(0);
        assertThat(binding.get("HostIp").asText()).isEqualTo("127.0.0.1");
        assertThat(binding.get("HostPort").asText()).isEqualTo(Integer.toString(hostPort));
        assertThat(config.get("ExposedPorts").has("9999/udp")).isTrue();
        JsonNode health = config.get("Healthcheck");
        assertThat(texts(health.get("Test"))).containsExactly("CMD-SHELL",
                "wget -q -O /dev/null http://127.0.0.1:8080/index.html");
        assertThat(health.get("Interval").asLong()).isEqualTo(1_000_000_000L);
        assertThat(health.get("Timeout").asLong()).isEqualTo(2_000_000_000L);
        assertThat(health.get("StartPeriod").asLong()).isEqualTo(1_000_000_000L);
        assertThat(health.get("Retries").asInt()).isEqualTo(3);

        assertThat(host.get("NetworkMode").asText()).isEqualTo(run.name("net"));
        assertThat(DockerCli.inspect(run.name("net")).get("Driver").asText()).isEqualTo("bridge");
        assertThat(inspect.get("NetworkSettings").get("Networks").has(run.name("net"))).isTrue();

        assertMounts(inspect.get("Mounts"));
        JsonNode volume = DockerCli.inspect(run.name("vol"));
        assertThat(volume.get("Driver").asText()).isEqualTo("local");
        assertThat(MAPPER.convertValue(volume.get("Options"), Map.class))
                .isEqualTo(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=16m"));
        assertThat(docker("exec", id, "sh", "-c", "grep ' /data ' /proc/mounts")).contains("tmpfs");
        assertThat(docker("exec", id, "cat", "/etc/hosts")).containsPattern("10\\.1\\.2\\.3\\s+plc\\.local");
        assertThat(docker("exec", id, "sh", "-c", "echo $GREETING")).isEqualTo("hello world");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/index.html"))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() ->
                assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).body())
                        .isEqualTo("served from the bind mount\n"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(runtime.find(id)).hasValueSatisfying(info -> assertThat(info.health())
                        .isEqualTo("healthy")));
        ContainerInfo info = runtime.find(run.name("web")).orElseThrow();
        assertThat(info.managed()).isTrue();
        assertThat(info.app()).isEqualTo("web");
        assertThat(info.state()).isEqualTo("running");
        assertThat(info.ipAddresses()).containsKey(run.name("net"));
        assertThat(info.ports()).contains(new ContainerInfo.Port(8080, "127.0.0.1", hostPort, "tcp"),
                new ContainerInfo.Port(9999, null, null, "udp"));
    }

    private void assertMounts(JsonNode mounts) {
        JsonNode bind = null;
        JsonNode named = null;
        for (JsonNode mount : mounts) {
            if ("bind".equals(mount.get("Type").asText())) {
                bind = mount;
            } else if ("volume".equals(mount.get("Type").asText())) {
                named = mount;
            }
        }
        assertThat(bind).as("bind mount in %s", mounts).isNotNull();
        assertThat(bind.get("Source").asText()).isEqualTo(www.toString());
        assertThat(bind.get("Destination").asText()).isEqualTo("/www");
        assertThat(bind.get("RW").asBoolean()).isFalse();
        assertThat(named).as("named volume in %s", mounts).isNotNull();
        assertThat(named.get("Name").asText()).isEqualTo(run.name("vol"));
        assertThat(named.get("Destination").asText()).isEqualTo("/data");
        assertThat(named.get("Driver").asText()).isEqualTo("local");
        assertThat(named.get("RW").asBoolean()).isTrue();
    }

    @Test
    void gpuRequestsReachTheEngineAsDeviceRequests() throws Exception {
        AppSpec spec = AppSpec.fromJson(MAPPER.readTree("""
                {"image": "%s", "gpus": {"count": -1, "capabilities": ["gpu", "utility"]}}
                """.formatted(TestImages.BUSYBOX_1)));
        AppSpec byId = AppSpec.fromJson(MAPPER.readTree("""
                {"image": "%s", "gpus": {"deviceIds": ["0", "GPU-3f2a"]}}
                """.formatted(TestImages.BUSYBOX_1)));

        // this machine has no GPU, so the containers are created but not started
        JsonNode all = DockerCli.inspect(runtime.create(run.name("gpu-all"), spec, Map.of()))
                .get("HostConfig").get("DeviceRequests").get(0);
        JsonNode listed = DockerCli.inspect(runtime.create(run.name("gpu-ids"), byId, Map.of()))
                .get("HostConfig").get("DeviceRequests").get(0);

        assertThat(all.get("Count").asInt()).isEqualTo(-1);
        assertThat(texts(all.get("Capabilities").get(0))).containsExactly("gpu", "utility");
        assertThat(texts(listed.get("DeviceIDs"))).containsExactly("0", "GPU-3f2a");
        assertThat(texts(listed.get("Capabilities").get(0))).containsExactly("gpu");
    }

    @Test
    void aSpecWithOnlyAnImageGetsTheDocumentedDefaults() {
        String id = runtime.create(run.name("defaults"), AppSpec.ofImage(TestImages.BUSYBOX_1), Map.of());

        JsonNode host = DockerCli.inspect(id).get("HostConfig");
        assertThat(host.get("RestartPolicy").get("Name").asText()).isEqualTo("unless-stopped");
        assertThat(host.get("NetworkMode").asText()).isEqualTo("bridge");
        assertThat(host.get("Memory").asLong()).isZero();
        assertThat(texts(DockerCli.inspect(id).get("Config").get("Cmd"))).containsExactly("/bin/sh");
    }

    @Test
    void anExistingNamedVolumeAndNetworkAreReusedNotRecreated() throws Exception {
        docker("network", "create", run.name("shared-net"));
        docker("volume", "create", run.name("shared-vol"));
        docker("run", "--rm", "-v", run.name("shared-vol") + ":/v", TestImages.BUSYBOX_1, "sh", "-c",
                "echo kept > /v/marker");
        AppSpec spec = AppSpec.fromJson(MAPPER.readTree("""
                {"image": "%s", "network": "%s", "command": ["cat", "/v/marker"],
                 "volumes": [{"type": "volume", "name": "%s", "target": "/v"}],
                 "restartPolicy": {"name": "no"}}
                """.formatted(TestImages.BUSYBOX_1, run.name("shared-net"), run.name("shared-vol"))));

        String id = runtime.create(run.name("reuse"), spec, Map.of());
        runtime.start(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> !DockerCli.inspect(id).get("State").get("Running")
                .asBoolean());
        assertThat(docker("logs", id)).isEqualTo("kept");
    }

    @Test
    void aTakenNameIsAConflictAndAMissingImageIsNotFound() {
        runtime.create(run.name("taken"), AppSpec.ofImage(TestImages.BUSYBOX_1), Map.of());

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> runtime.create(run.name("taken"), AppSpec.ofImage(TestImages.BUSYBOX_1), Map.of()),
                RuntimeFailure.class))
                .satisfies(failure -> {
                    assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.CONFLICT);
                    assertThat(failure.getMessage()).contains(run.name("taken")).contains("already in use");
                });
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> runtime.create(run.name("noimage"), AppSpec.ofImage("edgefleet-test/absent:9"), Map.of()),
                RuntimeFailure.class))
                .satisfies(failure -> {
                    assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.NOT_FOUND);
                    assertThat(failure.getMessage()).contains("edgefleet-test/absent:9");
                });
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
