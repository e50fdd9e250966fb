package io.edgefleet.telemetry.alert;

import static io.edgefleet.telemetry.alert.AlertFixtures.alerts;
import static io.edgefleet.telemetry.alert.AlertFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.telemetry.testing.TelemetryHarness;
import io.edgefleet.telemetry.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertNotificationsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TelemetryHarness telemetry;
    private static AlertFixtures fixtures;

    @BeforeAll
    static void start() {
        telemetry = TelemetryHarness.start(Map.of(AlertSettings.EVALUATION_MILLIS, "500",
                AlertSettings.PUBLIC_URL, "http://edgefleet.example",
                "EDGEFLEET_WEBHOOK_POLL_MILLIS", "200", "EDGEFLEET_WEBHOOK_BACKOFF_MILLIS", "200",
                AlertSettings.RESEND_SECONDS, "1"));
        fixtures = new AlertFixtures(telemetry);
        fixtures.samplePartitions();
    }

    @AfterAll
    static void stop() {
        telemetry.close();
    }

    @Test
    void aWebhookGetsTheFiringAndTheResolutionSignedWithTheSecretShownOnceRetriedAfter500s() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.failingFirst(2)) {
            Http hooks = telemetry.http("hooks");
            String endpoint = TelemetryHarness.newEndpointId();
            fixtures.endpoint("hooks", endpoint, "{}");
            Http.Response channel = hooks.post("/api/v1/tenants/hooks/notification-channels", """
                    {"name": "ops", "kind": "webhook", "url": "%s", "default": true}""".formatted(receiver.url("/hook")));
            assertThat(channel.status()).as(channel.text()).isEqualTo(201);
            String secret = channel.json().get("secret").asText();
            assertThat(secret).hasSize(64);
            String channelId = channel.json().get("id").asText();
            assertThat(hooks.get("/api/v1/tenants/hooks/notification-channels/" + channelId).json().has("secret")).isFalse();
            assertThat(hooks.post("/api/v1/tenants/hooks/alert-rules", """
                    {"name": "Busy", "metric": "node_load1", "comparator": ">", "threshold": 2, "severity": "info"}""")
                    .status()).isEqualTo(201);

            fixtures.sample("hooks", endpoint, "node_load1", "", null, 5);
            List<WebhookReceiver.Request> firing = await("the firing delivered after two 500s", receiver::requests,
                    r -> r.stream().anyMatch(x -> x.answered() == 204), WAIT);
            assertThat(firing).hasSize(3);
            assertThat(firing).extracting(r -> r.headers().get("x-edgefleet-delivery")).containsOnly(
                    firing.get(0).headers().get("x-edgefleet-delivery"));
            WebhookReceiver.Request delivered = firing.get(2);
            assertThat(delivered.headers().get("x-edgefleet-signature")).isEqualTo(sign(secret,
                    delivered.headers().get("x-edgefleet-timestamp"), delivered.body()));
            assertThat(delivered.headers().get("x-edgefleet-signature")).isNotEqualTo(sign("wrong" + secret,
                    delivered.headers().get("x-edgefleet-timestamp"), delivered.body()));
            JsonNode body = Json.parse(delivered.body().getBytes(StandardCharsets.UTF_8));
            assertThat(body.get("status").asText()).isEqualTo("firing");
            assertThat(body.get("alert").get("labels").get("alertname").asText()).isEqualTo("Busy");
            assertThat(body.get("alert").get("labels").get("endpoint").asText()).isEqualTo(endpoint);

            fixtures.sample("hooks", endpoint, "node_load1", "", null, 1);
            WebhookReceiver.Request resolved = await("the resolution delivered", receiver::requests, r -> r.size() == 4,
                    WAIT).get(3);
            JsonNode resolution = Json.parse(resolved.body().getBytes(StandardCharsets.UTF_8));
            assertThat(resolution.get("status").asText()).isEqualTo("resolved");
            assertThat(resolution.get("alert").get("alertId").asText()).isEqualTo(body.get("alert").get("alertId").asText());
            assertThat(resolved.headers().get("x-edgefleet-signature")).isEqualTo(sign(secret,
                    resolved.headers().get("x-edgefleet-timestamp"), resolved.body()));

            JsonNode deliveries = hooks.get("/api/v1/tenants/hooks/notification-channels/" + channelId + "/deliveries")
                    .json().get("items");
            assertThat(deliveries).hasSize(2);
            assertThat(deliveries).allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("delivered"));
            Thread.sleep(1500);
            assertThat(receiver.requests()).as("nothing is notified twice").hasSize(4);
        }
    }

    @Test
    void aSilencedAlertFiresVisiblyButIsNotifiedOnlyOnceTheSilenceIsGone() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.failingFirst(0)) {
            Http quiet = telemetry.http("quiet");
            String endpoint = TelemetryHarness.newEndpointId();
            fixtures.endpoint("quiet", endpoint, "{}");
            assertThat(quiet.post("/api/v1/tenants/quiet/notification-channels", """
                    {"name": "ops", "kind": "webhook", "url": "%s", "secret": "0123456789abcdef0123", "default": true}"""
                    .formatted(receiver.url("/hook"))).status()).isEqualTo(201);
            Http.Response silence = quiet.post("/api/v1/tenants/quiet/silences", """
                    {"matchers": [{"name": "alertname", "value": "Busy"}, {"name": "endpoint", "value": "%s"}],
                     "endsAt": "%s", "comment": "maintenance"}""".formatted(endpoint, Instant.now().plusSeconds(3600)));
            assertThat(silence.status()).as(silence.text()).isEqualTo(201);
            assertThat(silence.json().get("createdBy").asText()).isEqualTo("user:test");
            assertThat(silence.json().get("state").asText()).isEqualTo("active");
            assertThat(quiet.post("/api/v1/tenants/quiet/alert-rules", """
                    {"name": "Busy", "metric": "node_load1", "comparator": ">", "threshold": 2, "severity": "info"}""")
                    .status()).isEqualTo(201);

            fixtures.sample("quiet", endpoint, "node_load1", "", null, 5);
            JsonNode firing = await("a silenced firing alert", () -> alerts(quiet, "quiet", "firing"),
                    l -> !l.isEmpty() && l.get(0).get("silenced").asBoolean(), WAIT).get(0);
            // the event leaves through the outbox relay: it may reach the broker after the API shows the alert
            await("alert.firing", () -> fixtures.events("alert.firing", "quiet"), l -> !l.isEmpty(), WAIT);
            Thread.sleep(2000);
            assertThat(fixtures.events("alert.firing", "quiet")).hasSize(1);
            assertThat(receiver.requests()).as("silenced: not notified").isEmpty();

            assertThat(quiet.delete("/api/v1/tenants/quiet/silences/" + silence.json().get("id").asText()).status())
                    .isEqualTo(204);
            WebhookReceiver.Request notified = await("the notification after the silence", receiver::requests,
                    r -> !r.isEmpty(), WAIT).get(0);
            assertThat(Json.parse(notified.body().getBytes(StandardCharsets.UTF_8)).get("alert").get("alertId").asText())
                    .isEqualTo(firing.get("id").asText());
            assertThat(alerts(quiet, "quiet", "firing").get(0).get("silenced").asBoolean()).isFalse();
        }
    }

    @Test
    void aRealAlertmanagerReceivesTheDiskBuiltInAlertKeepsItWhileItFiresAndDropsItOnResolution() throws Exception {
        try (TestAlertmanager alertmanager = new TestAlertmanager()) {
            Http am = telemetry.http("am");
            String endpoint = TelemetryHarness.newEndpointId();
            fixtures.endpoint("am", endpoint, "{}");
            Http.Response channel = am.post("/api/v1/tenants/am/notification-channels", """
                    {"name": "alertmanager", "kind": "alertmanager", "url": "%s", "default": true}"""
                    .formatted(alertmanager.baseUrl()));
            assertThat(channel.status()).as(channel.text()).isEqualTo(201);
            assertThat(channel.json().has("secret")).isFalse();

            fixtures.disk("am", endpoint, "/data", 95, 100);
            JsonNode received = await("the alert in Alertmanager", alertmanager::alerts, l -> !l.isEmpty(), WAIT).get(0);
            assertThat(received.get("labels").get("alertname").asText()).isEqualTo("DiskAlmostFull");
            assertThat(received.get("labels").get("rule").asText()).isEqualTo("disk-almost-full");
            assertThat(received.get("labels").get("endpoint").asText()).isEqualTo(endpoint);
            assertThat(received.get("labels").get("device").asText()).isEqualTo("/data");
            assertThat(received.get("status").get("state").asText()).isEqualTo("active");
            String alertId = alerts(am, "am", "firing").get(0).get("id").asText();
            assertThat(received.get("generatorURL").asText())
                    .isEqualTo("http://edgefleet.example/api/v1/tenants/am/alerts/" + alertId);

            String channelId = channel.json().get("id").asText();
            await("the firing sent again while it fires", () -> am.get("/api/v1/tenants/am/notification-channels/"
                    + channelId + "/deliveries").json().get("items"), items -> items.size() >= 2, WAIT);

            fixtures.disk("am", endpoint, "/data", 50, 100);
            await("the alert resolved in Alertmanager", alertmanager::alerts, List::isEmpty, WAIT);
            assertThat(alerts(am, "am", "resolved")).hasSize(1);
        }
    }

    @Test
    void badSilencesAndChannelsAreRefusedNamingTheField() {
        Http bad = telemetry.http("bad");
        Http.Response backwards = bad.post("/api/v1/tenants/bad/silences", """
                {"matchers": [{"name": "rule", "value": "x"}], "startsAt": "2030-01-02T00:00:00Z",
                 "endsAt": "2030-01-01T00:00:00Z", "comment": "c"}""");
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asText()).isEqualTo("/endsAt");
        Http.Response ftp = bad.post("/api/v1/tenants/bad/notification-channels",
                "{\"name\": \"x\", \"kind\": \"webhook\", \"url\": \"ftp://h/x\"}");
        assertThat(ftp.status()).isEqualTo(422);
        assertThat(ftp.json().get("errors").get(0).get("field").asText()).isEqualTo("/url");
        Http.Response unsendable = bad.post("/api/v1/tenants/bad/notification-channels",
                "{\"name\": \"x\", \"kind\": \"webhook\", \"url\": \"http://h/a{b}\"}");
        assertThat(unsendable.status()).as(unsendable.text()).isEqualTo(422);
        assertThat(unsendable.json().get("errors").get(0).get("field").asText()).isEqualTo("/url");
    }

    static String sign(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
