package io.edgefleet.agent.runtime;

import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** list() and find() report every container of the engine with every inventory field. */
class DockerInventoryIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DockerLeftovers run;
    private static DockerContainerRuntime runtime;

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

    private static Optional<ContainerInfo> listed(String name) {
        return runtime.list().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Test
    void containersMadeByTheDockerCliAreListedAsUnmanagedWithTheirPortsAndLabels() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = docker("run", "-d", "--name", run.name("cli"), "--label", "owner=maintenance",
                "-p", "127.0.0.1::7070", "--expose", "7171/udp", TestImages.BUSYBOX_1, "sleep", "1000");
        int hostPort = Integer.parseInt(docker("port", id, "7070/tcp").replaceAll("(?s).*:(\\d+).*", "$1"));

        ContainerInfo info = listed(run.name("cli")).orElseThrow();

        assertThat(info.id()).isEqualTo(id);
        assertThat(info.image()).isEqualTo(TestImages.BUSYBOX_1);
        assertThat(info.state()).isEqualTo("running");
        assertThat(info.status()).startsWith("Up");
        assertThat(info.managed()).isFalse();
        assertThat(info.app()).isNull();
        assertThat(info.labels()).containsEntry("owner", "maintenance");
        assertThat(info.created()).isBetween(before, Instant.now());
        assertThat(info.ipAddresses()).containsEntry("bridge",
                docker("inspect", "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}", id));
        assertThat(info.ports()).containsExactly(new ContainerInfo.Port(7070, "127.0.0.1", hostPort, "tcp"),
                new ContainerInfo.Port(7171, null, null, "udp"));
        assertThat(info.restartCount()).isZero();
        assertThat(info.health()).isEqualTo("none");
    }

    @Test
    void restartCountAndExitedStateComeFromTheEngine() throws Exception {
        AppSpec crashing = AppSpec.fromJson(MAPPER.readTree("""
                {"image": "%s", "restartPolicy": {"name": "on-failure", "maximumRetryCount": 2}}
                """.formatted(TestImages.BROKEN)));
        String id = runtime.create(run.name("crash"), crashing,
                Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.APP, "crash"));
        runtime.start(id);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "exited".equals(DockerCli.inspect(id).get("State").get("Status").asText())
                        && DockerCli.inspect(id).get("RestartCount").asInt() == 2);

        ContainerInfo info = listed(run.name("crash")).orElseThrow();
        assertThat(info.state()).isEqualTo("exited");
        assertThat(info.status()).startsWith("Exited (1)");
        assertThat(info.restartCount()).isEqualTo(2);
        assertThat(info.managed()).isTrue();
        assertThat(info.app()).isEqualTo("crash");
        assertThat(info.ipAddresses()).isEmpty();
    }

    @Test
    void healthComesFromTheEnginesHealthCheck() {
        String id = docker("run", "-d", "--name", run.name("sick"), "--health-cmd", "exit 1",
                "--health-interval", "1s", "--health-retries", "1", TestImages.BUSYBOX_1, "sleep", "1000");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(runtime.find(id).map(ContainerInfo::health)).contains("unhealthy"));
        assertThat(runtime.find(id.substring(0, 12)).map(ContainerInfo::name)).contains(run.name("sick"));
        assertThat(runtime.find(run.name("absent"))).isEmpty();
    }

    @Test
    void listingTwentyContainersStaysCheap() {
        for (int i = 0; i < 20; i++) {
            docker("run", "-d", "--name", run.name("many-" + i), "--label", "batch=" + run.prefix(),
                    TestImages.BUSYBOX_1, "sleep", "1000");
        }
        runtime.list();

        int rounds = 10;
        long started = System.nanoTime();
        List<ContainerInfo> containers = List.of();
        for (int i = 0; i < rounds; i++) {
            containers = runtime.list();
        }
        long perList = (System.nanoTime() - started) / rounds / 1_000_000;

        long batch = containers.stream().filter(c -> run.prefix().equals(c.labels().get("batch"))).count();
        System.out.printf("list() of %d containers: %d ms%n", containers.size(), perList);
        assertThat(batch).isEqualTo(20);
        assertThat(perList).as("ms per list() of %d containers", containers.size()).isLessThan(1000);
    }
}
