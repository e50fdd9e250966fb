package io.edgefleet.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.edgefleet.broker.MqttClients.bytes;
import static io.edgefleet.broker.MqttClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting, stopping and restarting the broker: persistence, listeners, start failures. */
class BrokerLifecycleIT {

    static final String SECRET = "registry-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void retainedMessageSurvivesARestartOnTheSameDataDirectory() throws Exception {
        Map<String, String> env = env(FreePorts.next());
        String topic = "edge/v1/default/ep-aaaaaaaaaaaa/state";
        EdgefleetBroker first = EdgefleetBroker.start(BrokerConfig.fromEnv(env));
        System.out.println("broker start time: " + first.startupTime().toMillis() + " ms");
        try {
            Mqtt3BlockingClient publisher = service(first.mqttPort());
            MqttClients.publish(publisher, topic, "{\"observedGeneration\":7}", true);
            publisher.disconnect();
        } finally {
            first.close();
        }
        first.close();

        try (EdgefleetBroker second = EdgefleetBroker.start(BrokerConfig.fromEnv(env))) {
            System.out.println("broker restart time: " + second.startupTime().toMillis() + " ms");
            Mqtt3BlockingClient subscriber = service(second.mqttPort());
            try (var received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
                subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
                var retained = received.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(retained.isRetain()).isTrue();
                assertThat(text(retained.getPayloadAsBytes())).isEqualTo("{\"observedGeneration\":7}");
            }
            subscriber.disconnect();
        }
    }

    @Test
    void portInUseFailsTheStartNamingThePortAndVariable() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = occupant.getLocalPort();
            assertThatThrownBy(() -> EdgefleetBroker.start(BrokerConfig.fromEnv(env(port))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("EDGEFLEET_MQTT_PORT");
        }
    }

    @Test
    void tlsListenerServesClientsThatTrustTheKeystoreCertificate() throws Exception {
        Path keystore = generateKeystore("store-password-1");
        Map<String, String> env = env(FreePorts.next());
        int tlsPort = FreePorts.next();
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE", keystore.toString());
        env.put("EDGEFLEET_MQTT_TLS_PORT", String.valueOf(tlsPort));
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "store-password-1");
        try (EdgefleetBroker broker = EdgefleetBroker.start(BrokerConfig.fromEnv(env))) {
            assertThat(broker.tlsPort()).hasValue(tlsPort);
            // the generated HiveMQ config held the keystore password: it must not stay on disk
            assertThat(dir.resolve("broker/conf/config.xml")).doesNotExist();

            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStore.getInstance(keystore.toFile(), "store-password-1".toCharArray()));
            Mqtt3BlockingClient client = Mqtt3Client.builder().identifier("tls-probe")
                    .serverHost("127.0.0.1").serverPort(tlsPort)
                    .sslConfig().trustManagerFactory(trust).applySslConfig()
                    .buildBlocking();
            client.connectWith().simpleAuth().username("svc:registry").password(bytes(SECRET)).applySimpleAuth().send();
            assertThat(client.getState().isConnected()).isTrue();
            client.disconnect();
        }
    }

    @Test
    void keystoreWithAWrongPasswordFailsBeforeTheBrokerStarts() throws Exception {
        Path keystore = generateKeystore("store-password-1");
        Map<String, String> env = env(FreePorts.next());
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE", keystore.toString());
        env.put("EDGEFLEET_MQTT_TLS_PORT", String.valueOf(FreePorts.next()));
        env.put("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "not-the-password");
        assertThatThrownBy(() -> EdgefleetBroker.start(BrokerConfig.fromEnv(env)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD")
                .hasMessageNotContaining("not-the-password");
    }

    private Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_MQTT_BIND", "127.0.0.1");
        env.put("EDGEFLEET_MQTT_PORT", String.valueOf(port));
        env.put("EDGEFLEET_BROKER_DATA_DIR", dir.resolve("broker").toString());
        // only service accounts connect here: the registry is never asked
        env.put("EDGEFLEET_REGISTRY_URL", "http://127.0.0.1:" + FreePorts.next());
        env.put("EDGEFLEET_INTERNAL_TOKEN", "internal-token-for-tests");
        env.put("EDGEFLEET_SERVICE_ACCOUNTS", "registry:" + SECRET);
        return env;
    }

    private static Mqtt3BlockingClient service(int port) {
        return new MqttClients(port).connectedService("registry", SECRET);
    }

    private Path generateKeystore(String password) throws IOException, InterruptedException {
        Path keystore = dir.resolve("broker-" + System.nanoTime() + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "broker",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(Files.size(keystore)).isPositive();
        return keystore;
    }
}
