package io.edgefleet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every {@code @Benchmark} method once, untimed, with its state set up as JMH would, and checks that it still
 * measures what it claims to: valid payloads pass, allowed topics are allowed, documents are compiled. A change to
 * the measured classes that breaks a benchmark fails here, in seconds, rather than in a benchmark run. The metrics
 * ingest benchmark has its own test in its package ({@code MetricsIngestBenchmarkRunOnceTest}).
 */
public class BenchmarksRunOnceTest {

    /** A Blackhole outside a JMH run, for calling benchmark methods directly. */
    public static Blackhole blackhole() {
        return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    @Test
    @DisplayName("the ACL benchmarks ask questions whose answers are the documented rules")
    void topicAclChecksGiveTheRulesAnswers() {
        TopicAclBenchmark acl = new TopicAclBenchmark();
        assertThat(acl.agentPublish()).isTrue();
        assertThat(acl.agentPublishRetained()).isTrue();
        assertThat(acl.agentPublishRefused()).isFalse();
        assertThat(acl.agentSubscribe()).isTrue();
        assertThat(acl.serviceSubscribeShared()).isTrue();
        assertThat(acl.integrationSubscribeHeartbeats()).isTrue();
        assertThat(acl.integrationSubscribeEvents()).isTrue();
        assertThat(acl.integrationReceive()).isTrue();
        assertThat(acl.identityFromAttribute()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeat", "state", "metrics"})
    @DisplayName("each hot payload parses, passes its schema and the ingress check, and serialises to the same JSON")
    void hotPayloadsAreValidAndRoundTrip(String payload) {
        HotPayloadBenchmark benchmark = new HotPayloadBenchmark();
        benchmark.payload = payload;
        benchmark.setUp();
        try {
            JsonNode parsed = benchmark.parse();
            assertThat(benchmark.validate()).isEmpty();
            assertThat(benchmark.ingress()).contains(parsed);
            assertThat(Json.parse(benchmark.serialise())).isEqualTo(parsed);
            assertThat(benchmark.serialise().length()).isEqualTo(benchmark.size());
            if (payload.equals("state")) {
                assertThat(parsed.get("containers")).hasSize(20);
            } else if (payload.equals("metrics")) {
                assertThat(parsed.get("samples")).hasSize(250);
            }
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    @DisplayName("the compile benchmarks compile 10 apps for an endpoint on line 3, all 1,000 changed ones, no unchanged one")
    void desiredCompileCompilesWhatItShould() {
        DesiredCompileBenchmark benchmark = new DesiredCompileBenchmark();
        benchmark.setUp();
        JsonNode document = Json.parse(benchmark.compileOne().document());
        assertThat(document.get("apps")).hasSize(DesiredCompileBenchmark.APPS);
        assertThat(document.get("registries")).hasSize(1);
        assertThat(document.get("apps").get(1).get("spec").get("image").asText()).endsWith(":1.5-rc1");
        assertThat(document.get("apps").get(2).get("spec").get("env").has("PLANT_SETTING_9")).isTrue();
        assertThat(benchmark.compileFleet(blackhole())).isEqualTo(DesiredCompileBenchmark.ENDPOINTS);
        assertThat(benchmark.recompileUnchanged(blackhole())).isZero();
    }
}
