package io.edgefleet.agent.runtime;

import static io.edgefleet.agent.testing.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** events() delivers the engine's container events and survives a broken connection without losing any. */
class DockerEventsIT {

    private static DockerLeftovers run;
    private final BlockingQueue<RuntimeEvent> events = new LinkedBlockingQueue<>();
    private DockerContainerRuntime runtime;

    @BeforeAll
    static void images() {
        TestImages.ensure();
        run = DockerLeftovers.newRun();
    }

    @AfterAll
    static void cleanUp() {
        run.close();
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private RuntimeEvent next(Predicate<RuntimeEvent> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            RuntimeEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no matching event within " + within + "; left in queue: " + events);
    }

    private static Predicate<RuntimeEvent> dieOf(String id) {
        return event -> event.action().equals("die") && event.containerId().equals(id);
    }

    @Test
    void aContainerThatExitsGivesADieEventWithItsExitCode() throws Exception {
        runtime = DockerContainerRuntime.forHost(URI.create("unix:///var/run/docker.sock"));
        try (AutoCloseable ignored = runtime.events(events::add)) {
            next(event -> event.action().equals(RuntimeEvent.RESYNC), Duration.ofSeconds(10));

            String id = docker("run", "-d", "--name", run.name("exit3"), "--label", "purpose=events",
                    TestImages.BUSYBOX_1, "sh", "-c", "exit 3");

            RuntimeEvent die = next(dieOf(id), Duration.ofSeconds(10));
            assertThat(die.exitCode()).contains(3);
            assertThat(die.name()).isEqualTo(run.name("exit3"));
            assertThat(die.attributes()).containsEntry("purpose", "events");
            assertThat(die.managed()).isFalse();
        }
    }

    @Test
    void aBrokenStreamReconnectsAndReplaysWhatHappenedMeanwhile() throws Exception {
        try (SocketRelay relay = SocketRelay.toUnixSocket(Path.of("/var/run/docker.sock"))) {
            runtime = DockerContainerRuntime.forHost(URI.create("tcp://127.0.0.1:" + relay.port()));
            try (AutoCloseable ignored = runtime.events(events::add)) {
                next(event -> event.action().equals(RuntimeEvent.RESYNC), Duration.ofSeconds(10));
                String before = docker("run", "-d", "--name", run.name("before"), TestImages.BUSYBOX_1, "true");
                next(dieOf(before), Duration.ofSeconds(10));

                relay.cut(true);
                String during = docker("run", "-d", "--name", run.name("during"), TestImages.BUSYBOX_1, "sh", "-c",
                        "exit 4");
                docker("wait", during);
                relay.heal();

                next(event -> event.action().equals(RuntimeEvent.RESYNC), Duration.ofSeconds(15));
                RuntimeEvent missed = next(dieOf(during), Duration.ofSeconds(10));
                assertThat(missed.exitCode()).contains(4);
            }
        }
    }

    @Test
    void closingTheHandleStopsDelivery() throws Exception {
        runtime = DockerContainerRuntime.forHost(URI.create("unix:///var/run/docker.sock"));
        AutoCloseable handle = runtime.events(events::add);
        next(event -> event.action().equals(RuntimeEvent.RESYNC), Duration.ofSeconds(10));

        handle.close();
        String id = docker("run", "-d", "--name", run.name("unseen"), TestImages.BUSYBOX_1, "true");
        docker("wait", id);

        assertThat(events.poll(1, TimeUnit.SECONDS)).isNull();
    }
}
