package io.edgefleet.telemetry.notify;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.testing.TestPostgres;
import io.edgefleet.telemetry.TelemetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveriesIT {

    private record Received(String body, String signature, long timestamp, String deliveryId) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private Pool pool;
    private HttpServer receiver;
    private WebhookDeliveries deliveries;

    @BeforeEach
    void start() {
        DbConfig db = TestPostgres.dbConfig();
        pool = result(Database.migrateAndConnect(vertx, db, TelemetryConfig.SERVICE));
        receiver = result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (failuresLeft.getAndDecrement() > 0) {
                request.response().setStatusCode(503).end();
                return;
            }
            received.add(new Received(body.toString(), request.getHeader(WebhookSignature.SIGNATURE_HEADER),
                    Long.parseLong(request.getHeader(WebhookSignature.TIMESTAMP_HEADER)),
                    request.getHeader(WebhookSignature.DELIVERY_HEADER)));
            request.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1"));
        NotifySettings settings = NotifySettings.fromEnv(Env.of(Map.of("EDGEFLEET_WEBHOOK_POLL_MILLIS", "100",
                "EDGEFLEET_WEBHOOK_BACKOFF_MILLIS", "100", "EDGEFLEET_WEBHOOK_TIMEOUT_MILLIS", "2000")));
        DeliveryWorker worker = new DeliveryWorker(pool, settings, new SimpleMeterRegistry());
        result(vertx.deployVerticle(worker));
        deliveries = new WebhookDeliveries(pool, worker::wake);
    }

    @AfterEach
    void stop() {
        result(vertx.close());
    }

    private URI receiverUrl() {
        return URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hook");
    }

    @Test
    void deliversTheBodySignedWithTheSecretAndTheTimestamp() {
        UUID id = result(deliveries.enqueue(Delivery.of("acme", "event-subscription", "s1", receiverUrl(), "s3cret",
                "{\"hello\":\"world\"}")));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        Received got = received.get(0);
        assertThat(got.body()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(got.deliveryId()).isEqualTo(id.toString());
        assertThat(WebhookSignature.verify("s3cret", got.timestamp(), got.body(), got.signature())).isTrue();
        assertThat(WebhookSignature.verify("other", got.timestamp(), got.body(), got.signature())).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                result(deliveries.list("acme", "event-subscription", "s1", Optional.of("delivered"), 10)).size() == 1);
    }

    @Test
    void retriesAReceiverThatFailsAndDeliversOnceItAnswers() {
        failuresLeft.set(2);
        result(deliveries.enqueue(Delivery.of("acme", "alert-channel", "c1", receiverUrl(), null, "[]")));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 1);
        assertThat(received.get(0).signature()).as("unsigned without a secret").isNull();
        DeliveryRow row = result(deliveries.list("acme", "alert-channel", "c1", Optional.empty(), 10)).get(0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                "delivered".equals(result(deliveries.list("acme", "alert-channel", "c1", Optional.empty(), 10)).get(0).status()));
        assertThat(result(deliveries.list("acme", "alert-channel", "c1", Optional.empty(), 10)).get(0).attempts()).isEqualTo(3);
        assertThat(row.tenant()).isEqualTo("acme");
    }

    @Test
    void aDeliveryWhoseAttemptsAreUsedUpIsDeadListedAndCanBeSentAgain() {
        failuresLeft.set(3);
        UUID id = result(deliveries.enqueue(new Delivery("acme", "event-subscription", "s2", receiverUrl(), "k",
                "{\"n\":1}", 3)));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                result(deliveries.list("acme", "event-subscription", "s2", Optional.of("dead"), 10)).size() == 1);
        DeliveryRow dead = result(deliveries.list("acme", "event-subscription", "s2", Optional.of("dead"), 10)).get(0);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastStatus()).isEqualTo(503);
        assertThat(dead.toJson().getString("lastError")).isEqualTo("HTTP 503");
        assertThat(received).isEmpty();
        assertThat(result(deliveries.list("other", "event-subscription", "s2", Optional.empty(), 10)))
                .as("another tenant sees nothing").isEmpty();

        assertThat(result(deliveries.redeliver("acme", "event-subscription", "s2", id))).isPresent();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
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
