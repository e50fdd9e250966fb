package io.edgefleet.kit.db;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayIT {

    private static Vertx vertx;
    private static TestBroker broker;
    private Pool pool;
    private MqttEventClient relayClient;
    private MqttEventClient observer;
    private OutboxRelay relay;
    private final List<InboundMessage> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        broker = TestBroker.start("kit", "observer");
    }

    @AfterAll
    static void stop() {
        broker.close();
        result(vertx.close());
    }

    @BeforeEach
    void deployRelay() {
        pool = result(Database.migrateAndConnect(vertx, TestPostgres.dbConfig(), "kittest"));
        observer = MqttEventClient.create(vertx, broker.mqttConfig("observer"));
        result(observer.start());
        result(observer.subscribe("fleet/v1/+/events/#", MqttQoS.AT_LEAST_ONCE, received::add));
        relayClient = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
        result(relayClient.start());
        relay = new OutboxRelay(pool, relayClient, Duration.ofMillis(50));
        result(vertx.deployVerticle(relay));
    }

    @AfterEach
    void undeploy() {
        result(vertx.undeploy(relay.deploymentID()));
        result(relayClient.close());
        result(observer.close());
        result(pool.close());
    }

    private long outboxRows() {
        return result(pool.query("SELECT count(*) FROM outbox").execute()).iterator().next().getLong(0);
    }

    private static EventEnvelope event(int n) {
        return EventEnvelope.create("kit", "widget.created", "default", "w" + n, Map.of("n", n));
    }

    private List<String> receivedIds() {
        return received.stream().map(m -> EventEnvelope.parse(m.payload()).id()).toList();
    }

    @Test
    void eventsAppendedInATransactionArePublishedInOrderAndDeleted() {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(event(i));
        }
        result(pool.withTransaction(tx -> {
            Future<Void> chain = Future.succeededFuture();
            for (EventEnvelope e : events) {
                chain = chain.compose(v -> Outbox.append(tx, e));
            }
            return chain.compose(v -> tx.query("INSERT INTO widgets (id, name) VALUES ('w', 'with events')").execute());
        }));
        relay.wake();

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 250);
        assertThat(receivedIds()).containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());
        assertThat(received.get(0).topic()).isEqualTo("fleet/v1/default/events/widget.created");
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
    }

    @Test
    void rolledBackTransactionPublishesNothing() throws InterruptedException {
        EventEnvelope doomed = event(1);
        Future<Object> tx = pool.withTransaction(conn -> Outbox.append(conn, doomed)
                .compose(v -> Future.failedFuture("business rule violated")));
        io.edgefleet.kit.testing.Await.failure(tx);
        EventEnvelope committed = event(2);
        result(pool.withTransaction(conn -> Outbox.append(conn, committed)));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        Thread.sleep(300);
        assertThat(receivedIds()).containsExactly(committed.id());
        assertThat(outboxRows()).isZero();
    }

    @Test
    void rawRetainedMessagesAreRelayedWithTheirFlag() {
        String topic = "edge/v1/default/ep-aaaaaaaaaaaa/desired";
        List<InboundMessage> retained = new CopyOnWriteArrayList<>();
        result(pool.withTransaction(conn -> Outbox.append(conn, topic, Buffer.buffer("{\"generation\":1}"), true)));
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);

        // a subscriber arriving later gets the retained copy
        result(observer.subscribe(topic, MqttQoS.AT_LEAST_ONCE, retained::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> !retained.isEmpty());
        assertThat(retained.get(0).retained()).isTrue();
        assertThat(retained.get(0).payload().toString()).isEqualTo("{\"generation\":1}");
    }

    @Test
    void rowsWaitWhileTheBrokerIsDownAndArePublishedWhenItReturns() throws InterruptedException {
        EventEnvelope before = event(1);
        result(pool.withTransaction(conn -> Outbox.append(conn, before)));
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedIds().contains(before.id()));

        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !relayClient.isConnected());
        List<EventEnvelope> during = List.of(event(2), event(3), event(4));
        result(pool.withTransaction(conn -> Outbox.append(conn, during.get(0))
                .compose(v -> Outbox.append(conn, during.get(1)))
                .compose(v -> Outbox.append(conn, during.get(2)))));
        relay.wake();
        Thread.sleep(1000);
        assertThat(outboxRows()).isEqualTo(3);

        // same data directory: the observer's persistent session and subscription survive
        broker = broker.restart(true);

        await().atMost(Duration.ofSeconds(60)).until(() -> outboxRows() == 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedIds().containsAll(during.stream().map(EventEnvelope::id).toList()));
        List<String> ids = receivedIds();
        List<String> duringIds = during.stream().map(EventEnvelope::id).toList();
        // order kept (duplicates are allowed by at-least-once, so compare first occurrences)
        assertThat(ids.stream().filter(duringIds::contains).distinct().toList()).containsExactlyElementsOf(duringIds);
    }
}
