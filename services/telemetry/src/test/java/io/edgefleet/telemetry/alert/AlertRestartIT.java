package io.edgefleet.telemetry.alert;

import static io.edgefleet.kit.testing.Await.result;
import static io.edgefleet.telemetry.alert.AlertFixtures.alerts;
import static io.edgefleet.telemetry.alert.AlertFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.events.Json;
import io.edgefleet.telemetry.TelemetryService;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import io.edgefleet.telemetry.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> EVALUATING = Map.of(AlertSettings.EVALUATION_MILLIS, "300",
            "EDGEFLEET_WEBHOOK_POLL_MILLIS", "200");

    @Test
    void aRestartKeepsTheFiringAlertFiringWithoutNotifyingAgainAndTwoReplicasNotifyOnce() throws Exception {
        // the harness's own instance evaluates once an hour: the replicas below do the work
        try (TelemetryHarness telemetry = TelemetryHarness.start(Map.of(AlertSettings.EVALUATION_MILLIS, "3600000"));
             WebhookReceiver receiver = WebhookReceiver.failingFirst(0)) {
            AlertFixtures fixtures = new AlertFixtures(telemetry);
            fixtures.samplePartitions();
            Http http = telemetry.http("restart");
            String endpoint = TelemetryHarness.newEndpointId();
            fixtures.endpoint("restart", endpoint, "{}");
            assertThat(http.post("/api/v1/tenants/restart/notification-channels", """
                    {"name": "ops", "kind": "webhook", "url": "%s", "default": true}""".formatted(receiver.url("/h")))
                    .status()).isEqualTo(201);
            assertThat(http.post("/api/v1/tenants/restart/alert-rules", """
                    {"name": "Busy", "metric": "node_load1", "comparator": ">", "threshold": 2, "severity": "info"}""")
                    .status()).isEqualTo(201);
            fixtures.sample("restart", endpoint, "node_load1", "", null, 5);

            TelemetryService first = telemetry.startReplica(EVALUATING);
            TelemetryService second = telemetry.startReplica(EVALUATING);
            await("the firing notified", receiver::requests, r -> !r.isEmpty(), WAIT);
            Thread.sleep(2000);
            assertThat(receiver.requests()).as("two evaluating replicas notify once").hasSize(1);
            assertThat(fixtures.events("alert.firing", "restart")).hasSize(1);
            String alertId = alerts(http, "restart", "firing").get(0).get("id").asText();

            result(first.close());
            result(second.close());
            TelemetryService restarted = telemetry.startReplica(EVALUATING);
            try {
                Thread.sleep(2000);
                assertThat(alerts(http, "restart", "firing")).singleElement()
                        .satisfies(a -> assertThat(a.get("id").asText()).isEqualTo(alertId));
                assertThat(receiver.requests()).as("a restart notifies nothing again").hasSize(1);
                assertThat(fixtures.events("alert.firing", "restart")).hasSize(1);

                fixtures.sample("restart", endpoint, "node_load1", "", null, 1);
                var resolution = await("the resolution notified", receiver::requests, r -> r.size() == 2, WAIT).get(1);
                assertThat(Json.parse(resolution.body().getBytes(StandardCharsets.UTF_8)).get("status").asText())
                        .isEqualTo("resolved");
            } finally {
                result(restarted.close());
            }
        }
    }
}
