package io.edgefleet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeHelpersTest {

    @Test
    void engineErrorsBecomeFailuresOfTheMatchingKindWithTheEnginesMessage() {
        RuntimeFailure missing = DockerFailures.map("starting container web",
                new NotFoundException("{\"message\":\"No such container: web\"}\n"));
        assertThat(missing.kind()).isEqualTo(RuntimeFailure.Kind.NOT_FOUND);
        assertThat(missing.getMessage()).isEqualTo("starting container web: No such container: web");

        assertThat(DockerFailures.map("x", new ConflictException("{\"message\":\"in use\"}")).kind())
                .isEqualTo(RuntimeFailure.Kind.CONFLICT);
        assertThat(DockerFailures.map("x", new BadRequestException("{\"message\":\"bad\"}")).kind())
                .isEqualTo(RuntimeFailure.Kind.INVALID);
        RuntimeFailure full = DockerFailures.map("creating container web", new InternalServerErrorException(
                "{\"message\":\"mkdir /var/lib/docker/x: no space left on device\"}"));
        assertThat(full.kind()).isEqualTo(RuntimeFailure.Kind.NO_SPACE);
        RuntimeFailure down = DockerFailures.map("listing containers",
                new RuntimeException(new IOException("connect: Connection refused")));
        assertThat(down.kind()).isEqualTo(RuntimeFailure.Kind.ENGINE);
        assertThat(down.getMessage()).startsWith("listing containers: the Docker engine cannot be reached")
                .contains("Connection refused");
    }

    @Test
    void signalsAreAcceptedByNameWithOrWithoutSigAndByNumber() {
        assertThat(Signals.normalize("SIGKILL")).isEqualTo("SIGKILL");
        assertThat(Signals.normalize("kill")).isEqualTo("SIGKILL");
        assertThat(Signals.normalize("SigHup")).isEqualTo("SIGHUP");
        assertThat(Signals.normalize("9")).isEqualTo("9");
        assertThat(Signals.normalize("SIGRTMIN+3")).isEqualTo("SIGRTMIN+3");
        for (String bad : List.of("SIGFOO", "0", "65", "", "-9", "9; rm")) {
            RuntimeFailure failure = catchThrowableOfType(() -> Signals.normalize(bad), RuntimeFailure.class);
            assertThat(failure.kind()).as(bad).isEqualTo(RuntimeFailure.Kind.INVALID);
        }
        assertThat(catchThrowableOfType(() -> Signals.normalize(null), RuntimeFailure.class)).isNotNull();
    }

    @Test
    void imageReferencesSplitIntoRepositoryAndTagOrDigest() {
        assertThat(ImageRef.parse("busybox")).isEqualTo(new ImageRef("busybox", "latest"));
        assertThat(ImageRef.parse("busybox:1.36")).isEqualTo(new ImageRef("busybox", "1.36"));
        assertThat(ImageRef.parse("127.0.0.1:5000/team/app")).isEqualTo(new ImageRef("127.0.0.1:5000/team/app",
                "latest"));
        assertThat(ImageRef.parse("reg.example:5000/app:2")).isEqualTo(new ImageRef("reg.example:5000/app", "2"));
        assertThat(ImageRef.parse("app@sha256:abc")).isEqualTo(new ImageRef("app", "sha256:abc"));
    }

    @Test
    void credentialsAreChosenByTheImagesRegistryAndNeverPrinted() {
        RegistryCredential local = new RegistryCredential("127.0.0.1:5000", "ci", "s3cret");
        RegistryCredential hub = new RegistryCredential("docker.io", "me", "token");
        List<RegistryCredential> all = List.of(local, hub);

        assertThat(RegistryCredential.forImage("127.0.0.1:5000/app:1", all)).contains(local);
        assertThat(RegistryCredential.forImage("library/nginx:1", all)).contains(hub);
        assertThat(RegistryCredential.forImage("nginx", all)).contains(hub);
        assertThat(RegistryCredential.forImage("reg.other/app:1", all)).isEmpty();
        assertThat(RegistryCredential.registryOf("localhost/app")).isEqualTo("localhost");
        assertThat(local.toString()).doesNotContain("s3cret");
    }

    @Test
    void dockerEventsBecomeRuntimeEventsWithExitCodeAndHealth() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        Event die = new Event().withType(EventType.CONTAINER).withAction("die").withTimenano(1_700_000_000_123_456_789L)
                .withEventActor(new EventActor().withId("abc").withAttributes(Map.of("name", "web", "exitCode", "137",
                        ManagedLabels.MANAGED, "true")));
        Event health = new Event().withType(EventType.CONTAINER).withAction("health_status: unhealthy")
                .withEventActor(new EventActor().withId("abc").withAttributes(Map.of("name", "web")));

        RuntimeEvent converted = DockerEventStream.convert(die, clock);
        RuntimeEvent unhealthy = DockerEventStream.convert(health, clock);

        assertThat(converted.action()).isEqualTo("die");
        assertThat(converted.containerId()).isEqualTo("abc");
        assertThat(converted.name()).isEqualTo("web");
        assertThat(converted.exitCode()).contains(137);
        assertThat(converted.managed()).isTrue();
        assertThat(converted.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
        assertThat(unhealthy.action()).isEqualTo("health_status");
        assertThat(unhealthy.health()).contains("unhealthy");
        assertThat(unhealthy.exitCode()).isEqualTo(Optional.empty());
        assertThat(unhealthy.time()).isEqualTo(clock.instant());
        assertThat(DockerEventStream.convert(new Event().withType(EventType.IMAGE).withAction("pull"), clock))
                .isNull();
    }
}
