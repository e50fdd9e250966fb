package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.sleeper;
import static io.edgefleet.agent.Observer.presence;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.control.Topics;
import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent jar's footprint with 20 managed containers: reconcile time from empty, idle CPU over 60 s and RSS, with
 * the recommended JVM flags (or those in {@code -Dedgefleet.bench.jvm="..."}). It takes two minutes, so it runs only
 * on request: {@code mvn -o -pl edge-agent verify -Dit.test=AgentFootprintIT -Dedgefleet.bench=true}.
 */
@EnabledIfSystemProperty(named = "edgefleet.bench", matches = "true")
class AgentFootprintIT {

    /** The JVM flags edge-agent/README.md recommends; with {@code MALLOC_ARENA_MAX=2} in the environment. */
    static final String RECOMMENDED_FLAGS = "-Xms8m -Xmx32m -Xmn4m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            + "-XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m "
            + "-XX:MaxDirectMemorySize=16m";
    /** What the agent measurably needs (BENCHMARKS.md); the issue's goal of 64 MiB is not reached on HotSpot 17. */
    static final long RSS_BUDGET_KIB = 128 * 1024;
    private static final int APPS = 20;
    private static final Duration IDLE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void twentyAppsReconcileQuicklyAndTheIdleAgentStaysSmall() throws Exception {
        TestImages.ensure();
        List<String> flags = Arrays.stream(System.getProperty("edgefleet.bench.jvm", RECOMMENDED_FLAGS).split(" "))
                .filter(flag -> !flag.isBlank()).toList();
        TestBroker.Credentials credentials = new TestBroker.Credentials();
        String endpointId = TestHost.newEndpointId();
        String secret = TestHost.newSecret();
        credentials.allow(Observer.USERNAME, Observer.PASSWORD);
        credentials.allow(endpointId, secret);
        Topics topics = new Topics("default", endpointId);
        try (DockerLeftovers docker = DockerLeftovers.newRun();
             TestBroker broker = TestBroker.start(temp.resolve("broker"), credentials);
             Observer observer = Observer.subscribe(broker, "edge/v1/default/" + endpointId + "/#")) {
            Process agent = AgentJar.start(flags, List.of(), Map.of(
                    "EDGEFLEET_BROKER_URL", broker.url(),
                    "EDGEFLEET_TENANT", "default",
                    "EDGEFLEET_ENDPOINT_ID", endpointId,
                    "EDGEFLEET_ENDPOINT_SECRET", secret,
                    "EDGEFLEET_DATA_DIR", temp.resolve("agent-data").toString(),
                    "MALLOC_ARENA_MAX", "2"), temp.resolve("agent-logs"));
            try {
                observer.await(presence("online"), Duration.ofSeconds(30));
                List<String> apps = new ArrayList<>();
                for (int i = 0; i < APPS; i++) {
                    apps.add(appEntry(docker.name("app" + i), 1, sleeper(TestImages.BUSYBOX_1)));
                }
                Instant published = Instant.now();
                observer.publish(topics.desired(), """
                        {"endpoint": "%s", "generation": 1, "issuedAt": "%s", "apps": [%s]}"""
                        .formatted(endpointId, published, String.join(",", apps)), true);
                JsonNode state = observer.await(message -> message.leaf().equals("state")
                        && message.json().path("observedGeneration").asLong() == 1
                        && running(message.json()) == APPS, Duration.ofSeconds(120)).json();
                Duration reconcile = Duration.between(published, Instant.parse(state.path("reportedAt").asText()));

                Thread.sleep(10_000);
                long ticksBefore = AgentJar.cpuTicks(agent.pid());
                long maxRss = 0;
                long start = System.nanoTime();
                while (System.nanoTime() - start < IDLE.toNanos()) {
                    Thread.sleep(1000);
                    maxRss = Math.max(maxRss, AgentJar.rssKib(agent.pid()));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long ticks = AgentJar.cpuTicks(agent.pid()) - ticksBefore;
                double cpuPercent = ticks / (double) clockTicksPerSecond() / seconds * 100;
                System.out.printf("footprint with %d managed containers, flags [%s]: reconcile from empty %d ms; "
                        + "idle over %.0f s: CPU %.2f %% of one core (%d ticks), RSS max %d KiB%n", APPS,
                        String.join(" ", flags), reconcile.toMillis(), seconds, cpuPercent, ticks, maxRss);
                assertThat(cpuPercent).as("idle CPU, %% of one core").isLessThan(1.0);
                assertThat(maxRss).as("RSS in KiB").isLessThan(RSS_BUDGET_KIB);
            } finally {
                agent.destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long running(JsonNode state) {
        long count = 0;
        for (JsonNode app : state.path("apps")) {
            if (app.path("phase").asText().equals("Running")) {
                count++;
            }
        }
        return count;
    }

    private static long clockTicksPerSecond() throws Exception {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
        String text = new String(getconf.getInputStream().readAllBytes()).trim();
        getconf.waitFor(5, TimeUnit.SECONDS);
        return Long.parseLong(text);
    }
}
