package io.edgefleet.agent.runtime;

import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each container operation changes the container as the docker CLI sees it. */
class DockerOperationsIT {

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

    /** A started container running {@code script} under sh (with an init process, never restarted). */
    static String started(DockerContainerRuntime runtime, String name, String script) throws IOException {
        AppSpec spec = AppSpec.fromJson(MAPPER.readTree("""
                {"image": "%s", "command": ["sh", "-c", %s], "init": true, "restartPolicy": {"name": "no"}}
                """.formatted(TestImages.BUSYBOX_1, MAPPER.writeValueAsString(script))));
        String id = runtime.create(name, spec, Map.of());
        runtime.start(id);
        return id;
    }

    private static JsonNode state(String id) {
        return DockerCli.inspect(id).get("State");
    }

    private static RuntimeFailure failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(call, RuntimeFailure.class);
    }

    @Test
    void stopStartAndRestartChangeTheContainersState() throws IOException {
        String id = started(runtime, run.name("cycle"), "sleep 1000");
        assertThat(state(id).get("Status").asText()).isEqualTo("running");

        runtime.stop(id, 5);
        assertThat(state(id).get("Status").asText()).isEqualTo("exited");
        runtime.stop(id, 5);

        runtime.start(id);
        String firstStart = state(id).get("StartedAt").asText();
        assertThat(state(id).get("Status").asText()).isEqualTo("running");
        runtime.start(id);

        runtime.restart(id, 5);
        assertThat(state(id).get("Status").asText()).isEqualTo("running");
        assertThat(state(id).get("StartedAt").asText()).isNotEqualTo(firstStart);
    }

    @Test
    void pauseFreezesAndUnpauseThawsTheContainer() throws IOException {
        String id = started(runtime, run.name("pause"), "sleep 1000");

        runtime.pause(id);
        assertThat(state(id).get("Paused").asBoolean()).isTrue();
        assertThat(docker("ps", "--filter", "id=" + id, "--format", "{{.Status}}")).contains("(Paused)");
        assertThat(runtime.find(id)).hasValueSatisfying(info -> assertThat(info.state()).isEqualTo("paused"));

        runtime.unpause(id);
        assertThat(state(id).get("Paused").asBoolean()).isFalse();
        assertThat(state(id).get("Status").asText()).isEqualTo("running");
    }

    @Test
    void killWithSigkillEndsTheContainerWithExitCode137() throws IOException {
        String id = started(runtime, run.name("kill9"), "sleep 1000");

        runtime.kill(id, "SIGKILL");

        await().atMost(Duration.ofSeconds(10)).until(() -> !state(id).get("Running").asBoolean());
        assertThat(state(id).get("ExitCode").asInt()).isEqualTo(137);
        assertThat(failure(() -> runtime.kill(id, "SIGKILL")).kind()).isEqualTo(RuntimeFailure.Kind.CONFLICT);
    }

    @Test
    void killDeliversSignalsGivenByNameOrNumber() throws IOException {
        String script = "trap 'exit 42' TERM; trap 'exit 43' HUP; while true; do sleep 0.1; done";
        String byNumber = started(runtime, run.name("kill15"), script);
        String byName = started(runtime, run.name("killhup"), script);

        runtime.kill(byNumber, "15");
        runtime.kill(byName, "hup");

        await().atMost(Duration.ofSeconds(10)).until(() -> !state(byNumber).get("Running").asBoolean()
                && !state(byName).get("Running").asBoolean());
        assertThat(state(byNumber).get("ExitCode").asInt()).isEqualTo(42);
        assertThat(state(byName).get("ExitCode").asInt()).isEqualTo(43);
    }

    @Test
    void anUnknownSignalIsInvalidAndTheContainerKeepsRunning() throws IOException {
        String id = started(runtime, run.name("killbad"), "sleep 1000");

        RuntimeFailure failure = failure(() -> runtime.kill(id, "SIGFOO"));

        assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.INVALID);
        assertThat(failure.getMessage()).contains("SIGFOO");
        assertThat(state(id).get("Running").asBoolean()).isTrue();
    }

    @Test
    void removeNeedsForceForARunningContainerAndCanTakeItsAnonymousVolumes() throws IOException {
        String id = docker("run", "-d", "--name", run.name("anon"), "-v", "/scratch", TestImages.BUSYBOX_1,
                "sleep", "1000");
        String volume = DockerCli.inspect(id).get("Mounts").get(0).get("Name").asText();

        RuntimeFailure refused = failure(() -> runtime.remove(id, false, true));
        assertThat(refused.kind()).isEqualTo(RuntimeFailure.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("You cannot remove a running container");

        runtime.remove(id, true, true);

        assertThat(DockerCli.tryDocker("inspect", id).exitCode()).isNotZero();
        assertThat(DockerCli.tryDocker("volume", "inspect", volume).exitCode()).isNotZero();
        assertThat(failure(() -> runtime.remove(id, true, false)).kind()).isEqualTo(RuntimeFailure.Kind.NOT_FOUND);
    }

    @Test
    void renameGivesTheContainerItsNewName() throws IOException {
        String id = started(runtime, run.name("old"), "sleep 1000");

        runtime.rename(id, run.name("new"));

        assertThat(DockerCli.inspect(id).get("Name").asText()).isEqualTo("/" + run.name("new"));
        assertThat(runtime.find(run.name("new")).map(ContainerInfo::id)).contains(id);
        assertThat(runtime.find(run.name("old"))).isEmpty();
    }

    @Test
    void inspectReturnsTheEnginesDocumentAndNotFoundForAnUnknownContainer() throws IOException {
        String id = started(runtime, run.name("inspect"), "sleep 1000");

        JsonNode document = runtime.inspect(run.name("inspect"));

        JsonNode cli = DockerCli.inspect(id);
        assertThat(document.get("Id").asText()).isEqualTo(id);
        assertThat(document.get("Config")).isEqualTo(cli.get("Config"));
        assertThat(document.get("HostConfig")).isEqualTo(cli.get("HostConfig"));
        RuntimeFailure missing = failure(() -> runtime.inspect(run.name("nobody-home")));
        assertThat(missing.kind()).isEqualTo(RuntimeFailure.Kind.NOT_FOUND);
        assertThat(missing.getMessage()).contains("No such container").contains(run.name("nobody-home"));
        assertThat(failure(() -> runtime.start(run.name("nobody-home"))).kind())
                .isEqualTo(RuntimeFailure.Kind.NOT_FOUND);
    }

    @Test
    void imagePresenceAndFreeSpaceOfTheEnginesDataRoot() {
        assertThat(runtime.imagePresent(TestImages.BUSYBOX_1)).isTrue();
        assertThat(runtime.imagePresent("edgefleet-test/absent:9")).isFalse();

        long free = runtime.freeBytesForImages();

        String root = docker("info", "--format", "{{.DockerRootDir}}");
        long dfFree = Long.parseLong(DockerCli.run(null, Map.of(), java.util.List.of("df", "-B1", "--output=avail",
                root)).lines().skip(1).findFirst().orElseThrow().trim());
        assertThat(free).isCloseTo(dfFree, org.assertj.core.data.Offset.offset(256L * 1024 * 1024));
    }
}
