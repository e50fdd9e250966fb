package io.edgefleet.agent.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Writes a real PKCS12 store with one self-signed certificate, made by the JDK's keytool. */
final class TestTrustStore {

    private TestTrustStore() {
    }

    static void write(Path file, String password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "broker", "-keyalg", "EC",
                "-dname", "CN=broker.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
