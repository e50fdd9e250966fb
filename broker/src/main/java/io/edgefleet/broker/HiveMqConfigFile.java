package io.edgefleet.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Writes the HiveMQ {@code config.xml} for a {@link BrokerConfig}: a TCP listener, the optional TLS listener, file
 * persistence and no usage statistics. The file can hold keystore passwords, so it is readable by the owner only
 * and {@link EdgefleetBroker} deletes it once HiveMQ has read it.
 */
final class HiveMqConfigFile {

    static final String FILE_NAME = "config.xml";
    /**
     * Largest MQTT packet the broker accepts (16 MiB; HiveMQ's default is 256 MiB). The services' clients accept a
     * little more (the kit's {@code MqttConnection}), so nothing the broker forwards can be too large for them: a
     * packet a client cannot decode would break its session and come back forever.
     */
    static final int MAX_PACKET_BYTES = 16 * 1024 * 1024;

    private HiveMqConfigFile() {
    }

    static Path write(Path confFolder, BrokerConfig config) throws IOException {
        Path file = confFolder.resolve(FILE_NAME);
        Files.deleteIfExists(file);
        createOwnerOnly(file);
        Files.writeString(file, render(config));
        return file;
    }

    static String render(BrokerConfig config) {
        StringBuilder xml = new StringBuilder(1024)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<hivemq>\n")
                .append("  <listeners>\n")
                .append("    <tcp-listener>\n")
                .append("      <port>").append(config.mqttPort()).append("</port>\n")
                .append("      <bind-address>").append(text(config.bindAddress())).append("</bind-address>\n")
                .append("      <name>mqtt</name>\n")
                .append("    </tcp-listener>\n");
        Optional<TlsListener> tls = config.tls();
        if (tls.isPresent()) {
            TlsListener listener = tls.get();
            xml.append("    <tls-tcp-listener>\n")
                    .append("      <port>").append(listener.port()).append("</port>\n")
                    .append("      <bind-address>").append(text(config.bindAddress())).append("</bind-address>\n")
                    .append("      <name>mqtt-tls</name>\n")
                    .append("      <tls>\n")
                    .append("        <keystore>\n")
                    .append("          <path>").append(text(listener.keystore().toAbsolutePath().toString())).append("</path>\n")
                    .append("          <password>").append(text(listener.keystorePassword())).append("</password>\n")
                    .append("          <private-key-password>").append(text(listener.keyPassword()))
                    .append("</private-key-password>\n")
                    .append("        </keystore>\n")
                    .append("        <client-authentication-mode>NONE</client-authentication-mode>\n")
                    .append("      </tls>\n")
                    .append("    </tls-tcp-listener>\n");
        }
        return xml.append("  </listeners>\n")
                .append("  <mqtt>\n")
                .append("    <queued-messages>\n")
                .append("      <max-queue-size>").append(config.maxQueuedMessages()).append("</max-queue-size>\n")
                .append("      <strategy>discard</strategy>\n")
                .append("    </queued-messages>\n")
                .append("    <packets>\n")
                .append("      <max-packet-size>").append(MAX_PACKET_BYTES).append("</max-packet-size>\n")
                .append("    </packets>\n")
                .append("  </mqtt>\n")
                .append("  <persistence>\n")
                .append("    <mode>file</mode>\n")
                .append("  </persistence>\n")
                .append("  <anonymous-usage-statistics>\n")
                .append("    <enabled>false</enabled>\n")
                .append("  </anonymous-usage-statistics>\n")
                .append("</hivemq>\n")
                .toString();
    }

    /** XML text content; HiveMQ would expand {@code ${...}} as an environment variable, so it is refused. */
    private static String text(String value) {
        if (value.contains("${")) {
            throw new IllegalArgumentException("broker settings must not contain '${', HiveMQ would expand it");
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect the file
            Files.createFile(file);
        }
    }
}
