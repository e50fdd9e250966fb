package io.edgefleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.config.AgentConfig;
import io.edgefleet.agent.config.BrokerAddress;
import io.edgefleet.agent.telemetry.TelemetrySettings;
import io.edgefleet.agent.testing.TcpRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent cut off the broker keeps collecting into its on-disk buffer and, after reconnect, fills the gap in order
 * without duplicates; a buffer too small for the outage drops the oldest batches and says exactly how many.
 *
 * <p>The outage lasts {@code -Dedgefleet.it.outageSeconds} (default 20) with a 1 s interval; the 5 minutes
 * is {@code -Dedgefleet.it.outageSeconds=300}.
 */
class MetricsOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("edgefleet.it.outageSeconds", 20));
    // the client's reconnect backoff has grown to 16-32 s by then
    private static final Duration RECONNECT = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final AgentPerTest agent = new AgentPerTest(false);

    private TcpRelay relay;

    @AfterEach
    void closeRelay() throws Exception {
        if (relay != null) {
            relay.close();
        }
    }

    private AgentConfig throughRelay(long bufferBytes) throws Exception {
        AgentRig rig = agent.rig();
        relay = TcpRelay.to(rig.brokerPort());
        AgentConfig base = rig.config();
        return new AgentConfig(new BrokerAddress(false, "127.0.0.1", relay.port()), base.tenant(), base.endpointId(),
                base.secret(), base.dataDir(), base.heartbeatIntervalSeconds(), base.stateIntervalSeconds(),
                base.truststore(), base.truststorePassword(), base.dockerHost(), base.reconcile(),
                TelemetrySettings.DEFAULTS.withMetricsInterval(Duration.ofSeconds(1))
                        .withMetricsBufferBytes(bufferBytes));
    }

    private List<JsonNode> batches() {
        return agent.rig().observer().on("metrics").stream().map(Observer.Message::json).toList();
    }

    private static long seq(JsonNode batch) {
        return batch.path("seq").asLong();
    }

    /** Cuts the agent off for the outage, then waits until a batch collected after the reconnect arrives. */
    private void outage() {
        AgentRig rig = agent.rig();
        rig.observer().await(message -> message.leaf().equals("metrics") && seq(message.json()) >= 2, TIMEOUT);
        relay.cut();
        Instant healAt = Instant.now().plus(OUTAGE);
        org.awaitility.Awaitility.await().atMost(OUTAGE.plusSeconds(5)).until(() -> Instant.now().isAfter(healAt));
        Instant healed = Instant.now();
        relay.heal();
        // the reconnect follows the client's backoff; then the buffer drains at once, and a batch collected a
        // little later was never in a full buffer: its counters hold every drop
        Instant back = rig.observer().await(message -> message.leaf().equals("metrics")
                && message.receivedAt().isAfter(healed), RECONNECT).receivedAt();
        rig.observer().await(message -> message.leaf().equals("metrics")
                && Instant.parse(message.json().path("at").asText()).isAfter(back.plusSeconds(2)), TIMEOUT);
    }

    @Test
    void afterAnOutageEveryBatchArrivesOnceInOrder() throws Exception {
        agent.rig().startAgent(throughRelay(TelemetrySettings.DEFAULTS.metricsBufferBytes()));

        outage();

        List<JsonNode> batches = batches();
        List<Long> seqs = batches.stream().map(MetricsOutageIT::seq).toList();
        TreeSet<Long> distinct = new TreeSet<>(seqs);
        assertThat(distinct.first()).isZero();
        assertThat(distinct.last() - distinct.first() + 1).as("no gap in %s", seqs).isEqualTo(distinct.size());
        assertThat(distinct.size()).as("the outage's batches were buffered")
                .isGreaterThanOrEqualTo((int) OUTAGE.toSeconds() - 2);
        // only a batch whose PUBACK the cut swallowed may come twice, and then right after itself
        List<Long> repeated = new ArrayList<>();
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i).equals(seqs.get(i - 1))) {
                repeated.add(seqs.get(i));
            } else {
                assertThat(seqs.get(i)).as("order of %s", seqs).isEqualTo(seqs.get(i - 1) + 1);
            }
        }
        assertThat(repeated).hasSizeLessThanOrEqualTo(1);
        Instant previous = Instant.MIN;
        for (JsonNode batch : batches) {
            Instant at = Instant.parse(batch.path("at").asText());
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
            assertThat(batch.path("dropped").path("batches").asLong()).isZero();
        }
        agent.rig().observer().assertAllPayloadsMatchTheirSchemas();
    }

    @Test
    void aBufferTooSmallForTheOutageDropsTheOldestAndCountsExactlyHowMany() throws Exception {
        // a batch of this machine is a few KiB: the buffer holds a handful of them
        agent.rig().startAgent(throughRelay(16 * 1024));

        outage();

        List<JsonNode> batches = batches();
        TreeSet<Long> seen = new TreeSet<>(batches.stream().map(MetricsOutageIT::seq).toList());
        JsonNode last = batches.get(batches.size() - 1);
        long missing = seq(last) + 1 - seen.size();
        assertThat(missing).as("batches lost in %s", seen).isPositive();
        List<String> received = batches.stream().map(batch -> seq(batch) + "/" + batch.path("dropped")
                .path("batches").asLong() + "/" + batch.path("at").asText().substring(11, 19)).toList();
        assertThat(last.path("dropped").path("batches").asLong()).as("seq/dropped/at: %s", received)
                .isEqualTo(missing);
        assertThat(last.path("dropped").path("samples").asLong()).isGreaterThanOrEqualTo(missing * 5);
        // what was kept is the newest part of the outage, sent oldest first
        List<Long> order = batches.stream().map(MetricsOutageIT::seq).distinct().toList();
        assertThat(order).isSorted();
        agent.rig().observer().assertAllPayloadsMatchTheirSchemas();
    }
}
