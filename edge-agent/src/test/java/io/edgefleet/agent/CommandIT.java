package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.phase;
import static io.edgefleet.agent.AgentRig.sleeper;
import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.TestImages;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Commands through a real broker change containers on the real engine, as the docker CLI sees them. */
class CommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest();

    private AgentRig rig;
    private String target;

    @BeforeEach
    void rig() throws Exception {
        rig = agent.rig();
        // created by hand: commands work on containers the agent does not manage too
        target = rig.app("by-hand");
        docker("run", "-d", "--init", "--name", target, TestImages.BUSYBOX_1, "sh", "-c",
                "echo one; echo two; exec sleep 3600");
    }

    private JsonNode send(String id, String type, String args) throws Exception {
        rig.command(id, type, target, args);
        return rig.awaitReply(id, TIMEOUT);
    }

    private JsonNode state() {
        return DockerCli.inspect(target).path("State");
    }

    @Test
    void everyCommandTypeChangesTheContainerAsDockerSeesIt() throws Exception {
        String startedAt = state().path("StartedAt").asText();

        JsonNode logs = send("logs-1", "container.logs", "{\"tail\": 10}");
        assertThat(logs.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(logs.at("/output/lines").toString()).isEqualTo("[\"one\",\"two\"]");

        JsonNode inspect = send("inspect-1", "container.inspect", "{}");
        assertThat(inspect.at("/output/Id").asText()).isEqualTo(DockerCli.inspect(target).path("Id").asText());

        assertThat(send("pause-1", "container.pause", "{}").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(state().path("Paused").asBoolean()).isTrue();
        assertThat(send("resume-1", "container.resume", "{}").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(state().path("Paused").asBoolean()).isFalse();

        assertThat(send("restart-1", "container.restart", "{\"timeoutSeconds\": 5}").path("status").asText())
                .isEqualTo("SUCCEEDED");
        assertThat(state().path("StartedAt").asText()).isNotEqualTo(startedAt);
        assertThat(state().path("Running").asBoolean()).isTrue();

        JsonNode stop = send("stop-1", "container.stop", "{\"timeoutSeconds\": 5}");
        assertThat(stop.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(stop.path("detail").asText()).startsWith("stopped container " + target);
        assertThat(state().path("Running").asBoolean()).isFalse();

        assertThat(send("start-1", "container.start", "{}").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(state().path("Running").asBoolean()).isTrue();

        assertThat(send("kill-1", "container.kill", "{\"signal\": \"SIGKILL\"}").path("status").asText())
                .isEqualTo("SUCCEEDED");
        assertThat(state().path("Running").asBoolean()).isFalse();
        assertThat(state().path("ExitCode").asInt()).isEqualTo(137);

        assertThat(send("remove-1", "container.remove", "{\"force\": true}").path("status").asText())
                .isEqualTo("SUCCEEDED");
        assertThat(DockerCli.tryDocker("inspect", target).exitCode()).isNotZero();

        JsonNode missing = send("start-2", "container.start", "{}");
        assertThat(missing.path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(missing.path("detail").asText()).isEqualTo("no container '" + target + "' on this machine");
    }

    @Test
    void aCommandTheEngineRefusesFailsWithTheEnginesReason() throws Exception {
        send("stop-1", "container.stop", "{\"timeoutSeconds\": 1}");

        JsonNode pause = send("pause-1", "container.pause", "{}");

        assertThat(pause.path("status").asText()).isEqualTo("FAILED");
        assertThat(pause.path("detail").asText()).containsIgnoringCase("not running");
    }

    @Test
    void anExpiredCommandIsRefusedAndNotExecuted() throws Exception {
        Instant issued = Instant.now().minusSeconds(120);
        rig.publishCommand("""
                {"id": "late-1", "type": "container.stop", "target": {"container": "%s"},
                 "issuedAt": "%s", "expiresAt": "%s", "issuedBy": "user:test"}"""
                .formatted(target, issued, issued.plusSeconds(60)));

        JsonNode reply = rig.awaitReply("late-1", TIMEOUT);

        assertThat(reply.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(reply.path("detail").asText()).contains("not executed");
        assertThat(state().path("Running").asBoolean()).isTrue();
    }

    @Test
    void aRedeliveredCommandIdIsExecutedOnceAlsoAfterAnAgentRestart() throws Exception {
        JsonNode first = send("stop-once", "container.stop", "{\"timeoutSeconds\": 1}");
        assertThat(first.path("status").asText()).isEqualTo("SUCCEEDED");
        docker("start", target);

        rig.command("stop-once", "container.stop", target, "{\"timeoutSeconds\": 1}");
        await(() -> rig.replies("stop-once") == 2);
        rig.stopAgent();
        rig.startAgent();
        rig.command("stop-once", "container.stop", target, "{\"timeoutSeconds\": 1}");
        await(() -> rig.replies("stop-once") == 3);

        assertThat(state().path("Running").asBoolean()).as("not stopped a second time").isTrue();
        assertThat(rig.observer().on("replies").stream().map(Observer.Message::json)
                .filter(reply -> reply.path("commandId").asText().equals("stop-once")))
                .allSatisfy(reply -> assertThat(reply).isEqualTo(first));
    }

    @Test
    void invalidCommandsAreRejectedWithTheFirstViolationAndNothingIsExecuted() throws Exception {
        rig.publishCommand("{\"id\": \"broken-1\", \"type\": ");
        rig.publishCommand("{\"type\": \"container.stop\", \"target\": {\"container\": \"" + target + "\"}}");
        rig.command("unknown-1", "container.explode", target, "{}");
        rig.command("bad-args-1", "container.kill", target, "{\"timeoutSeconds\": 5}");
        rig.command("bad-signal-1", "container.kill", target, "{\"signal\": \"sigkill; rm -rf /\"}");

        JsonNode unknown = rig.awaitReply("unknown-1", TIMEOUT);
        assertThat(unknown.path("status").asText()).isEqualTo("REJECTED");
        assertThat(unknown.path("detail").asText()).isEqualTo("/type: unknown command type 'container.explode'");
        JsonNode badArgs = rig.awaitReply("bad-args-1", TIMEOUT);
        assertThat(badArgs.path("status").asText()).isEqualTo("REJECTED");
        assertThat(badArgs.path("detail").asText()).startsWith("/args/timeoutSeconds");
        assertThat(rig.awaitReply("bad-signal-1", TIMEOUT).path("detail").asText()).startsWith("/args/signal");

        assertThat(send("after-1", "container.inspect", "{}").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(rig.observer().on("replies")).hasSize(4);
        assertThat(state().path("Running").asBoolean()).isTrue();
    }

    @Test
    void aManagedAppStoppedByCommandStaysStoppedAndIsReportedSo() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)));
        rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);

        rig.command("stop-web", "container.stop", web, "{\"timeoutSeconds\": 5}");

        assertThat(rig.awaitReply("stop-web", TIMEOUT).path("status").asText()).isEqualTo("SUCCEEDED");
        rig.awaitState(report -> phase(report, web, "Stopped"), TIMEOUT);
        assertThat(DockerCli.inspect(web).at("/State/Running").asBoolean()).isFalse();
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(condition);
    }
}
