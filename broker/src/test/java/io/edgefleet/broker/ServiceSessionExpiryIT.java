package io.edgefleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's MQTT 3.1.1 session (clean session off, which HiveMQ would keep forever) ends after
 * EDGEFLEET_SERVICE_SESSION_EXPIRY_SECONDS, so replaced service replicas leave nothing queueing on the broker; an
 * agent's session keeps the expiry the agent asked for.
 */
class ServiceSessionExpiryIT {

    private static final int EXPIRY_SECONDS = 2;

    @TempDir
    Path data;

    private SecuredBroker secured;

    @BeforeEach
    void start() throws Exception {
        secured = SecuredBroker.start(data, Map.of(
                BrokerConfig.SERVICE_SESSION_EXPIRY_SECONDS, String.valueOf(EXPIRY_SECONDS)));
    }

    @AfterEach
    void stop() {
        secured.close();
    }

    @Test
    void aServiceSessionSurvivesAQuickReconnectButExpiresAfterTheCap() throws Exception {
        Mqtt3BlockingClient service = Mqtt3Client.builder().identifier("registry-pod-1")
                .serverHost("127.0.0.1").serverPort(secured.broker().mqttPort()).buildBlocking();

        assertThat(connectService(service)).as("first connect").isFalse();
        service.disconnect();
        assertThat(connectService(service)).as("reconnect at once: the session is kept").isTrue();
        service.disconnect();

        Thread.sleep((EXPIRY_SECONDS + 2) * 1000L);
        assertThat(connectService(service)).as("reconnect after the cap: the session is gone").isFalse();
        service.disconnect();
    }

    @Test
    void anAgentSessionKeepsTheExpiryTheAgentAskedFor() throws Exception {
        Mqtt5BlockingClient agent = MqttClients.client(SecuredBroker.A, secured.broker().mqttPort());
        assertThat(connectAgent(agent)).isFalse();
        agent.disconnect();

        Thread.sleep((EXPIRY_SECONDS + 2) * 1000L);
        assertThat(connectAgent(agent)).as("the agent's one-hour session outlives the services' cap").isTrue();
        agent.disconnect();
    }

    private static boolean connectService(Mqtt3BlockingClient service) {
        return service.connectWith().cleanSession(false)
                .simpleAuth().username("svc:" + SecuredBroker.SERVICE)
                .password(MqttClients.bytes(SecuredBroker.SERVICE_SECRET)).applySimpleAuth()
                .send().isSessionPresent();
    }

    private static boolean connectAgent(Mqtt5BlockingClient agent) {
        return agent.connectWith().cleanStart(false).sessionExpiryInterval(3600)
                .simpleAuth().username(SecuredBroker.A).password(MqttClients.bytes("secret-of-a")).applySimpleAuth()
                .send().isSessionPresent();
    }
}
