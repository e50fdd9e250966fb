package io.edgefleet.agent;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HiveMQ CE broker on a free loopback port, with file persistence in a folder of its own and a small
 * authenticator: a client connects only with the password registered for its username. HiveMQ CE refuses every
 * client when no extension authenticates, so even "no auth" needs this.
 */
final class TestBroker implements AutoCloseable {

    private final Path folder;
    private final int port;
    private final Credentials credentials;
    private EmbeddedHiveMQ hivemq;

    /** Passwords by username, changeable while the broker runs; counts refused connects. */
    static final class Credentials {
        private final Map<String, String> passwords = new ConcurrentHashMap<>();
        private final AtomicInteger refusals = new AtomicInteger();
        private final List<Connect> connects = new CopyOnWriteArrayList<>();

        /** A CONNECT the broker saw, accepted or not. */
        record Connect(String username, int keepAliveSeconds, long nanos, boolean accepted) {
        }

        /** Every CONNECT of {@code username} so far, oldest first. */
        List<Connect> connects(String username) {
            return connects.stream().filter(c -> c.username().equals(username)).toList();
        }

        void allow(String username, String password) {
            passwords.put(username, password);
        }

        int refusals() {
            return refusals.get();
        }

        boolean accepts(String username, String password) {
            boolean ok = password.equals(passwords.get(username));
            if (!ok) {
                refusals.incrementAndGet();
            }
            return ok;
        }
    }

    private TestBroker(Path folder, int port, Credentials credentials) {
        this.folder = folder;
        this.port = port;
        this.credentials = credentials;
    }

    static TestBroker start(Path folder, Credentials credentials) throws Exception {
        TestBroker broker = new TestBroker(folder, freePort(), credentials);
        broker.startHiveMq();
        return broker;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Stops the broker; its sessions and retained messages stay in its data folder. */
    void stop() throws Exception {
        hivemq.stop().get(30, TimeUnit.SECONDS);
        hivemq.close();
    }

    /** Starts a new broker instance on the same port and data folder (HiveMQ cannot restart an instance). */
    void startAgain() throws Exception {
        startHiveMq();
    }

    private void startHiveMq() throws Exception {
        Path config = Files.createDirectories(folder.resolve("conf"));
        Files.writeString(config.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(config)
                .withDataFolder(Files.createDirectories(folder.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions")))
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("test-credentials")
                        .withName("test credentials")
                        .withVersion("1")
                        .withPriority(0)
                        .withStartPriority(1000)
                        .withExtensionMain(new CredentialsExtension(credentials))
                        .build())
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws ExecutionException {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record CredentialsExtension(Credentials credentials) implements ExtensionMain {

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> (SimpleAuthenticator) (in, out) -> {
                String username = in.getConnectPacket().getUserName().orElse("");
                String password = in.getConnectPacket().getPassword()
                        .map(buffer -> StandardCharsets.UTF_8.decode(buffer.duplicate()).toString()).orElse("");
                boolean accepted = credentials.accepts(username, password);
                credentials.connects.add(new Credentials.Connect(username, in.getConnectPacket().getKeepAlive(),
                        System.nanoTime(), accepted));
                if (accepted) {
                    out.authenticateSuccessfully();
                } else {
                    out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown credentials");
                }
            });
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
