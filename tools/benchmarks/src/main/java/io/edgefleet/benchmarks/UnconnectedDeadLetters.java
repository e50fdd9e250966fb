package io.edgefleet.benchmarks;

import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The {@link DeadLetters} the ingress classes require, on an MQTT client that never connects: the benchmarks feed
 * only valid payloads, so nothing is ever dead-lettered (a rejection would fail the benchmark's own checks).
 */
public final class UnconnectedDeadLetters implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final DeadLetters deadLetters = new DeadLetters(
            MqttEventClient.create(vertx, new MqttConfig("localhost", 1883, "svc:benchmarks", "unused",
                    "benchmarks", 100)),
            "benchmarks", new SimpleMeterRegistry());

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
