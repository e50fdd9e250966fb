package io.edgefleet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A collection budget the engine cannot meet for every container still lets every container take its turn. */
class ContainerCollectorTest {

    private static final int CONTAINERS = 8;

    /** An engine with {@link #CONTAINERS} running containers whose stats take {@code statsDelay} each. */
    private static ContainerRuntime slowEngine(Duration statsDelay) {
        List<ContainerInfo> containers = IntStream.range(0, CONTAINERS)
                .mapToObj(i -> new ContainerInfo("id-" + i, "app-" + i, "busybox", "running", "Up", Map.of(),
                        Instant.EPOCH, Map.of(), List.of(), 0, "none"))
                .toList();
        ObjectMapper json = new ObjectMapper();
        return (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> containers;
                    case "stats" -> {
                        Thread.sleep(statsDelay.toMillis());
                        yield json.readTree("{\"memory_stats\": {\"usage\": 1048576}}");
                    }
                    case "inspect" -> json.readTree("{\"RestartCount\": 0, \"State\": {\"Running\": true}}");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Set<String> containersIn(List<Sample> samples) {
        Set<String> names = new HashSet<>();
        samples.forEach(sample -> names.add(sample.container()));
        return names;
    }

    @Test
    void containersLeftOutOfOneBatchAreAskedFirstInTheNext() throws Exception {
        // one thread, 100 ms per container, 350 ms per collection: about three of the eight fit into a batch
        try (ContainerCollector collector = new ContainerCollector(slowEngine(Duration.ofMillis(100)), 1)) {
            Set<String> sampled = new HashSet<>();
            int collections = 0;
            while (sampled.size() < CONTAINERS && collections < 12) {
                List<Sample> samples = collector.collect(Duration.ofMillis(350));
                assertThat(containersIn(samples)).as("a batch has some but not all containers")
                        .hasSizeLessThan(CONTAINERS);
                sampled.addAll(containersIn(samples));
                collections++;
            }
            assertThat(sampled).as("containers sampled in %d collections", collections).hasSize(CONTAINERS);
        }
    }

    @Test
    void anEngineThatAnswersInTimeGivesEveryContainerInEveryBatch() throws Exception {
        try (ContainerCollector collector = new ContainerCollector(slowEngine(Duration.ZERO), 4)) {
            for (int i = 0; i < 3; i++) {
                assertThat(containersIn(collector.collect(Duration.ofSeconds(10)))).hasSize(CONTAINERS);
            }
        }
    }
}
