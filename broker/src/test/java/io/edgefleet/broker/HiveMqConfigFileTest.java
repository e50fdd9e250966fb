package io.edgefleet.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HiveMqConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void plainListenerWithFilePersistenceAndNoUsageStatistics() {
        String xml = HiveMqConfigFile.render(config(Map.of("EDGEFLEET_MQTT_BIND", "127.0.0.1", "EDGEFLEET_MQTT_PORT", "11883")));
        assertThat(xml).contains("<tcp-listener>", "<port>11883</port>", "<bind-address>127.0.0.1</bind-address>",
                        "<persistence>", "<mode>file</mode>", "<anonymous-usage-statistics>", "<enabled>false</enabled>")
                .doesNotContain("tls-tcp-listener");
    }

    @Test
    void queuedMessagesPerClientAreBoundedAsConfigured() {
        assertThat(HiveMqConfigFile.render(config(Map.of()))).contains("<max-queue-size>1000</max-queue-size>",
                "<strategy>discard</strategy>");
        assertThat(HiveMqConfigFile.render(config(Map.of("EDGEFLEET_BROKER_MAX_QUEUED_MESSAGES", "50"))))
                .contains("<max-queue-size>50</max-queue-size>");
    }

    @Test
    void tlsListenerCarriesTheKeystoreWithEscapedPasswords() throws IOException {
        Path keystore = Files.writeString(dir.resolve("ks.p12"), "x");
        String xml = HiveMqConfigFile.render(config(Map.of("EDGEFLEET_MQTT_TLS_KEYSTORE", keystore.toString(),
                "EDGEFLEET_MQTT_TLS_PORT", "18883", "EDGEFLEET_MQTT_TLS_KEYSTORE_PASSWORD", "a<b&c\"d'e>")));
        assertThat(xml).contains("<tls-tcp-listener>", "<port>18883</port>", "<path>" + keystore.toAbsolutePath() + "</path>",
                "<password>a&lt;b&amp;c&quot;d&apos;e&gt;</password>",
                "<private-key-password>a&lt;b&amp;c&quot;d&apos;e&gt;</private-key-password>");
    }

    @Test
    void valueHiveMqWouldExpandIsRefused() {
        assertThatThrownBy(() -> HiveMqConfigFile.render(config(Map.of("EDGEFLEET_MQTT_BIND", "${HOSTNAME}"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws IOException {
        Path file = HiveMqConfigFile.write(dir, config(Map.of()));
        assertThat(Files.readString(file)).contains("<hivemq>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private BrokerConfig config(Map<String, String> extra) {
        Map<String, String> env = BrokerConfigTest.required();
        env.putAll(extra);
        return BrokerConfig.fromEnv(env);
    }
}
