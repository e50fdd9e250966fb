package io.edgefleet.agent;

import static io.edgefleet.agent.AgentRig.appEntry;
import static io.edgefleet.agent.AgentRig.appIn;
import static io.edgefleet.agent.AgentRig.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.testing.TestImages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps that turn log shipping on have their containers' lines published on the logs topic in schema-valid batches;
 * lines over an app's rate are dropped and counted; turning shipping off stops it without replacing the container.
 */
class LogShippingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest();

    private static String spec(String script, String logShipping) {
        return """
                {"image": "%s", "pullPolicy": "never", "init": true, "command": ["sh", "-c", "%s"]%s}
                """.formatted(TestImages.BUSYBOX_1, script,
                logShipping == null ? "" : ", \"logShipping\": " + logShipping);
    }

    private List<JsonNode> lines(String container) {
        List<JsonNode> lines = new ArrayList<>();
        for (Observer.Message message : agent.rig().observer().on("logs")) {
            for (JsonNode line : message.json().path("lines")) {
                if (line.path("container").asText().equals(container)) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private long droppedLines() {
        List<Observer.Message> batches = agent.rig().observer().on("logs");
        return batches.isEmpty() ? 0 : batches.get(batches.size() - 1).json().path("droppedLines").asLong();
    }

    @Test
    void linesArriveInOrderAndLinesOverTheRateAreDroppedAndCounted() throws Exception {
        AgentRig rig = agent.rig();
        String flood = rig.app("flood");
        String quiet = rig.app("quiet");
        rig.desired(1, appEntry(flood, 1, spec(
                "for i in $(seq 1 3000); do echo flood-$i; done; echo flood-end >&2; sleep 3600",
                "{\"enabled\": true, \"linesPerSecond\": 50}"))
                + "," + appEntry(quiet, 1, spec("for i in $(seq 1 30); do echo quiet-$i; done; sleep 3600",
                "{\"enabled\": true}")));
        rig.awaitState(report -> phase(report, flood, "Running") && phase(report, quiet, "Running"), TIMEOUT);

        // every line of both containers is either shipped or counted as dropped
        await().atMost(TIMEOUT).alias("flood, quiet and dropped lines add up to 3031")
                .conditionEvaluationListener(condition -> {
                    if (condition.getRemainingTimeInMS() < 1000) {
                        System.out.printf("flood %d quiet %d dropped %d batches %d%n", lines(flood).size(),
                                lines(quiet).size(), droppedLines(), rig.observer().on("logs").size());
                    }
                })
                .until(() -> lines(flood).size() + lines(quiet).size() + droppedLines() >= 3031);

        List<JsonNode> quietLines = lines(quiet);
        assertThat(quietLines).extracting(line -> line.path("text").asText())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 30)
                        .mapToObj(i -> "quiet-" + i).toList());
        assertThat(quietLines).allSatisfy(line -> {
            assertThat(line.path("app").asText()).isEqualTo(quiet);
            assertThat(line.path("stream").asText()).isEqualTo("stdout");
        });
        List<JsonNode> floodLines = lines(flood);
        assertThat(floodLines.size()).as("about one second's burst passes, then 50 lines a second")
                .isBetween(50, 500);
        assertThat(lines(flood).size() + quietLines.size() + droppedLines()).isEqualTo(3031);
        List<Integer> numbers = floodLines.stream().map(line -> line.path("text").asText())
                .filter(text -> text.startsWith("flood-") && !text.equals("flood-end"))
                .map(text -> Integer.parseInt(text.substring("flood-".length()))).toList();
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        Instant previous = Instant.MIN;
        for (Observer.Message batch : rig.observer().on("logs")) {
            assertThat(batch.json().path("lines").size()).isLessThanOrEqualTo(500);
            for (JsonNode line : batch.json().path("lines")) {
                Instant at = Instant.parse(line.path("at").asText());
                assertThat(at).isAfterOrEqualTo(previous);
                previous = at;
            }
        }
        rig.observer().assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void turningShippingOffStopsItWithoutReplacingTheContainer() throws Exception {
        AgentRig rig = agent.rig();
        String ticker = rig.app("ticker");
        String script = "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.2; done";
        rig.desired(1, appEntry(ticker, 1, spec(script, "{\"enabled\": true, \"linesPerSecond\": 100}")));
        JsonNode running = rig.awaitState(report -> phase(report, ticker, "Running"), TIMEOUT);
        String containerId = appIn(running, ticker).orElseThrow().path("containerId").asText();
        await().atMost(TIMEOUT).until(() -> lines(ticker).size() >= 10);

        rig.desired(2, appEntry(ticker, 2, spec(script, "{\"enabled\": false}")));
        rig.awaitState(report -> report.path("observedGeneration").asLong() == 2, TIMEOUT);
        Thread.sleep(3_000);
        int afterOff = lines(ticker).size();
        Thread.sleep(3_000);

        assertThat(lines(ticker)).hasSize(afterOff);
        List<Integer> ticks = lines(ticker).stream()
                .map(line -> Integer.parseInt(line.path("text").asText().substring("tick-".length()))).toList();
        assertThat(ticks).as("no line lost or repeated while shipping").isEqualTo(
                java.util.stream.IntStream.range(ticks.get(0), ticks.get(0) + ticks.size()).boxed().toList());
        assertThat(ticks.get(0)).isZero();
        JsonNode state = rig.awaitState(report -> phase(report, ticker, "Running"), TIMEOUT);
        assertThat(appIn(state, ticker).orElseThrow().path("containerId").asText()).isEqualTo(containerId);
        rig.observer().assertAllPayloadsMatchTheirSchemas();
    }
}
