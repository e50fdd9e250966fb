package io.edgefleet.telemetry.notify;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.telemetry.TelemetryConfig;
import io.edgefleet.telemetry.testing.WebhookReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveriesIT {

    private final Vertx vertx = Vertx.vertx();
    private Pool pool;
    private WebhookReceiver receiver;
    private WebhookDeliveries deliveries;

    @BeforeEach
    void start() {
        DbConfig db = TestPostgres.dbConfig();
        pool = result(Database.migrateAndConnect(vertx, db, TelemetryConfig.SERVICE));
        NotifySettings settings = NotifySettings.fromEnv(Env.of(Map.of("EDGEFLEET_WEBHOOK_POLL_MILLIS", "100",
                "EDGEFLEET_WEBHOOK_BACKOFF_MILLIS", "100", "EDGEFLEET_WEBHOOK_TIMEOUT_MILLIS", "2000")));
        DeliveryWorker worker = new DeliveryWorker(pool, settings, new SimpleMeterRegistry());
        result(vertx.deployVerticle(worker));
        deliveries = new WebhookDeliveries(pool, worker::wake);
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
        result(vertx.close());
    }

    /** A receiver that answers 500 to the first {@code failures} deliveries; its URL. */
    private URI receiver(int failures) {
        receiver = WebhookReceiver.failingFirst(failures);
        return URI.create(receiver.url());
    }

    /** The deliveries the receiver accepted (answered 2xx). */
    private List<WebhookReceiver.Request> delivered() {
        return receiver.requests().stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    private static long timestamp(WebhookReceiver.Request request) {
        return Long.parseLong(request.headers().get(WebhookSignature.TIMESTAMP_HEADER.toLowerCase()));
    }

    private static String signature(WebhookReceiver.Request request) {
        return request.headers().get(WebhookSignature.SIGNATURE_HEADER.toLowerCase());
    }

    @Test
    void deliversTheBodySignedWithTheSecretAndTheTimestamp() {
        UUID id = result(deliveries.enqueue(Delivery.of("acme", "event-subscription", "s1", receiver(0), "s3cret",
                "{\"hello\":\"world\"}")));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered().size() == 1);
        WebhookReceiver.Request got = delivered().get(0);
        assertThat(got.body()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(got.headers().get(WebhookSignature.DELIVERY_HEADER.toLowerCase())).isEqualTo(id.toString());
        assertThat(WebhookSignature.verify("s3cret", timestamp(got), got.body(), signature(got))).isTrue();
        assertThat(WebhookSignature.verify("other", timestamp(got), got.body(), signature(got))).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                result(deliveries.list("acme", "event-subscription", "s1", Optional.of("delivered"), 10)).size() == 1);
    }

    @Test
    void retriesAReceiverThatFailsAndDeliversOnceItAnswers() {
        result(deliveries.enqueue(Delivery.of("acme", "alert-channel", "c1", receiver(2), null, "[]")));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> delivered().size() == 1);
        assertThat(signature(delivered().get(0))).as("unsigned without a secret").isNull();
        DeliveryRow row = result(deliveries.list("acme", "alert-channel", "c1", Optional.empty(), 10)).get(0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                "delivered".equals(result(deliveries.list("acme", "alert-channel", "c1", Optional.empty(), 10)).get(0).status()));
        assertThat(result(deliveries.list("acme", "alert-channel", "c1", Optional.empty(), 10)).get(0).attempts()).isEqualTo(3);
        assertThat(row.tenant()).isEqualTo("acme");
    }

    @Test
    void aDeliveryWhoseAttemptsAreUsedUpIsDeadListedAndCanBeSentAgain() {
        UUID id = result(deliveries.enqueue(new Delivery("acme", "event-subscription", "s2", receiver(3), "k",
                "{\"n\":1}", 3)));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                result(deliveries.list("acme", "event-subscription", "s2", Optional.of("dead"), 10)).size() == 1);
        DeliveryRow dead = result(deliveries.list("acme", "event-subscription", "s2", Optional.of("dead"), 10)).get(0);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastStatus()).isEqualTo(500);
        assertThat(dead.toJson().getString("lastError")).isEqualTo("HTTP 500");
        assertThat(delivered()).isEmpty();
        assertThat(result(deliveries.list("other", "event-subscription", "s2", Optional.empty(), 10)))
                .as("another tenant sees nothing").isEmpty();

        assertThat(result(deliveries.redeliver("acme", "event-subscription", "s2", id))).isPresent();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered().size() == 1);
    }

    @Test
    void anUnreachableReceiverCountsAsAFailedAttempt() {
        result(deliveries.enqueue(new Delivery("acme", "alert-channel", "c2", URI.create("http://127.0.0.1:1/hook"),
                null, "[]", 2)));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                result(deliveries.list("acme", "alert-channel", "c2", Optional.of("dead"), 10)).size() == 1);
        assertThat(result(deliveries.list("acme", "alert-channel", "c2", Optional.of("dead"), 10)).get(0).lastError())
                .isNotBlank();
    }
}
