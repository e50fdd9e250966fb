package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.appIn;
import static io.edgefleet.agent.AgentRig.phase;
import static io.edgefleet.agent.AgentRig.sleeper;
import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.runtime.ManagedLabels;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Desired documents through a real broker become containers on the real engine, as the docker CLI sees them. */
class ReconcileIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest();

    private AgentRig rig;

    @BeforeEach
    void rig() throws Exception {
        rig = agent.rig();
    }

    @Test
    void desiredAppsRunWithTheirSpecAndTheProcessedGenerationIsReported() throws Exception {
        String web = rig.app("web");
        String db = rig.app("db");
        rig.desired(1, appEntry(web, 1, """
                {"image": "%s", "pullPolicy": "never", "command": ["sleep", "3600"], "init": true,
                 "env": {"GREETING": "hello"}, "memoryLimitMiB": 64, "labels": {"line": "press-3"}}"""
                .formatted(TestImages.BUSYBOX_1)) + "," + appEntry(db, 4, sleeper(TestImages.BUSYBOX_2)));

        JsonNode state = rig.awaitState(report -> report.path("observedGeneration").asLong() == 1
                && phase(report, web, "Running") && phase(report, db, "Running"), TIMEOUT);

        JsonNode inspect = DockerCli.inspect(web);
        assertThat(inspect.at("/State/Running").asBoolean()).isTrue();
        assertThat(inspect.at("/Config/Image").asText()).isEqualTo(TestImages.BUSYBOX_1);
        assertThat(inspect.at("/Config/Env").toString()).contains("GREETING=hello");
        assertThat(inspect.at("/HostConfig/Memory").asLong()).isEqualTo(64L * 1024 * 1024);
        JsonNode labels = inspect.at("/Config/Labels");
        assertThat(labels.path("line").asText()).isEqualTo("press-3");
        assertThat(labels.path(ManagedLabels.MANAGED).asText()).isEqualTo("true");
        assertThat(labels.path(ManagedLabels.APP).asText()).isEqualTo(web);
        assertThat(labels.path(ManagedLabels.REVISION).asText()).isEqualTo("1");
        assertThat(labels.path(ManagedLabels.ENDPOINT).asText()).isEqualTo(rig.endpointId());
        assertThat(labels.path(ManagedLabels.SPEC_HASH).asText()).matches("[0-9a-f]{64}");
        JsonNode webStatus = appIn(state, web).orElseThrow();
        assertThat(webStatus.path("containerId").asText()).isEqualTo(inspect.path("Id").asText());
        assertThat(webStatus.path("revision").asInt()).isEqualTo(1);
        assertThat(appIn(state, db).orElseThrow().path("revision").asInt()).isEqualTo(4);
        assertThat(DockerCli.inspect(db).at("/Config/Image").asText()).isEqualTo(TestImages.BUSYBOX_2);
        JsonNode container = container(state, web);
        assertThat(container.path("managed").asBoolean()).isTrue();
        assertThat(container.path("app").asText()).isEqualTo(web);
        assertThat(container.path("state").asText()).isEqualTo("running");
    }

    @Test
    void aNewImageTagReplacesTheContainerWithTheNewRevision() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)));
        JsonNode first = rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        String oldId = appIn(first, web).orElseThrow().path("containerId").asText();

        rig.desired(2, appEntry(web, 2, sleeper(TestImages.BUSYBOX_2)));

        JsonNode second = rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && phase(report, web, "Running") && appIn(report, web).orElseThrow().path("revision").asInt() == 2,
                TIMEOUT);
        String newId = appIn(second, web).orElseThrow().path("containerId").asText();
        assertThat(newId).isNotEqualTo(oldId);
        JsonNode inspect = DockerCli.inspect(web);
        assertThat(inspect.path("Id").asText()).isEqualTo(newId);
        assertThat(inspect.at("/Config/Labels").path(ManagedLabels.REVISION).asText()).isEqualTo("2");
        assertThat(docker("exec", web, "cat", "/version")).isEqualTo("2");
        assertThat(DockerCli.tryDocker("inspect", oldId).exitCode()).as("the old container is gone").isNotZero();
        assertThat(docker("ps", "-a", "--filter", "name=" + web, "--format", "{{.Names}}")).isEqualTo(web);
    }

    @Test
    void aBrokenNewImageBringsThePreviousRevisionBackAndReportsFailedWithTheReason() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)));
        JsonNode first = rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        String oldId = appIn(first, web).orElseThrow().path("containerId").asText();

        rig.desired(2, appEntry(web, 2, """
                {"image": "%s", "pullPolicy": "never"}""".formatted(TestImages.BROKEN)));

        JsonNode failed = rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && phase(report, web, "Failed"), TIMEOUT);
        JsonNode status = appIn(failed, web).orElseThrow();
        assertThat(status.path("message").asText()).contains("watch window").contains("broken image")
                .contains("revision 1 runs again");
        assertThat(status.path("containerId").asText()).isEqualTo(oldId);
        JsonNode inspect = DockerCli.inspect(web);
        assertThat(inspect.path("Id").asText()).isEqualTo(oldId);
        assertThat(inspect.at("/State/Running").asBoolean()).isTrue();
        assertThat(docker("ps", "-a", "--filter", "name=" + web, "--format", "{{.Names}}"))
                .as("the broken container was removed").isEqualTo(web);
    }

    @Test
    void anAppNoLongerDesiredIsRemovedWhileContainersTheAgentDidNotCreateStay() throws Exception {
        String keep = rig.app("keep");
        String drop = rig.app("drop");
        String unmanaged = rig.app("by-hand");
        String foreign = rig.app("other-agent");
        docker("run", "-d", "--init", "--name", unmanaged, TestImages.BUSYBOX_1, "sleep", "3600");
        docker("run", "-d", "--init", "--name", foreign, "--label", ManagedLabels.MANAGED + "=true",
                "--label", ManagedLabels.APP + "=" + foreign, "--label", ManagedLabels.ENDPOINT + "=ep-zzzzzzzzzzzz",
                TestImages.BUSYBOX_1, "sleep", "3600");
        rig.desired(1, appEntry(keep, 1, sleeper(TestImages.BUSYBOX_1)) + ","
                + appEntry(drop, 1, sleeper(TestImages.BUSYBOX_1)));
        rig.awaitState(report -> phase(report, keep, "Running") && phase(report, drop, "Running"), TIMEOUT);

        rig.desired(2, appEntry(keep, 1, sleeper(TestImages.BUSYBOX_1)));

        JsonNode state = rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && appIn(report, drop).isEmpty() && phase(report, keep, "Running"), TIMEOUT);
        assertThat(DockerCli.tryDocker("inspect", drop).exitCode()).isNotZero();
        assertThat(DockerCli.inspect(unmanaged).at("/State/Running").asBoolean()).isTrue();
        assertThat(DockerCli.inspect(foreign).at("/State/Running").asBoolean()).isTrue();
        assertThat(container(state, unmanaged).path("managed").asBoolean()).isFalse();
        assertThat(container(state, unmanaged).has("app")).isFalse();
    }

    @Test
    void invalidDocumentsAndSpecsAreReportedWithTheirReasonAndDisturbNothing() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)));
        JsonNode first = rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        String id = appIn(first, web).orElseThrow().path("containerId").asText();

        rig.publishDesired("{\"endpoint\": \"" + rig.endpointId() + "\", \"generation\": ");
        rig.desired(2, appEntry(web, 2, """
                {"image": "%s", "memoryLimitMiB": -5}""".formatted(TestImages.BUSYBOX_2)));
        JsonNode negative = rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && phase(report, web, "Failed"), TIMEOUT);
        assertThat(appIn(negative, web).orElseThrow().path("message").asText())
                .startsWith("invalid spec: /apps/0/spec/memoryLimitMiB");
        assertThat(appIn(negative, web).orElseThrow().path("containerId").asText()).isEqualTo(id);

        rig.desired(3, appEntry(web, 3, """
                {"image": "%s", "ports": [{"hostPort": 70000, "containerPort": 80}]}"""
                .formatted(TestImages.BUSYBOX_2)));
        JsonNode port = rig.awaitState(report -> report.path("observedGeneration").asLong() == 3
                && phase(report, web, "Failed"), TIMEOUT);
        assertThat(appIn(port, web).orElseThrow().path("message").asText())
                .startsWith("invalid spec: /apps/0/spec/ports/0/hostPort");

        rig.publishDesired("""
                {"endpoint": "ep-zzzzzzzzzzzz", "generation": 4, "issuedAt": "2025-06-01T08:00:00Z", "apps": [%s]}"""
                .formatted(appEntry(web, 4, sleeper(TestImages.BUSYBOX_2))));
        JsonNode foreign = rig.awaitState(report -> report.path("observedGeneration").asLong() == 4, TIMEOUT);
        assertThat(appIn(foreign, web).orElseThrow().path("message").asText())
                .isEqualTo("desired generation 4 refused: /endpoint: the document is for endpoint ep-zzzzzzzzzzzz, "
                        + "this agent is " + rig.endpointId());

        JsonNode inspect = DockerCli.inspect(web);
        assertThat(inspect.path("Id").asText()).isEqualTo(id);
        assertThat(inspect.at("/State/Running").asBoolean()).isTrue();
        assertThat(inspect.at("/State/StartedAt").asText()).isEqualTo(DockerCli.inspect(id).at("/State/StartedAt")
                .asText());
        assertThat(inspect.at("/RestartCount").asInt()).isZero();
    }

    @Test
    void anUnhealthyContainerIsRestartedWhenTheSpecAsksForIt() throws Exception {
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, """
                {"image": "%s", "pullPolicy": "never", "command": ["sleep", "3600"], "init": true,
                 "healthcheck": {"test": ["CMD", "false"], "intervalSeconds": 1, "timeoutSeconds": 1, "retries": 1},
                 "restartOnUnhealthy": true}""".formatted(TestImages.BUSYBOX_1)));

        JsonNode state = rig.awaitState(report -> appIn(report, web)
                .map(app -> app.path("restarts").asInt() >= 1).orElse(false), TIMEOUT);

        assertThat(appIn(state, web).orElseThrow().path("containerId").asText())
                .isEqualTo(DockerCli.inspect(web).path("Id").asText());
    }

    private static JsonNode container(JsonNode state, String name) {
        for (JsonNode container : state.path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("no container " + name + " in " + state);
    }
}
