package io.edgefleet.agent.runtime;

import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.testing.DockerCli;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import io.edgefleet.agent.testing.TestRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pull() from a private registry with password auth: the right login works, anything else is PULL_FAILED. */
class DockerPullIT {

    private static DockerLeftovers run;
    private static TestRegistry registry;
    private static DockerContainerRuntime runtime;
    private static String image;

    @BeforeAll
    static void registryWithAnImage() throws Exception {
        TestImages.ensure();
        run = DockerLeftovers.newRun();
        registry = TestRegistry.start("puller", "s3cret-pass");
        image = registry.push(TestImages.BUSYBOX_2, run.prefix() + "app:2");
        runtime = DockerContainerRuntime.forHost(URI.create("unix:///var/run/docker.sock"));
    }

    @AfterAll
    static void cleanUp() {
        if (runtime != null) {
            runtime.close();
        }
        if (run != null) {
            run.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void forgetThePulledImage() {
        DockerCli.tryDocker("rmi", image);
    }

    private static RegistryCredential login(String password) {
        return new RegistryCredential(registry.host(), registry.username(), password);
    }

    @Test
    void theRightCredentialsPullAnImageThatThenRuns() throws Exception {
        assertThat(runtime.imagePresent(image)).isFalse();

        runtime.pull(image, Optional.of(login("s3cret-pass")));

        assertThat(runtime.imagePresent(image)).isTrue();
        String id = runtime.create(run.name("pulled"), AppSpec.ofImage(image), Map.of());
        docker("start", "-a", id);
        assertThat(docker("logs", id)).isEmpty();
        runtime.remove(id, true, false);
        String versionCheck = docker("run", "--rm", "--name", run.name("version"), image, "cat", "/version");
        assertThat(versionCheck).isEqualTo("2");
    }

    @Test
    void wrongCredentialsFailWithTheRegistrysReason() {
        RuntimeFailure failure = catchThrowableOfType(
                () -> runtime.pull(image, Optional.of(login("wrong-pass"))), RuntimeFailure.class);

        assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.PULL_FAILED);
        assertThat(failure.getMessage()).contains(image).contains("unauthorized");
        assertThat(failure.getMessage()).doesNotContain("wrong-pass");
        assertThat(runtime.imagePresent(image)).isFalse();
    }

    @Test
    void noCredentialsFailWithTheRegistrysReason() {
        RuntimeFailure failure = catchThrowableOfType(() -> runtime.pull(image, Optional.empty()),
                RuntimeFailure.class);

        assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.PULL_FAILED);
        assertThat(failure.getMessage()).contains("no basic auth credentials");
    }

    @Test
    void aMissingTagFailsWithTheRegistrysReason() {
        String missing = registry.host() + "/" + run.prefix() + "app:404";

        RuntimeFailure failure = catchThrowableOfType(
                () -> runtime.pull(missing, Optional.of(login("s3cret-pass"))), RuntimeFailure.class);

        assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.PULL_FAILED);
        assertThat(failure.getMessage()).contains(missing).contains("not found");
    }

    @Test
    void anUnreachableRegistryFailsFast() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "127.0.0.1:" + closedPort + "/app:1";

        long started = System.nanoTime();
        RuntimeFailure failure = catchThrowableOfType(() -> runtime.pull(nowhere, Optional.empty()),
                RuntimeFailure.class);

        assertThat(failure.kind()).isEqualTo(RuntimeFailure.Kind.PULL_FAILED);
        assertThat(failure.getMessage()).contains("connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }
}
