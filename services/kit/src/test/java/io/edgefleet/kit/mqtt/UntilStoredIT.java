package io.edgefleet.kit.mqtt;

import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.config.DbConfig;
import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TestBroker;
import io.edgefleet.kit.testing.TestPostgres;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MqttEventClient#subscribeUntilStored}: a message's PUBACK waits for its database write; while PostgreSQL
 * cannot be reached the write is tried again and the message stays the broker's; a write that can never succeed is
 * given up at once. {@link MqttEventClient#subscribeRetrying}: acknowledged at once, the write tried again in memory.
 */
class UntilStoredIT {

    private static Vertx vertx;
    private static TestBroker broker;
    private static Pool database;
    private static Pool unreachable;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        broker = TestBroker.start("kit");
        database = result(Database.migrateAndConnect(vertx, TestPostgres.dbConfig(), "kittest"));
        DbConfig real = TestPostgres.dbConfig();
        // nothing listens there: every query fails with "connection refused", as while PostgreSQL restarts
        unreachable = Database.pool(vertx, new DbConfig("127.0.0.1", FreePorts.next(), real.database(), real.user(),
                real.password()), "kittest");
    }

    @AfterAll
    static void stop() {
        result(unreachable.close());
        result(database.close());
        broker.close();
        result(vertx.close());
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceStoredAndTriedAgainWhileTheDatabaseIsAway() {
        MqttConfig session = session();
        String topic = "kit/stored/" + UUID.randomUUID();
        AtomicReference<Pool> pool = new AtomicReference<>(unreachable);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        MqttEventClient consumer = MqttEventClient.create(vertx, session);
        result(consumer.subscribeUntilStored(topic + "/+", MqttQoS.AT_LEAST_ONCE, message -> {
            String id = message.payload().toString();
            attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            // "away" never reaches the database; the others do once it is back
            return insert(id.startsWith("away") ? unreachable : pool.get(), id);
        }));
        result(consumer.start());
        MqttEventClient publisher = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
        result(publisher.start());
        String stored = "stored-" + UUID.randomUUID();
        String away = "away-" + UUID.randomUUID();
        result(publisher.publish(topic + "/stored", Buffer.buffer(stored), MqttQoS.AT_LEAST_ONCE, false));
        await().atMost(Duration.ofSeconds(15)).until(() -> count(attempts, stored) >= 3);
        assertThat(rows(stored)).isZero();

        pool.set(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(stored) == 1);
        int attemptsWhenStored = count(attempts, stored);
        // the broker sends this session's next messages only once the one in flight was acknowledged
        result(publisher.publish(topic + "/away", Buffer.buffer(away), MqttQoS.AT_LEAST_ONCE, false));
        await().atMost(Duration.ofSeconds(15)).until(() -> count(attempts, away) >= 2);
        result(consumer.close());

        assertThat(nextSession(session, topic + "/+", publisher, topic + "/marker"))
                .as("the unstored message is still the broker's, the stored one was acknowledged")
                .containsExactly(away, "marker");
        assertThat(count(attempts, stored)).as("no attempt after the write succeeded").isEqualTo(attemptsWhenStored);
    }

    @Test
    void aRetryingSubscriptionAcknowledgesAtOnceAndTriesTheWriteAgainInMemory() {
        MqttConfig session = session();
        String topic = "kit/stored/" + UUID.randomUUID();
        AtomicReference<Pool> pool = new AtomicReference<>(unreachable);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        MqttEventClient consumer = MqttEventClient.create(vertx, session);
        result(consumer.subscribeRetrying(topic + "/+", MqttQoS.AT_LEAST_ONCE, message -> {
            String id = message.payload().toString();
            attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return insert(id.startsWith("away") ? unreachable : pool.get(), id);
        }));
        result(consumer.start());
        MqttEventClient publisher = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
        result(publisher.start());
        String stored = "stored-" + UUID.randomUUID();
        String away = "away-" + UUID.randomUUID();
        result(publisher.publish(topic + "/stored", Buffer.buffer(stored), MqttQoS.AT_LEAST_ONCE, false));
        // acknowledged at once: the next message comes while the first one's write still fails
        result(publisher.publish(topic + "/away", Buffer.buffer(away), MqttQoS.AT_LEAST_ONCE, false));
        await().atMost(Duration.ofSeconds(15)).until(() -> count(attempts, stored) >= 3 && count(attempts, away) >= 2);
        pool.set(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(stored) == 1);
        result(consumer.close());

        assertThat(nextSession(session, topic + "/+", publisher, topic + "/marker"))
                .as("both were acknowledged on arrival").containsExactly("marker");
    }

    @Test
    void aWriteThatCanNeverSucceedIsGivenUpAtOnceAndAcknowledged() {
        MqttConfig session = session();
        String topic = "kit/stored/" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        List<String> received = new CopyOnWriteArrayList<>();
        MqttEventClient consumer = MqttEventClient.create(vertx, session);
        result(consumer.subscribeUntilStored(topic, MqttQoS.AT_LEAST_ONCE, message -> {
            String payload = message.payload().toString();
            received.add(payload);
            if (!payload.equals("poison")) {
                return Future.succeededFuture();
            }
            attempts.incrementAndGet();
            return database.query("INSERT INTO no_such_table VALUES (1)").execute();
        }));
        result(consumer.start());
        MqttEventClient publisher = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
        result(publisher.start());
        result(publisher.publish(topic, Buffer.buffer("poison"), MqttQoS.AT_LEAST_ONCE, false));
        // the broker sends the next message only once the poison was acknowledged
        result(publisher.publish(topic, Buffer.buffer("next"), MqttQoS.AT_LEAST_ONCE, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("next"));
        result(consumer.close());

        assertThat(nextSession(session, topic, publisher, topic)).as("the poison was acknowledged")
                .doesNotContain("poison").contains("marker");
        assertThat(attempts).hasValue(1);
    }

    /**
     * What the broker hands the same session when it comes back (subscribed to {@code filter}): whatever it still held,
     * then a marker published on {@code markerTopic}. Closes the session and the publisher.
     */
    private static List<String> nextSession(MqttConfig session, String filter, MqttEventClient publisher,
                                            String markerTopic) {
        List<String> received = new CopyOnWriteArrayList<>();
        MqttEventClient again = MqttEventClient.create(vertx, session);
        result(again.subscribe(filter, MqttQoS.AT_LEAST_ONCE, message -> received.add(message.payload().toString())));
        result(again.start());
        try {
            result(publisher.publish(markerTopic, Buffer.buffer("marker"), MqttQoS.AT_LEAST_ONCE, false));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("marker"));
            return List.copyOf(received);
        } finally {
            result(again.close());
            result(publisher.close());
        }
    }

    private static MqttConfig session() {
        MqttConfig base = broker.mqttConfig("kit");
        return new MqttConfig(base.host(), base.port(), base.username(), base.password(),
                "kit-stored-" + UUID.randomUUID(), base.maxInflight());
    }

    private static Future<?> insert(Pool pool, String id) {
        return pool.preparedQuery("INSERT INTO widgets (id, name) VALUES ($1, 'stored') ON CONFLICT DO NOTHING")
                .execute(Tuple.of(id));
    }

    private static int count(Map<String, AtomicInteger> attempts, String id) {
        AtomicInteger n = attempts.get(id);
        return n == null ? 0 : n.get();
    }

    private static long rows(String id) {
        return result(database.preparedQuery("SELECT count(*) FROM widgets WHERE id = $1").execute(Tuple.of(id)))
                .iterator().next().getLong(0);
    }
}
