package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.appIn;
import static io.edgefleet.agent.AgentRig.phase;
import static io.edgefleet.agent.AgentRig.sleeper;
import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.runtime.ManagedLabels;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent keeps the machine on its desired state without the broker, from what it stored on disk, and delivers
 * what happened meanwhile once the broker is back.
 *
 * <p>A real machine reboot (dockerd restarted) would disturb every other container on this shared engine, so the
 * reboot is simulated: every managed container is removed with the docker CLI and the agent restarted while the
 * broker is down.
 */
class AutonomyIT {

    // the client's reconnect backoff grows to tens of seconds while the broker is down
    private static final Duration RECONNECT = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest();

    private AgentRig rig;

    @BeforeEach
    void rig() throws Exception {
        rig = agent.rig();
    }

    private String runningId(String name) {
        var result = DockerCli.tryDocker("inspect", "--format", "{{.Id}} {{.State.Running}}", name);
        if (result.exitCode() != 0) {
            return null;
        }
        String[] parts = result.stdout().trim().split(" ");
        return parts[1].equals("true") ? parts[0] : null;
    }

    @Test
    void withTheBrokerDownAContainerRemovedBehindTheAgentsBackIsRecreatedFromTheStoredDocument() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)));
        JsonNode running = rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        String oldId = appIn(running, web).orElseThrow().path("containerId").asText();
        rig.stopBroker();

        docker("rm", "-f", web);

        String newId = await().atMost(TIMEOUT).until(() -> runningId(web), id -> id != null);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(DockerCli.inspect(web).at("/Config/Labels").path(ManagedLabels.REVISION).asText()).isEqualTo("1");

        rig.startBroker();
        JsonNode state = rig.awaitState(report -> phase(report, web, "Running"), RECONNECT);
        assertThat(appIn(state, web).orElseThrow().path("containerId").asText()).isEqualTo(newId);
    }

    @Test
    void afterASimulatedRebootWithoutBrokerTheAppsRunAgainAndTheQueuedReplyArrivesLater() throws Exception {
        String web = rig.app("web");
        String db = rig.app("db");
        String slow = rig.app("slow-to-stop");
        // sleep as PID 1 ignores SIGTERM, so a stop takes its whole timeout: long enough to lose the broker meanwhile
        docker("run", "-d", "--name", slow, TestImages.BUSYBOX_1, "sleep", "3600");
        rig.desired(3, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)) + ","
                + appEntry(db, 2, sleeper(TestImages.BUSYBOX_2)));
        rig.awaitState(report -> report.path("observedGeneration").asLong() == 3 && phase(report, web, "Running")
                && phase(report, db, "Running"), TIMEOUT);

        rig.command("slow-stop", "container.stop", slow, "{\"timeoutSeconds\": 4}");
        Path commandLog = rig.dataDir().resolve("commands.jsonl");
        await().atMost(TIMEOUT).until(() -> Files.exists(commandLog)
                && Files.readString(commandLog).contains("slow-stop"));
        rig.stopBroker();
        await().atMost(TIMEOUT).until(() -> runningId(slow) == null);
        rig.stopAgent();
        List<String> managed = Arrays.stream(docker("ps", "-aq", "--filter", "label=" + ManagedLabels.ENDPOINT + "="
                + rig.endpointId()).split("\\s+")).filter(id -> !id.isBlank()).toList();
        assertThat(managed).hasSize(2);
        docker(concat(new String[] {"rm", "-f"}, managed));
        rig.startAgent();

        await().atMost(TIMEOUT).until(() -> runningId(web) != null && runningId(db) != null);
        assertThat(docker("exec", db, "cat", "/version")).isEqualTo("2");

        rig.startBroker();
        JsonNode reply = rig.awaitReply("slow-stop", RECONNECT);
        assertThat(reply.path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode state = rig.awaitState(report -> report.path("observedGeneration").asLong() == 3
                && phase(report, web, "Running") && phase(report, db, "Running"), TIMEOUT);
        assertThat(appIn(state, web).orElseThrow().path("containerId").asText()).isEqualTo(runningId(web));
        assertThat(rig.replies("slow-stop")).isEqualTo(1);
    }

    private static String[] concat(String[] head, List<String> tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.size());
        for (int i = 0; i < tail.size(); i++) {
            all[head.length + i] = tail.get(i);
        }
        return all;
    }
}
