package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.allinone.faults.DockerEventWatch;
import io.edgefleet.allinone.faults.Ledger;
import io.edgefleet.allinone.faults.PlatformDatabase;
import io.edgefleet.allinone.faults.SiteNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} in the middle of a rolling update, of metrics ingest from two remote sites and of a stream of
 * container commands: of the whole platform (broker, services and the embedded PostgreSQL's parent: nothing says
 * goodbye, then a restart on the same data), and of the embedded PostgreSQL alone (the platform starts it again). The
 * rollout completes, the acknowledged update is not lost, no command runs twice (Docker's own restart events are the
 * witness), no metric batch or sample is stored twice.
 */
@Tag("faults")
class FaultPlatformCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PG_PORT = freePort();
    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform(
            Map.of("EDGEFLEET_POSTGRES_PORT", Integer.toString(PG_PORT)));
    private static final String PREFIX_A = "efcrash-a_";
    private static final String PREFIX_B = "efcrash-b_";
    private static final String WEB = "crash-web";
    private static final String TARGET = "crash-cmd";
    private static FaultSite siteA;
    private static FaultSite siteB;
    private static final AtomicInteger VERSIONS = new AtomicInteger(1);
    private static final Duration STALL = Duration.ofSeconds(5);

    @BeforeAll
    static void twoSites() throws Exception {
        DockerEngine.ensureTestBaseImage();
        SiteNetwork.removeStale();
        FaultApps.removeContainers(PREFIX_A);
        FaultApps.removeContainers(PREFIX_B);
        siteA = FaultSite.open(13, PLATFORM, "crash-a", PREFIX_A);
        siteB = FaultSite.open(14, PLATFORM, "crash-b", PREFIX_B);
        // site B sits behind a poor link: 3 % loss each way, 512 kbit/s upload
        siteB.network.loss(0.03);
        siteB.network.uploadCap("512kbit");
        siteA.agent.withArgs("--watch-window", "3").start();
        siteB.agent.withArgs("--watch-window", "3").start();
        for (FaultSite site : List.of(siteA, siteB)) {
            // generous: on a loaded machine the broker may refuse a first connect while the registry is slow to answer
            await().atMost(Duration.ofSeconds(90)).until(() -> PLATFORM.api().status(site.id).equals("online"));
        }
        ApiClient api = PLATFORM.api();
        assertThat(api.call("POST", "/api/v1/tenants/default/apps", web("1").toString()).status()).isEqualTo(201);
        assertThat(api.call("POST", "/api/v1/tenants/default/apps",
                FaultApps.app(TARGET, "1", siteA.id).toString()).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                FaultApps.version(PREFIX_A + WEB).equals("1") && FaultApps.version(PREFIX_B + WEB).equals("1")
                        && FaultApps.state(PREFIX_A + TARGET).equals("running"));
    }

    @AfterAll
    static void removeSites() throws Exception {
        for (FaultSite site : new FaultSite[] {siteA, siteB}) {
            if (site != null) {
                site.close();
            }
        }
        FaultApps.removeContainers(PREFIX_A);
        FaultApps.removeContainers(PREFIX_B);
    }

    private static ObjectNode web(String version) {
        ObjectNode app = FaultApps.app(WEB, version, siteA.id, siteB.id);
        app.set("rollout", JSON.createObjectNode().put("strategy", "rolling").put("batchSize", 1).put("offline", "wait"));
        return app;
    }

    @Test
    @DisplayName("kill -9 of the platform mid-rollout, mid-ingest and mid-commands: all resumes, nothing lost or doubled")
    void platformCrashLosesNothingAcknowledgedAndDoublesNothing() throws Exception {
        try (Scenario scenario = Scenario.begin(PLATFORM.api())) {
            Thread.sleep(1500); // a few more commands and metric batches in flight
            PLATFORM.process().kill();
            long killed = System.nanoTime();
            Thread.sleep(3000);
            PLATFORM.process().start();
            long downMillis = (System.nanoTime() - killed) / 1_000_000;

            scenario.finish(new Ledger("platform-kill-9").put("platform down (ms)", downMillis));
        }
    }

    @Test
    @DisplayName("PostgreSQL alone stalls and dies (kill -9) mid-rollout, mid-ingest and mid-commands: it comes back, "
            + "nothing lost or doubled")
    void postgresCrashLosesNothingAcknowledgedAndDoublesNothing() throws Exception {
        try (Scenario scenario = Scenario.begin(PLATFORM.api())) {
            postgresCrash(scenario);
        }
    }

    private static void postgresCrash(Scenario scenario) throws Exception {
        Thread.sleep(1500);
        Path pidFile = PLATFORM.process().home().resolve("postgres/postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        List<String> backends = ProcessHandle.of(postmaster).orElseThrow().descendants()
                .map(process -> Long.toString(process.pid())).toList();
        // right after a command was acknowledged the database stalls (a frozen disk or VM), so that the command's
        // reply arrives while its write cannot finish; then the server dies
        int acknowledged = scenario.commands.ids.size();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> scenario.commands.ids.size() > acknowledged);
        signal("STOP", Stream.concat(Stream.of(Long.toString(postmaster)), backends.stream()).toList());
        Thread.sleep(STALL.toMillis());
        signal("KILL", List.of(Long.toString(postmaster)));
        long killed = System.nanoTime();
        signal("CONT", backends); // they see the postmaster gone and exit, as after a plain kill -9
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> PLATFORM.process().logText().contains("PostgreSQL is back on port"));
        long downMillis = (System.nanoTime() - killed) / 1_000_000;
        long newPostmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());

        scenario.finish(new Ledger("postgres-stall-and-kill-9")
                .put("PostgreSQL stalled (ms) before its kill -9", STALL.toMillis())
                .put("PostgreSQL down (ms, kill to restarted)", downMillis)
                .put("postmaster pid before / after", postmaster + " / " + newPostmaster));
        assertThat(PLATFORM.process().isAlive()).as("the platform process stayed up").isTrue();
        assertThat(newPostmaster).isNotEqualTo(postmaster);
    }

    private static void signal(String signal, List<String> pids) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as("kill -" + signal).isZero();
    }

    /** An update of the web app rolling out, container restart commands flowing, and its final accounting. */
    private static final class Scenario implements AutoCloseable {
        private final ApiClient api;
        private final String version = Integer.toString(VERSIONS.incrementAndGet());
        private Commands commands;
        private DockerEventWatch restartEvents;
        private String rolloutAtCrash;

        private Scenario(ApiClient api) {
            this.api = api;
        }

        /** Starts the commands and the update, and returns once the rollout has begun: the moment to crash. */
        static Scenario begin(ApiClient api) throws Exception {
            Scenario scenario = new Scenario(api);
            scenario.restartEvents = DockerEventWatch.start(PREFIX_A + TARGET, "restart");
            scenario.commands = new Commands(api, "/api/v1/tenants/default/endpoints/" + siteA.id + "/containers/"
                    + PREFIX_A + TARGET + "/actions/restart?wait=0").start();
            ApiClient.Response updated = api.call("PUT", "/api/v1/tenants/default/apps/" + WEB,
                    web(scenario.version).without("name").toString());
            assertThat(updated.status()).as("the update is acknowledged").isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode counts = rollout(api).path("counts");
                return counts.path("updating").asInt() + counts.path("succeeded").asInt() + counts.path("updated").asInt() >= 1;
            });
            scenario.rolloutAtCrash = rollout(api).path("counts").toString();
            return scenario;
        }

        /** After the crash: the rollout completes, then the ledger is drawn up and checked. */
        void finish(Ledger ledger) throws Exception {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode rollout = rollout(api);
                assertThat(rollout.path("state").asText()).as(rollout.toString()).isEqualTo("succeeded");
            });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    FaultApps.version(PREFIX_A + WEB).equals(version) && FaultApps.version(PREFIX_B + WEB).equals(version));
            Thread.sleep(4000); // commands after the recovery
            commands.stop();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> commands.pending(api) == 0);
            Map<String, Long> statuses = commands.statuses(api);
            Thread.sleep(1000); // the last restart's event on its way
            long restarts = restartEvents.count();

            long[] streamA = siteA.metricStream();
            long[] streamB = siteB.metricStream();
            // the backlog of the outage drains one batch per round trip (the agent waits for each PUBACK), slower on B
            long drainStarted = System.nanoTime();
            PlatformDatabase database = new PlatformDatabase(PG_PORT);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    database.metrics(siteA.id).distinctSeqs() >= streamA[0] - streamA[1]
                            && database.metrics(siteB.id).distinctSeqs() >= streamB[0] - streamB[1]);
            long drainMillis = (System.nanoTime() - drainStarted) / 1_000_000;
            PlatformDatabase.MetricCounts metricsA = database.metrics(siteA.id);
            PlatformDatabase.MetricCounts metricsB = database.metrics(siteB.id);
            long succeeded = statuses.getOrDefault("SUCCEEDED", 0L);

            ledger.put("links", "250 ms RTT +-40 ms; site B also 3 % loss each way, 512 kbit/s up")
                    .put("rollout counts at the kill", rolloutAtCrash)
                    .put("desired update acknowledged before the kill", true)
                    .put("rollout state after recovery", "succeeded")
                    .put("commands sent", commands.sent.get())
                    .put("commands acknowledged (stored, 200/202)", commands.ids.size())
                    .put("commands refused while down", commands.failed.get())
                    .put("command statuses", statuses)
                    .put("commands executed (Docker restart events)", restarts)
                    .put("commands executed twice", Math.max(0, restarts - succeeded))
                    .put("metric backlog stored within (ms, after the rollout)", drainMillis)
                    .put("metric batches produced (A+B, whole run)", streamA[0] + streamB[0])
                    .put("metric batches dropped by agents", streamA[1] + streamB[1])
                    .put("metric batches stored", metricsA.batches() + metricsB.batches())
                    .put("metric batches stored twice", metricsA.batches() - metricsA.distinctSeqs()
                            + metricsB.batches() - metricsB.distinctSeqs())
                    .put("metric samples stored", metricsA.samples() + metricsB.samples())
                    .put("metric samples duplicated", metricsA.duplicateSamples() + metricsB.duplicateSamples())
                    .record();

            assertThat(commands.ids).as("commands acknowledged before and after the crash").hasSizeGreaterThan(4);
            assertThat(restarts).as("each executed command restarted the container exactly once").isEqualTo(succeeded);
            assertThat(succeeded + statuses.getOrDefault("EXPIRED", 0L))
                    .as("every acknowledged command ran or expired: " + statuses).isEqualTo(commands.ids.size());
            for (PlatformDatabase.MetricCounts metrics : List.of(metricsA, metricsB)) {
                assertThat(metrics.batches()).as("no batch stored twice").isEqualTo(metrics.distinctSeqs());
                assertThat(metrics.duplicateSamples()).as("no sample stored twice").isZero();
            }
            assertThat(metricsA.distinctSeqs()).isGreaterThanOrEqualTo(streamA[0] - streamA[1]);
            assertThat(metricsB.distinctSeqs()).isGreaterThanOrEqualTo(streamB[0] - streamB[1]);
        }

        @Override
        public void close() throws Exception {
            commands.stop();
            restartEvents.close();
        }

        private static JsonNode rollout(ApiClient api) throws Exception {
            return api.call("GET", "/api/v1/tenants/default/apps/" + WEB + "/rollout", null).body();
        }
    }

    /** Restart commands, one a second, through a platform that may be down; remembers every acknowledged id. */
    static final class Commands {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ApiClient api;
        private final String path;
        private Thread thread;

        Commands(ApiClient api, String path) {
            this.api = api;
            this.path = path;
        }

        Commands start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    sent.incrementAndGet();
                    try {
                        ApiClient.Response response = api.call("POST", path, null);
                        if (response.status() == 200 || response.status() == 202) {
                            ids.add(response.body().path("id").asText());
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet(); // the platform is down: not acknowledged, so not promised
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "commands");
            thread.start();
            return this;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long pending(ApiClient api) throws Exception {
            return statuses(api).entrySet().stream().filter(e -> e.getKey().equals("SENT") || e.getKey().equals("PENDING"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        Map<String, Long> statuses(ApiClient api) throws Exception {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (String id : ids) {
                ApiClient.Response command = api.call("GET", "/api/v1/tenants/default/commands/" + id, null);
                counts.merge(command.status() == 200 ? command.body().path("status").asText() : "HTTP " + command.status(),
                        1L, Long::sum);
            }
            return counts;
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
