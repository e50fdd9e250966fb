package io.edgefleet.agent.control;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;

/** Loads the truststore that decides which broker certificates the agent accepts. */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * Loads a PKCS12 or JKS truststore (the type is detected from the file).
     *
     * @throws IOException when the file cannot be read, the password is wrong or the file is no keystore
     */
    public static TrustManagerFactory load(Path file, String password) throws IOException {
        try {
            char[] secret = password.isEmpty() ? null : password.toCharArray();
            KeyStore store = KeyStore.getInstance(file.toFile(), secret);
            if (store.size() == 0) {
                throw new GeneralSecurityException("it holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot load the truststore " + file + ": " + e.getMessage(), e);
        }
    }
}
