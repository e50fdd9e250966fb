package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.allinone.faults.DockerEventWatch;
import io.edgefleet.allinone.faults.Ledger;
import io.edgefleet.allinone.faults.PlatformDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The crash phase of {@link ComposeStackIT} (ledger {@code compose-kill-9}): in the split deployment, for each part in
 * turn (PostgreSQL, the broker, the four services, the gateway) a new version of an app is rolled out over two agents
 * (the compose profile's agent and a second agent as a host process, rolling one at a time), and while that rollout is
 * under way the part's main process gets {@code kill -9} from the host. Meanwhile both agents send metrics every 2 s
 * and a restart command for a container goes out every second. Docker's restart policy brings the part back; each
 * rollout must complete with the new version running in Docker, every acknowledged command must run at most once
 * (Docker's restart events are the witness) and every metric batch must be stored exactly once.
 */
final class ComposeCrashScenario {

    static final List<String> PARTS = List.of("postgres", "broker", "registry", "tenancy", "deployment", "telemetry",
            "gateway");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB = "crash-web";
    private static final String TARGET = "crash-cmd";
    private static final String APPS = "/api/v1/tenants/default/apps/";
    /** The most commands the command list shows in one call. */
    private static final int COMMAND_LIST_LIMIT = 500;

    private final ComposeStack stack;
    private final ApiClient api;
    private final int mqttPort;
    private final String composeEndpoint;
    private final String composePrefix;
    private final String hostPrefix;
    private final Path work;

    /** @param composeEndpoint the endpoint the compose profile's agent runs as, naming containers {@code composePrefix} */
    ComposeCrashScenario(ComposeStack stack, ApiClient api, int mqttPort, String composeEndpoint, String composePrefix,
                         Path work) {
        this.stack = stack;
        this.api = api;
        this.mqttPort = mqttPort;
        this.composeEndpoint = composeEndpoint;
        this.composePrefix = composePrefix;
        this.hostPrefix = composePrefix + "host-";
        this.work = work;
    }

    void run() throws Exception {
        JsonNode created = api.createEndpoint("compose-host-node", "{\"site\":\"compose-host\"}");
        String hostEndpoint = created.path("id").asText();
        try (AgentProcess hostAgent = new AgentProcess("tcp://127.0.0.1:" + mqttPort, "default", hostEndpoint,
                created.path("secret").asText(), work.resolve("host-agent"), 2, hostPrefix)
                .withArgs("--metrics-interval", "2", "--watch-window", "3").start()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.status(hostEndpoint).equals("online"));
            killEachPartMidRollout(hostEndpoint, hostAgent);
        } finally {
            // the compose agent would start its apps again: ComposeStackIT removes them once the stack is down
            FaultApps.removeContainers(hostPrefix);
        }
    }

    private ObjectNode web(int version, String hostEndpoint) {
        ObjectNode app = FaultApps.app(WEB, Integer.toString(version), composeEndpoint, hostEndpoint);
        app.set("rollout", JSON.createObjectNode().put("strategy", "rolling").put("batchSize", 1).put("offline", "wait"));
        return app;
    }

    private void killEachPartMidRollout(String hostEndpoint, AgentProcess hostAgent) throws Exception {
        Ledger ledger = new Ledger("compose-kill-9");
        long phaseStart = System.nanoTime();
        assertThat(api.call("POST", "/api/v1/tenants/default/apps", web(1, hostEndpoint).toString()).status()).isEqualTo(201);
        assertThat(api.call("POST", "/api/v1/tenants/default/apps",
                FaultApps.app(TARGET, "1", composeEndpoint).toString()).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> runs(1)
                && FaultApps.state(composePrefix + TARGET).equals("running"));
        // docker-compose.yml's default database and user; the stand-in image has no psql, so JDBC to its address
        PlatformDatabase database = new PlatformDatabase("jdbc:postgresql://" + stack.address("postgres")
                + ":5432/edgefleet", "edgefleet", stack.setting("EDGEFLEET_DB_PASSWORD"));
        FaultPlatformCrashIT.Commands commands = new FaultPlatformCrashIT.Commands(api, "/api/v1/tenants/default/endpoints/"
                + composeEndpoint + "/containers/" + composePrefix + TARGET + "/actions/restart?wait=0");
        Map<String, Long> statuses;
        Map<String, Long> recorded;
        long restarts;
        try (DockerEventWatch restartEvents = DockerEventWatch.start(composePrefix + TARGET, "restart")) {
            commands.start();
            try {
                for (int i = 0; i < PARTS.size(); i++) {
                    ledger.put(PARTS.get(i), crashMidRollout(PARTS.get(i), i + 2, hostEndpoint));
                }
                Thread.sleep(3000); // commands after the last restart
            } finally {
                commands.stop();
            }
            // a command whose reply was lost stays SENT until it expires (60 s), then shows in the statuses and fails
            // the assertions below
            settles(Duration.ofSeconds(90), () -> pending(commands.ids) == 0 && Collections.disjoint(
                    database.commandStatuses(composeEndpoint).keySet(), List.of("SENT", "PENDING")));
            statuses = statuses(commands.ids);
            // every command the platform recorded: a call cut off by a crash may have stored and sent its command
            // without answering; not promised, but if it ran, it must have run once
            recorded = database.commandStatuses(composeEndpoint);
            Thread.sleep(1000); // the last restart's event on its way through the CLI
            restarts = restartEvents.count();
        }

        // the compose agent's data volume read on this machine (as root, like the whole suite): `docker exec` can take
        // seconds when Docker is busy, longer than the agents' 2 s between batches
        Path composeMetricsDir = Path.of(DockerEngine.run("docker", "volume", "inspect", "--format", "{{.Mountpoint}}",
                stack.volume("agent-data"))).resolve("telemetry/metrics");
        Path hostMetricsDir = hostAgent.dataDir().resolve("telemetry/metrics");
        // the agents keep producing: a snapshot counts only when neither stream moved while the database was read
        long[][] streams = new long[2][];
        PlatformDatabase.MetricCounts[] stored = new PlatformDatabase.MetricCounts[2];
        boolean allStored = settles(Duration.ofSeconds(90), () -> {
            long[] composeBefore = metricStream(composeMetricsDir);
            long[] hostBefore = metricStream(hostMetricsDir);
            stored[0] = database.metrics(composeEndpoint);
            stored[1] = database.metrics(hostEndpoint);
            streams[0] = metricStream(composeMetricsDir);
            streams[1] = metricStream(hostMetricsDir);
            return Arrays.equals(composeBefore, streams[0]) && Arrays.equals(hostBefore, streams[1])
                    && stored[0].distinctSeqs() >= streams[0][0] - streams[0][1]
                    && stored[1].distinctSeqs() >= streams[1][0] - streams[1][1];
        });
        if (!allStored) { // the last look, for the ledger
            streams[0] = metricStream(composeMetricsDir);
            streams[1] = metricStream(hostMetricsDir);
            stored[0] = database.metrics(composeEndpoint);
            stored[1] = database.metrics(hostEndpoint);
        }
        long[] composeStream = streams[0];
        long[] hostStream = streams[1];
        PlatformDatabase.MetricCounts composeMetrics = stored[0];
        PlatformDatabase.MetricCounts hostMetrics = stored[1];
        long succeeded = statuses.getOrDefault("SUCCEEDED", 0L);
        long recordedSucceeded = recorded.getOrDefault("SUCCEEDED", 0L);

        ledger.put("agents", "compose profile's agent + a host-process agent, metrics every 2 s, rolling 1 at a time")
                .put("crash phase (s)", (System.nanoTime() - phaseStart) / 1_000_000_000)
                .put("commands sent", commands.sent.get())
                .put("commands acknowledged (stored, 200/202)", commands.ids.size())
                .put("commands refused while a part was down", commands.failed.get())
                .put("command statuses (acknowledged)", statuses)
                .put("commands not SUCCEEDED (acknowledged)", notSucceeded(commands.ids))
                .put("commands the platform recorded, by status", recorded)
                .put("commands executed (Docker restart events)", restarts)
                .put("restarts beyond recorded SUCCEEDED (executed twice or reply lost)",
                        Math.max(0, restarts - recordedSucceeded))
                .put("metric batches produced (both agents)", composeStream[0] + hostStream[0])
                .put("metric batches dropped by agents", composeStream[1] + hostStream[1])
                .put("metric batches stored", composeMetrics.batches() + hostMetrics.batches())
                .put("metric batches neither stored nor buffered by the agent",
                        lost(database, composeEndpoint, composeStream[0], bufferedSeqs(composeMetricsDir))
                                + " " + lost(database, hostEndpoint, hostStream[0], bufferedSeqs(hostMetricsDir)))
                .put("metric batches stored twice", composeMetrics.batches() - composeMetrics.distinctSeqs()
                        + hostMetrics.batches() - hostMetrics.distinctSeqs())
                .put("metric samples stored", composeMetrics.samples() + hostMetrics.samples())
                .put("metric samples duplicated", composeMetrics.duplicateSamples() + hostMetrics.duplicateSamples())
                .record();

        assertThat(commands.ids).as("commands acknowledged through the crashes").hasSizeGreaterThan(PARTS.size());
        assertThat(restarts).as("each command recorded SUCCEEDED restarted the container exactly once, and no other did")
                .isEqualTo(recordedSucceeded);
        assertThat(succeeded + statuses.getOrDefault("EXPIRED", 0L))
                .as("every acknowledged command ran or expired: " + statuses).isEqualTo(commands.ids.size());
        for (PlatformDatabase.MetricCounts metrics : List.of(composeMetrics, hostMetrics)) {
            assertThat(metrics.batches()).as("no batch stored twice").isEqualTo(metrics.distinctSeqs());
            assertThat(metrics.duplicateSamples()).as("no sample stored twice").isZero();
        }
        assertThat(allStored).as("every batch produced and not dropped stored within 90 s").isTrue();
        assertThat(composeMetrics.distinctSeqs()).isGreaterThanOrEqualTo(composeStream[0] - composeStream[1]);
        assertThat(hostMetrics.distinctSeqs()).isGreaterThanOrEqualTo(hostStream[0] - hostStream[1]);
    }

    /**
     * Puts version {@code version} of the web app, kills the part once the rollout is under way, waits for Docker to
     * bring it back and for the rollout to succeed with the version running on both agents; returns the timings.
     */
    private String crashMidRollout(String part, int version, String hostEndpoint) throws Exception {
        long putAt = System.nanoTime();
        // the platform may still refuse changes after the previous crash (503: the gateway's broker connection is still
        // coming back, and the audit trail must be writable first); a refused change is not promised, so try again
        int refused = 0;
        ApiClient.Response updated = api.call("PUT", APPS + WEB, web(version, hostEndpoint).without("name").toString());
        while (updated.status() == 503 && System.nanoTime() - putAt < 90_000_000_000L) {
            refused++;
            Thread.sleep(1000);
            updated = api.call("PUT", APPS + WEB, web(version, hostEndpoint).without("name").toString());
        }
        assertThat(updated.status()).as("the update to version " + version + " is acknowledged: " + updated.body())
                .isEqualTo(200);
        long acknowledgedMillis = (System.nanoTime() - putAt) / 1_000_000;
        int revision = updated.body().path("revision").asInt();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode rollout = rollout();
            JsonNode counts = rollout.path("counts");
            return rollout.path("revision").asInt() == revision && counts.path("updating").asInt()
                    + counts.path("succeeded").asInt() + counts.path("updated").asInt() >= 1;
        });
        String countsAtKill = rollout().path("counts").toString();
        int restartsBefore = stack.restartCount(part);
        long killedAt = System.nanoTime();
        stack.killMainProcess(part);
        await(part + " restarted by Docker and healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> stack.restartCount(part) > restartsBefore && stack.runningAndHealthy(part));
        long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
        await(part + ": rollout of revision " + revision + " succeeded, version " + version + " running on both agents")
                .atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    JsonNode rollout = rollout();
                    return rollout.path("revision").asInt() == revision && rollout.path("state").asText().equals("succeeded")
                            && runs(version);
                });
        return String.format("back healthy after %d ms; rollout to v%d done %d ms after the PUT; counts at the kill %s%s",
                backMillis, version, (System.nanoTime() - putAt) / 1_000_000, countsAtKill, refused == 0 ? ""
                        : String.format("; the PUT was refused %d times (503) and acknowledged after %d ms",
                        refused, acknowledgedMillis));
    }

    /** Waits up to {@code limit} for the condition; false when it did not come true (for the ledger to show why). */
    private static boolean settles(Duration limit, Callable<Boolean> condition) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Seqs below {@code produced} the database lacks and the agent no longer holds: lost, if any. */
    private static String lost(PlatformDatabase database, String endpoint, long produced, List<Long> buffered)
            throws Exception {
        List<Long> missing = new ArrayList<>(database.missingSeqs(endpoint, produced));
        missing.removeAll(buffered);
        return endpoint + "=" + missing + (buffered.isEmpty() ? "" : " (still buffered: " + buffered + ")");
    }

    /** The seqs of the batch files in an agent's metric buffer ({@code <seq, 20 digits>-<items>.batch}). */
    private static List<Long> bufferedSeqs(Path metricsDir) throws IOException {
        try (var files = Files.list(metricsDir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("[0-9]{20}-[0-9]+\\.batch"))
                    .map(name -> Long.parseLong(name.split("-")[0])).sorted().toList();
        }
    }

    /**
     * The commands counted by the status the API shows, read with one list call: a call per command, twice a second
     * while the scenario settles, would spend more than the 600 requests a minute the gateway allows a user once a
     * slow run has acknowledged a few hundred; a command the list lacks counts as MISSING.
     */
    private Map<String, Long> statuses(List<String> ids) throws IOException, InterruptedException {
        Map<String, String> byId = statusById(ids);
        Map<String, Long> counts = new java.util.TreeMap<>();
        ids.forEach(id -> counts.merge(byId.getOrDefault(id, "MISSING"), 1L, Long::sum));
        return counts;
    }

    private long pending(List<String> ids) throws IOException, InterruptedException {
        Map<String, Long> counts = statuses(ids);
        return counts.getOrDefault("SENT", 0L) + counts.getOrDefault("PENDING", 0L);
    }

    /** The commands that did not end SUCCEEDED, with their status, to tell an expiry from a lost reply. */
    private List<String> notSucceeded(List<String> ids) throws IOException, InterruptedException {
        Map<String, String> byId = statusById(ids);
        return ids.stream().filter(id -> !"SUCCEEDED".equals(byId.get(id)))
                .map(id -> id + " " + byId.getOrDefault(id, "MISSING")).toList();
    }

    private Map<String, String> statusById(List<String> ids) throws IOException, InterruptedException {
        assertThat(ids.size()).as("commands one list call can show").isLessThanOrEqualTo(COMMAND_LIST_LIMIT);
        ApiClient.Response list = api.call("GET", "/api/v1/tenants/default/commands?endpoint=" + composeEndpoint
                + "&limit=" + COMMAND_LIST_LIMIT, null);
        if (list.status() != 200) {
            throw new IllegalStateException("the command list answered " + list.status() + ": " + list.body());
        }
        Map<String, String> byId = new java.util.HashMap<>();
        list.body().path("items").forEach(item -> byId.put(item.path("id").asText(), item.path("status").asText()));
        return byId;
    }

    private JsonNode rollout() throws IOException, InterruptedException {
        ApiClient.Response response = api.call("GET", APPS + WEB + "/rollout", null);
        if (response.status() != 200) {
            throw new IllegalStateException("rollout answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    /** Whether both agents' containers of the web app run with env VERSION=version. */
    private boolean runs(int version) throws Exception {
        String expected = Integer.toString(version);
        return FaultApps.version(composePrefix + WEB).equals(expected) && FaultApps.version(hostPrefix + WEB).equals(expected)
                && FaultApps.state(composePrefix + WEB).equals("running") && FaultApps.state(hostPrefix + WEB).equals("running");
    }

    /** An agent's metric stream (stream.properties in its buffer): the next seq it will number, the batches it dropped. */
    private static long[] metricStream(Path metricsDir) throws IOException {
        Properties stream = new Properties();
        stream.load(new StringReader(Files.readString(metricsDir.resolve("stream.properties"), StandardCharsets.UTF_8)));
        return new long[] {Long.parseLong(stream.getProperty("nextSeq", "0")),
                Long.parseLong(stream.getProperty("droppedBatches", "0"))};
    }
}
