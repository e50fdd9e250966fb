package io.edgefleet.kit.mqtt;

import static io.edgefleet.kit.testing.Await.failure;
import static io.edgefleet.kit.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscription the broker's ACL refuses, seen through an agent identity: the broker asks a stand-in
 * registry (a real HTTP server speaking the auth API) and then applies the agent topic ACL.
 */
class MqttSubscriptionRefusalIT {

    private static final String ENDPOINT = "ep-abcdefghijkl";
    private static final String TOKEN = "registry-token-for-tests";
    private static Vertx vertx;
    private static HttpServer registry;
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        registry = result(vertx.createHttpServer().requestHandler(req -> {
            boolean authorised = ("Bearer " + TOKEN).equals(req.getHeader("Authorization"));
            req.response().putHeader("Content-Type", "application/json").end(authorised
                    ? "{\"result\":\"allow\",\"is_superuser\":false,\"client_attrs\":{\"kind\":\"agent\","
                    + "\"tenant\":\"default\",\"endpoint\":\"" + ENDPOINT + "\"}}"
                    : "{\"result\":\"deny\"}");
        }).listen(0, "127.0.0.1"));
        broker = TestBroker.start(URI.create("http://127.0.0.1:" + registry.actualPort()), TOKEN, "kit");
    }

    @AfterAll
    static void stop() {
        broker.close();
        result(registry.close());
        result(vertx.close());
    }

    @Test
    void refusedSubscriptionFailsAndIsNotRetriedWhileAllowedOnesWork() {
        MqttEventClient agent = MqttEventClient.create(vertx,
                new MqttConfig(broker.host(), broker.port(), ENDPOINT, "any-secret", ENDPOINT, 10));
        try {
            result(agent.start());

            Throwable refused = failure(agent.subscribe("fleet/v1/default/events/#", MqttQoS.AT_LEAST_ONCE, m -> { }));
            assertThat(refused).isInstanceOf(MqttSubscribeException.class)
                    .hasMessageContaining("fleet/v1/default/events/#")
                    .hasMessageContaining("0x80");

            List<String> desired = new CopyOnWriteArrayList<>();
            String topic = "edge/v1/default/" + ENDPOINT + "/desired";
            result(agent.subscribe(topic, MqttQoS.AT_LEAST_ONCE, m -> desired.add(m.payload().toString())));
            MqttEventClient service = MqttEventClient.create(vertx, broker.mqttConfig("kit"));
            result(service.start());
            result(service.publish(topic, Buffer.buffer("gen-1"), MqttQoS.AT_LEAST_ONCE, false));
            await().atMost(Duration.ofSeconds(10)).until(() -> desired.contains("gen-1"));
            assertThat(agent.isConnected()).isTrue();
            result(service.close());
        } finally {
            result(agent.close());
        }
    }
}
