package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.allinone.faults.Ledger;
import io.edgefleet.allinone.faults.PlatformDatabase;
import io.edgefleet.allinone.faults.SiteNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent of a remote site killed with SIGKILL in the middle of a container replacement and in the middle of
 * commands, then the machine "rebooted" (agent killed, its containers gone, the agent started again while the link
 * is still down, then the link back): apps come back, nothing is left half done, no command runs twice.
 */
@Tag("faults")
class FaultAgentCrashIT {

    private static final int PG_PORT = freePort();
    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform(
            Map.of("EDGEFLEET_POSTGRES_PORT", Integer.toString(PG_PORT)));
    private static final String PREFIX = "efagent_";
    private static final String WEB = "agent-web";
    private static final String TARGET = "agent-cmd";
    private static FaultSite site;

    private final ApiClient api = PLATFORM.api();
    private final PlatformDatabase database = new PlatformDatabase(PG_PORT);

    @BeforeAll
    static void siteWithApps() throws Exception {
        DockerEngine.ensureTestBaseImage();
        SiteNetwork.removeStale();
        FaultApps.removeContainers(PREFIX);
        site = FaultSite.open(15, PLATFORM, "agent-crash", PREFIX);
        site.agent.withArgs("--watch-window", "3").start();
        ApiClient api = PLATFORM.api();
        await().atMost(Duration.ofSeconds(90)).until(() -> api.status(site.id).equals("online"));
        assertThat(api.call("POST", "/api/v1/tenants/default/apps", FaultApps.app(WEB, "1", site.id).toString()).status())
                .isEqualTo(201);
        assertThat(api.call("POST", "/api/v1/tenants/default/apps", FaultApps.app(TARGET, "1", site.id).toString())
                .status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                FaultApps.version(PREFIX + WEB).equals("1") && FaultApps.state(PREFIX + TARGET).equals("running"));
    }

    @AfterAll
    static void removeSite() throws Exception {
        if (site != null) {
            site.close();
        }
        FaultApps.removeContainers(PREFIX);
    }

    @Test
    @DisplayName("agent killed mid-reconcile, mid-command and at a reboot with the link down: apps back, state consistent, no command twice")
    void agentCrashesLeaveNothingHalfDoneAndRunNoCommandTwice() throws Exception {
        Ledger ledger = new Ledger("agent-kill-9-and-reboot");

        // 1. killed while it replaces a container (the stand-in _NEXT exists, the old one still runs)
        assertThat(api.call("PUT", "/api/v1/tenants/default/apps/" + WEB, FaultApps.app(WEB, "2", site.id)
                .without("name").toString()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25))
                .until(() -> !FaultApps.state(PREFIX + WEB + "_NEXT").equals("absent"));
        site.agent.kill();
        String leftAtKill = containers();
        site.agent.start();
        awaitConverged("2");
        String afterRestart = containers();

        // 2. killed while it runs commands: at several delays after the command left the platform
        Map<String, Long> statuses = new TreeMap<>();
        long executions = 0;
        long executedTwice = 0;
        int[] delaysMillis = {150, 400, 900};
        for (int delay : delaysMillis) {
            Instant since = Instant.now();
            Thread.sleep(1100); // docker events have second resolution: keep each round's restarts apart
            ApiClient.Response sent = api.call("POST", "/api/v1/tenants/default/endpoints/" + site.id + "/containers/"
                    + PREFIX + TARGET + "/actions/restart?wait=0", null);
            assertThat(sent.status()).isIn(200, 202);
            String id = sent.body().path("id").asText();
            Thread.sleep(delay);
            site.agent.kill();
            site.agent.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> !status(id).equals("SENT"));
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultApps.state(PREFIX + TARGET).equals("running"));
            Thread.sleep(1100);
            long restarts = restartsSince(since);
            executions += restarts;
            executedTwice += Math.max(0, restarts - 1);
            statuses.merge(status(id), 1L, Long::sum);
        }

        // 3. reboot: agent and containers gone, the agent comes back before the link does. The containers are removed,
        // not stopped: a container stopped by hand (docker stop/kill) is an operator's decision the agent leaves alone,
        // and after a real reboot Docker's restart policy (unless-stopped) starts them before the agent runs; removed
        // containers (a wiped engine, --rm) are the case only the agent can repair, from desired.json on its disk
        site.agent.kill();
        DockerEngine.run("sh", "-c", "docker rm -f $(docker ps -aq --filter name=^/" + PREFIX + ") >/dev/null");
        site.cutOff();
        long rebooted = System.nanoTime();
        site.agent.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                FaultApps.state(PREFIX + WEB).equals("running") && FaultApps.state(PREFIX + TARGET).equals("running"));
        long appsBackMillis = (System.nanoTime() - rebooted) / 1_000_000;
        // with the link down the console must come to show the site offline: at once for a first connection loss,
        // after the flap grace (EDGEFLEET_PRESENCE_FLAP_GRACE_SECONDS, 20 s) for an endpoint that lost its connection
        // shortly before, as this one did with every kill above; the apps may well be back before that
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                api.status(site.id).equals("offline"));
        long offlineShownMillis = (System.nanoTime() - rebooted) / 1_000_000;
        String statusWhileDown = api.status(site.id);
        site.reconnect();
        awaitConverged("2");
        long convergedMillis = (System.nanoTime() - rebooted) / 1_000_000;

        ledger.put("containers left by the kill mid-replacement", leftAtKill)
                .put("containers after the agent restarted", afterRestart)
                .put("commands sent (agent killed 150/400/900 ms later)", delaysMillis.length)
                .put("commands acknowledged", delaysMillis.length)
                .put("command statuses", statuses)
                .put("commands executed (Docker restart events)", executions)
                .put("commands executed twice", executedTwice)
                .put("reboot: apps running again with the link down after (ms)", appsBackMillis)
                .put("reboot: presence while the link was down", statusWhileDown)
                .put("reboot: shown offline after (ms)", offlineShownMillis)
                .put("reboot: converged after link back, from reboot (ms)", convergedMillis)
                .put("desired generation / observed", database.desiredGeneration(site.id) + " / "
                        + api.endpoint(site.id).path("observedGeneration").asLong())
                .record();

        assertThat(afterRestart).as("one container per app, no stand-in left").isEqualTo(PREFIX + TARGET + " " + PREFIX + WEB);
        assertThat(executedTwice).as("no command executed twice").isZero();
        assertThat(executions).as("restarts never exceed the commands").isLessThanOrEqualTo(delaysMillis.length);
        // a command is answered SUCCEEDED when it finished, FAILED when the agent died while it ran (not run again)
        assertThat(statuses.keySet()).isSubsetOf("SUCCEEDED", "FAILED");
        assertThat(statusWhileDown).isEqualTo("offline");
    }

    private void awaitConverged(String version) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                FaultApps.version(PREFIX + WEB).equals(version)
                        && FaultApps.state(PREFIX + WEB).equals("running")
                        && FaultApps.state(PREFIX + WEB + "_NEXT").equals("absent")
                        && api.endpoint(site.id).path("observedGeneration").asLong() == database.desiredGeneration(site.id));
    }

    private String status(String command) throws Exception {
        return api.call("GET", "/api/v1/tenants/default/commands/" + command, null).body().path("status").asText();
    }

    private static String containers() throws Exception {
        return String.join(" ", DockerEngine.run("docker", "ps", "-a", "--filter", "name=^/" + PREFIX,
                "--format", "{{.Names}}").lines().sorted().toList());
    }

    private static long restartsSince(Instant since) throws Exception {
        return DockerEngine.run("docker", "events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond()), "--filter", "container=" + PREFIX + TARGET,
                "--filter", "event=restart", "--format", "{{.ID}}").lines().filter(line -> !line.isBlank()).count();
    }

    private static int freePort() {
        try {
            return PlatformProcess.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
