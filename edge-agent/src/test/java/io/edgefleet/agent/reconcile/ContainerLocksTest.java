package io.edgefleet.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ManagedLabels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ContainerLocksTest {

    private final ContainerLocks locks = new ContainerLocks("ep-aaaaaaaaaaaa");

    private static ContainerInfo container(String id, Map<String, String> labels) {
        return new ContainerInfo(id, "name-" + id, "image", "running", "Up", labels, Instant.EPOCH, Map.of(),
                List.of(), 0, "none");
    }

    @Test
    void anAppsContainersShareTheAppsKeyOthersAreKeyedById() {
        Map<String, String> ours = Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.APP, "web",
                ManagedLabels.ENDPOINT, "ep-aaaaaaaaaaaa");
        Map<String, String> foreign = Map.of(ManagedLabels.MANAGED, "true", ManagedLabels.APP, "web",
                ManagedLabels.ENDPOINT, "ep-bbbbbbbbbbbb");

        assertThat(locks.keyOf(container("a1", ours))).isEqualTo(ContainerLocks.appKey("web"));
        assertThat(locks.keyOf(container("b2", foreign))).isEqualTo("container:b2");
        assertThat(locks.keyOf(container("c3", Map.of()))).isEqualTo("container:c3");
    }

    @Test
    void theReconcilerSkipsAnAppWhileACommandHoldsItAndGetsItAfterwards() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread command = new Thread(() -> locks.withLock("app:web", () -> {
            held.countDown();
            await(release);
        }));
        command.start();
        held.await(5, TimeUnit.SECONDS);
        AtomicBoolean ran = new AtomicBoolean();

        assertThat(locks.tryWithLock("app:web", () -> ran.set(true))).isFalse();
        assertThat(locks.tryWithLock("app:db", () -> ran.set(true))).isTrue();
        release.countDown();
        command.join(5000);
        ran.set(false);
        assertThat(locks.tryWithLock("app:web", () -> ran.set(true))).isTrue();
        assertThat(ran).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
