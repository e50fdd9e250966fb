package io.edgefleet.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The optional MQTT-over-TLS listener: a keystore holding the broker's private key and certificate chain.
 *
 * @param port             the TLS listener's port
 * @param keystore         a JKS or PKCS12 keystore file
 * @param keystorePassword the keystore's password
 * @param keyPassword      the private key's password (often the keystore password)
 */
public record TlsListener(int port, Path keystore, String keystorePassword, String keyPassword) {

    public TlsListener {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    @Override
    public String toString() {
        return "TlsListener[port=" + port + ", keystore=" + keystore + ", passwords=***]";
    }
}
