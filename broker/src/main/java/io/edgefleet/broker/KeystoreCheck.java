package io.edgefleet.broker;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * Opens the TLS keystore before HiveMQ does: HiveMQ fails its start with an exception that carries no message and
 * leaves the reason in its log, while the operator needs an error that names the setting to fix.
 */
final class KeystoreCheck {

    private KeystoreCheck() {
    }

    static void verify(TlsListener tls) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(tls.keystore().toFile(), tls.keystorePassword().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(BrokerConfig.MQTT_TLS_KEYSTORE + " '" + tls.keystore()
                    + "' cannot be opened with " + BrokerConfig.MQTT_TLS_KEYSTORE_PASSWORD + ": " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, tls.keyPassword().toCharArray()) != null) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key in " + BrokerConfig.MQTT_TLS_KEYSTORE + " '"
                    + tls.keystore() + "' cannot be read with " + BrokerConfig.MQTT_TLS_KEY_PASSWORD
                    + " (defaults to the keystore password): " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(BrokerConfig.MQTT_TLS_KEYSTORE + " '" + tls.keystore()
                + "' holds no private key");
    }
}
