package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.appIn;
import static io.edgefleet.agent.AgentRig.phase;
import static io.edgefleet.agent.AgentRig.sleeper;
import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.reconcile.ReconcileSettings;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import io.edgefleet.agent.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Download-then-switch with an image from a private registry (Debian's docker-registry with htpasswd auth). */
class PrivateImageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private static TestRegistry registry;
    private static DockerLeftovers docker;
    private static String image;

    @TempDir
    Path temp;

    private AgentRig rig;

    @BeforeAll
    static void registryWithAnImage() throws Exception {
        TestImages.ensure();
        docker = DockerLeftovers.newRun();
        registry = TestRegistry.start("puller", "s3cret-pass");
        image = registry.push(TestImages.BUSYBOX_2, docker.prefix() + "app:2");
    }

    @AfterAll
    static void stopRegistry() {
        docker.close();
        registry.close();
    }

    @BeforeEach
    void rig() throws Exception {
        rig = new AgentRig(temp, docker);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
        DockerCli.tryDocker("rm", "-f", rig.app("web"));
        DockerCli.tryDocker("rmi", image);
        rig.observer().assertAllPayloadsMatchTheirSchemas();
    }

    private String login(String password) {
        return "{\"host\": \"%s\", \"username\": \"%s\", \"password\": \"%s\"}"
                .formatted(registry.host(), registry.username(), password);
    }

    private String fromRegistry() {
        return "{\"image\": \"%s\", \"command\": [\"sleep\", \"3600\"], \"init\": true}".formatted(image);
    }

    @Test
    void wrongCredentialsKeepTheOldRevisionRunningAndReportTheRegistrysReasonTheRightOnesSwitch() throws Exception {
        rig.startAgent();
        String web = rig.app("web");
        rig.desired(1, appEntry(web, 1, sleeper(TestImages.BUSYBOX_1)));
        JsonNode first = rig.awaitState(report -> phase(report, web, "Running"), TIMEOUT);
        String oldId = appIn(first, web).orElseThrow().path("containerId").asText();

        rig.desired(2, appEntry(web, 2, fromRegistry()), login("wrong-pass"));

        JsonNode failed = rig.awaitState(report -> report.path("observedGeneration").asLong() == 2
                && phase(report, web, "Failed"), TIMEOUT);
        assertThat(appIn(failed, web).orElseThrow().path("message").asText())
                .startsWith("pulling image " + image + " failed").contains("unauthorized");
        assertThat(appIn(failed, web).orElseThrow().path("containerId").asText()).isEqualTo(oldId);
        assertThat(DockerCli.inspect(web).path("Id").asText()).isEqualTo(oldId);
        assertThat(DockerCli.inspect(web).at("/State/Running").asBoolean()).isTrue();

        rig.desired(3, appEntry(web, 3, fromRegistry()), login(registry.password()));

        rig.awaitState(report -> report.path("observedGeneration").asLong() == 3 && phase(report, web, "Running")
                && appIn(report, web).orElseThrow().path("revision").asInt() == 3, TIMEOUT);
        assertThat(DockerCli.inspect(web).at("/Config/Image").asText()).isEqualTo(image);
        assertThat(docker("exec", web, "cat", "/version")).isEqualTo("2");
        assertThat(Files.readString(rig.dataDir().resolve("desired.json"))).contains(registry.password());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rig.dataDir().resolve("desired.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void tooLittleFreeSpaceIsReportedInsteadOfPulling() throws Exception {
        rig.startAgent(ReconcileSettings.DEFAULTS.withMinFreeImageBytes(Long.MAX_VALUE / 2));
        String web = rig.app("web");

        rig.desired(1, appEntry(web, 1, fromRegistry()), login(registry.password()));

        JsonNode failed = rig.awaitState(report -> phase(report, web, "Failed"), TIMEOUT);
        assertThat(appIn(failed, web).orElseThrow().path("message").asText())
                .startsWith("not pulling image " + image + ": only ").contains("MiB free on the Docker data root");
        assertThat(DockerCli.tryDocker("image", "inspect", image).exitCode()).isNotZero();
        assertThat(DockerCli.tryDocker("inspect", web).exitCode()).isNotZero();
    }
}
