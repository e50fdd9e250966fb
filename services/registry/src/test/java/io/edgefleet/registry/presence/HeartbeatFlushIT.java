package io.edgefleet.registry.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A thousand endpoints heartbeating: transitions at once, then batched writes (numbers in the test log). */
class HeartbeatFlushIT {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatFlushIT.class);
    static final int ENDPOINTS = 1000;
    static RegistryHarness registry;
    static final List<String> IDS = new ArrayList<>();

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        for (int i = 0; i < ENDPOINTS; i++) {
            IDS.add(registry.createEndpoint("fleet-" + i, "{\"site\":\"load\"}").path("id").asText());
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @DisplayName("1000 endpoints: first heartbeats bring each online at once, the next round is written in one batch per tick")
    void heartbeatsOfAFleetAreFlushedInBatches() {
        try (MqttTestClient fleet = registry.service()) {
            long started = System.nanoTime();
            beat(fleet, 10);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    count("status = 'online'") == ENDPOINTS);
            double onlineSeconds = (System.nanoTime() - started) / 1e9;
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.sql("SELECT 1 FROM registry.outbox").isEmpty());
            // the first round's heartbeats also went to the buffer once their endpoint was online
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    registry.metric("edgefleet_registry_heartbeat_flush_batch_sum", null) >= ENDPOINTS);
            double flushesBefore = registry.metric("edgefleet_registry_heartbeat_flush_seconds_count", null);
            double timeBefore = registry.metric("edgefleet_registry_heartbeat_flush_seconds_sum", null);
            double beatsBefore = registry.metric("edgefleet_registry_heartbeat_flush_batch_sum", null);

            Instant secondRound = Instant.now();
            beat(fleet, 20);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    count("heartbeat_interval_seconds = 20 AND last_seen_at >= ?", Timestamp.from(secondRound)) == ENDPOINTS);
            double roundSeconds = Duration.between(secondRound, Instant.now()).toMillis() / 1000.0;

            double flushes = registry.metric("edgefleet_registry_heartbeat_flush_seconds_count", null) - flushesBefore;
            double seconds = registry.metric("edgefleet_registry_heartbeat_flush_seconds_sum", null) - timeBefore;
            double beats = registry.metric("edgefleet_registry_heartbeat_flush_batch_sum", null) - beatsBefore;
            LOG.info("{} endpoints online through their first heartbeat in {} s ({} transitions/s with events); "
                            + "second round: {} heartbeats written by {} flush statement(s) taking {} ms in total",
                    ENDPOINTS, String.format("%.2f", onlineSeconds), String.format("%.0f", ENDPOINTS / onlineSeconds),
                    (long) beats, (long) flushes, String.format("%.1f", seconds * 1000));
            assertThat(beats).isEqualTo(ENDPOINTS);
            // one statement per flush tick (1 s) while the round arrives, however long a busy machine makes that
            assertThat(flushes).as("flush statements for one round of heartbeats arriving over %.1f s", roundSeconds)
                    .isBetween(1.0, Math.ceil(roundSeconds) + 1)
                    .isLessThanOrEqualTo(ENDPOINTS / 50.0);
            assertThat(count("status = 'online'")).isEqualTo(ENDPOINTS);
            assertThat(registry.events().stream().filter(e -> e.shortType().equals("endpoint.online")).count())
                    .isEqualTo(ENDPOINTS);
        }
    }

    private static void beat(MqttTestClient fleet, int intervalSeconds) {
        for (int i = 0; i < IDS.size(); i++) {
            fleet.publish("edge/v1/default/" + IDS.get(i) + "/heartbeat", "{\"seq\":" + i + ",\"at\":\"" + Instant.now()
                    + "\",\"intervalSeconds\":" + intervalSeconds + "}", false);
        }
    }

    private static long count(String condition, Object... params) {
        List<Map<String, Object>> rows = registry.sql("SELECT count(*) AS n FROM registry.endpoints WHERE " + condition, params);
        return ((Number) rows.get(0).get("n")).longValue();
    }
}
