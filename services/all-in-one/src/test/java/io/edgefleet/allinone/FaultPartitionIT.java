package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.allinone.faults.Faults;
import io.edgefleet.allinone.faults.Ledger;
import io.edgefleet.allinone.faults.PlatformDatabase;
import io.edgefleet.allinone.faults.SiteNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A site cut off from the platform (its VPN down: every packet dropped, the flows forgotten) while its desired state
 * changes several times: its app keeps running untouched meanwhile, and once the link is back the agent converges
 * to the latest generation only (desired state is versioned and retained, not a queue of changes). Through the real
 * all-in-one, the real agent in a network namespace behind a 250 ms round trip, and this machine's Docker engine.
 */
@Tag("faults")
class FaultPartitionIT {

    private static final int PG_PORT = freePort();
    /** The broker's queue per client, small here so that a partition outlasts it with a few dozen changes. */
    private static final int BROKER_QUEUE = 50;
    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform(Map.of(
            "EDGEFLEET_POSTGRES_PORT", Integer.toString(PG_PORT),
            "EDGEFLEET_BROKER_MAX_QUEUED_MESSAGES", Integer.toString(BROKER_QUEUE),
            // the second partition is a second connection loss within the flap window: shown after this grace
            "EDGEFLEET_PRESENCE_FLAP_GRACE_SECONDS", "5"));
    private static final String PREFIX = "efpart_";
    private static final String APP = "fault-web";
    private static final String CONTAINER = PREFIX + APP;
    private static final String QUEUE_APP = "fault-queue";
    private static FaultSite site;

    private final ApiClient api = PLATFORM.api();
    private final PlatformDatabase database = new PlatformDatabase(PG_PORT);

    @BeforeAll
    static void siteWithAgent() throws Exception {
        DockerEngine.ensureTestBaseImage();
        SiteNetwork.removeStale();
        FaultApps.removeContainers(PREFIX);
        site = FaultSite.open(11, PLATFORM, "partitioned", PREFIX);
        // a poor link even when it is up: 1 % loss each way, 1 Mbit/s upload
        site.network.loss(0.01);
        site.network.uploadCap("1mbit");
        // a replacement must keep running 3 s (10 s by default) before the agent counts it done
        site.agent.withArgs("--watch-window", "3").start();
        await().atMost(Duration.ofSeconds(90)).until(() -> PLATFORM.api().status(site.id).equals("online"));
    }

    @AfterAll
    static void removeSite() throws Exception {
        if (site != null) {
            site.close();
        }
        FaultApps.removeContainers(PREFIX);
    }

    @Test
    @DisplayName("partition while the desired state changes several times: app keeps running, then the latest generation is applied")
    void partitionedSiteKeepsItsAppRunningAndConvergesToTheLatestGeneration() throws Exception {
        Ledger ledger = new Ledger("partition-with-changes");
        assertThat(api.call("POST", "/api/v1/tenants/default/apps", FaultApps.app(APP, "0", site.id).toString()).status())
                .isEqualTo(201);
        long first = awaitApplied(CONTAINER, "0");
        String startedAt = FaultApps.inspect(CONTAINER, "{{.State.StartedAt}}");

        Duration partition = Faults.partition();
        int changes = 4;
        AtomicInteger samples = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        List<Long> published = new ArrayList<>();
        site.cutOff();
        long cutAt = System.nanoTime();
        Thread sampler = new Thread(() -> sampleWhilePartitioned(cutAt, partition, samples, running), "app-sampler");
        sampler.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status(site.id).equals("offline"));
        for (int change = 1; change <= changes; change++) {
            long before = database.desiredGeneration(site.id);
            assertThat(api.call("PUT", "/api/v1/tenants/default/apps/" + APP,
                    FaultApps.app(APP, Integer.toString(change), site.id).without("name").toString()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> database.desiredGeneration(site.id) > before);
            published.add(database.desiredGeneration(site.id));
            sleepUntil(cutAt, partition.multipliedBy(change).dividedBy(changes + 1));
        }
        sampler.join();
        String startedAtAfterPartition = FaultApps.inspect(CONTAINER, "{{.State.StartedAt}}");
        long observedDuringPartition = api.endpoint(site.id).path("observedGeneration").asLong();
        int connectsBefore = site.relay.connectionsAccepted();
        java.time.Instant healedSince = java.time.Instant.now();
        site.reconnect();
        long healedAt = System.nanoTime();

        long latest = published.get(published.size() - 1);
        long applied = awaitApplied(CONTAINER, Integer.toString(changes));
        long convergedMillis = (System.nanoTime() - healedAt) / 1_000_000;
        long replacements = FaultApps.containersCreated(PREFIX + APP, healedSince);
        long[] stream = site.metricStream();
        // the agent sends its backlog one batch per round trip: 30 minutes of batches take minutes to drain
        long drainStarted = System.nanoTime();
        await().atMost(Faults.longMode() ? Duration.ofMinutes(15) : Duration.ofSeconds(60))
                .until(() -> database.metrics(site.id).distinctSeqs() >= stream[0] - stream[1]);
        long drainMillis = (System.nanoTime() - drainStarted) / 1_000_000;
        PlatformDatabase.MetricCounts metrics = database.metrics(site.id);

        ledger.put("link", "250 ms RTT +-40 ms, 1 % loss each way, 1 Mbit/s up")
                .put("partition seconds", partition.toSeconds())
                .put("desired generation before", first)
                .put("desired generations published", published.size())
                .put("desired generations published (list)", published)
                .put("observed generation during partition", observedDuringPartition)
                .put("latest generation", latest)
                .put("generation applied after heal", applied)
                .put("converged after heal (ms)", convergedMillis)
                .put("container replacements after heal", replacements)
                .put("app samples during partition", samples.get())
                .put("app samples running", running.get())
                .put("container restarted during partition", !startedAt.equals(startedAtAfterPartition))
                .put("agent connects before heal", connectsBefore)
                .put("agent connects after heal", site.relay.connectionsAccepted())
                .put("metric backlog stored within (ms, after converging)", drainMillis)
                .put("metric batches produced", stream[0])
                .put("metric batches dropped by the agent", stream[1])
                .put("metric batches stored", metrics.batches())
                .put("metric batches stored twice", metrics.batches() - metrics.distinctSeqs())
                .put("metric samples stored", metrics.samples())
                .put("metric samples duplicated", metrics.duplicateSamples())
                .record();

        assertThat(observedDuringPartition).as("no desired change reached the site while it was cut off").isEqualTo(first);
        assertThat(applied).isEqualTo(latest);
        // versioned, not queued: the generations queued in the session are not applied one after the other (the
        // first may be under way before the others arrive)
        assertThat(replacements).as("container replacements after the heal").isBetween(1L, 2L);
        assertThat(samples.get()).isGreaterThan(5);
        assertThat(running.get()).as("app running at every sample during the partition").isEqualTo(samples.get());
        assertThat(startedAtAfterPartition).as("the container was not restarted during the partition").isEqualTo(startedAt);
        assertThat(metrics.batches()).as("no metric batch stored twice").isEqualTo(metrics.distinctSeqs());
        assertThat(metrics.duplicateSamples()).as("no metric sample stored twice").isZero();
        assertThat(metrics.distinctSeqs()).as("every batch produced and not dropped is stored")
                .isGreaterThanOrEqualTo(stream[0] - stream[1]);
    }

    @Test
    @DisplayName("more desired changes during a partition than the broker queues for the agent: still the latest generation")
    void moreChangesThanTheBrokerQueuesStillConvergeToTheLatestGeneration() throws Exception {
        Ledger ledger = new Ledger("partition-beyond-the-broker-queue");
        String container = PREFIX + QUEUE_APP;
        assertThat(api.call("POST", "/api/v1/tenants/default/apps", FaultApps.app(QUEUE_APP, "0", site.id).toString())
                .status()).isEqualTo(201);
        long first = awaitApplied(container, "0");
        site.cutOff();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status(site.id).equals("offline"));
        int changes = BROKER_QUEUE + 10;
        for (int change = 1; change <= changes; change++) {
            assertThat(api.call("PUT", "/api/v1/tenants/default/apps/" + QUEUE_APP,
                    FaultApps.app(QUEUE_APP, Integer.toString(change), site.id).without("name").toString()).status())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> database.desiredGeneration(site.id) >= first + changes);
        long latest = database.desiredGeneration(site.id);
        java.time.Instant healedSince = java.time.Instant.now();
        site.reconnect();
        long healedAt = System.nanoTime();
        long applied = awaitApplied(container, Integer.toString(changes));
        long convergedMillis = (System.nanoTime() - healedAt) / 1_000_000;
        long replacements = FaultApps.containersCreated(container, healedSince);

        ledger.put("broker queue per client", BROKER_QUEUE)
                .put("desired generations published during the partition", latest - first)
                .put("latest generation", latest)
                .put("generation applied after heal", applied)
                .put("converged after heal (ms)", convergedMillis)
                .put("container replacements after heal", replacements)
                .record();

        assertThat(latest - first).as("more generations than the broker queues").isGreaterThan(BROKER_QUEUE);
        assertThat(applied).isEqualTo(latest);
        assertThat(replacements).as("container replacements after the heal").isBetween(1L, 3L);
    }

    /** Waits until the agent reports the endpoint's latest generation and the container runs {@code version}. */
    private long awaitApplied(String container, String version) throws Exception {
        await().atMost(Duration.ofSeconds(Faults.longMode() ? 300 : 150)).pollInterval(Duration.ofMillis(500))
                .until(() -> FaultApps.version(container).equals(version)
                        && FaultApps.state(container).equals("running")
                        && api.endpoint(site.id).path("observedGeneration").asLong() == database.desiredGeneration(site.id));
        return api.endpoint(site.id).path("observedGeneration").asLong();
    }

    private static void sampleWhilePartitioned(long cutAt, Duration partition, AtomicInteger samples, AtomicInteger running) {
        try {
            while (System.nanoTime() - cutAt < partition.toNanos()) {
                samples.incrementAndGet();
                if (FaultApps.state(CONTAINER).equals("running")) {
                    running.incrementAndGet();
                }
                Thread.sleep(Faults.longMode() ? 10_000 : 500);
            }
        } catch (Exception e) {
            throw new IllegalStateException("sampling the app failed", e);
        }
    }

    private static void sleepUntil(long start, Duration offset) throws InterruptedException {
        long wait = start + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }

    private static int freePort() {
        try {
            return PlatformProcess.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
