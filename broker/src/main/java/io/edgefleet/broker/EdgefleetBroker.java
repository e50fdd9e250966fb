package io.edgefleet.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.edgefleet.broker.auth.AuthCache;
import io.edgefleet.broker.auth.RegistryAuthClient;
import io.edgefleet.broker.extension.EdgefleetExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The edgefleet MQTT broker: HiveMQ CE embedded with the edgefleet extension (authentication, topic ACL,
 * disconnect on credential change) and file persistence under {@link BrokerConfig#dataDir()}.
 *
 * <p>Start one with {@link #start(BrokerConfig)}; {@link #close()} stops it for good. A stopped broker cannot be
 * started again (HiveMQ does not support it): start a new instance on the same data directory instead, which
 * finds the sessions, queued and retained messages of the previous one. Only one broker may run per JVM: HiveMQ's
 * extension services are global to the JVM.
 */
public final class EdgefleetBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgefleetBroker.class);
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final EmbeddedHiveMQ hivemq;
    private final BrokerConfig config;
    private final Duration startupTime;
    private boolean closed;

    private EdgefleetBroker(EmbeddedHiveMQ hivemq, BrokerConfig config, Duration startupTime) {
        this.hivemq = hivemq;
        this.config = config;
        this.startupTime = startupTime;
    }

    /**
     * Starts a broker and returns once it accepts connections.
     *
     * @param config the configuration
     * @return the running broker
     * @throws IllegalStateException    when the broker cannot start (port in use, data directory not writable, ...)
     * @throws IllegalArgumentException when the TLS keystore cannot be used
     */
    public static EdgefleetBroker start(BrokerConfig config) {
        Objects.requireNonNull(config, "config");
        long begin = System.nanoTime();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Path confFolder = folder(dataDir.resolve("conf"));
        Path dataFolder = folder(dataDir.resolve("data"));
        Path extensionsFolder = folder(dataDir.resolve("extensions"));
        requirePortFree(config.bindAddress(), config.mqttPort(), BrokerConfig.MQTT_PORT);
        config.tls().ifPresent(tls -> {
            requirePortFree(config.bindAddress(), tls.port(), BrokerConfig.MQTT_TLS_PORT);
            KeystoreCheck.verify(tls);
        });
        config.serviceAccounts().namesWithShortSecrets().forEach(name -> LOG.warn(
                "Service account '{}' has a secret shorter than 16 characters: use a long random secret", name));

        Path configFile = writeConfig(confFolder, config);
        EdgefleetExtension extension = new EdgefleetExtension(config.serviceAccounts(),
                new RegistryAuthClient(config.registryUrl(), config.internalToken(), config.authTimeout()),
                new AuthCache(config.authCacheTtl(), AuthCache.DEFAULT_MAX_ENTRIES, System::nanoTime),
                config.authTimeout(), config.serviceSessionExpiry());
        EmbeddedHiveMQ hivemq = null;
        try {
            hivemq = embeddedHiveMq(confFolder, dataFolder, extensionsFolder, extension);
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // without the extension HiveMQ would let every client in: refuse to run
            if (!extension.started().isDone()) {
                throw new IllegalStateException("the edgefleet extension did not start");
            }
            extension.started().join();
        } catch (Exception e) {
            if (hivemq != null) {
                closeQuietly(hivemq);
            }
            throw new IllegalStateException("MQTT broker failed to start: " + reason(e), e);
        } finally {
            deleteQuietly(configFile);
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("MQTT broker started in {} ms: mqtt://{}:{}{}, data in {}", startupTime.toMillis(),
                config.bindAddress(), config.mqttPort(),
                config.tls().map(tls -> ", mqtts://" + config.bindAddress() + ":" + tls.port()).orElse(""), dataDir);
        return new EdgefleetBroker(hivemq, config, startupTime);
    }

    private static EmbeddedHiveMQ embeddedHiveMq(Path confFolder, Path dataFolder, Path extensionsFolder,
                                                 EdgefleetExtension extension) {
        return EmbeddedHiveMQ.builder()
                .withConfigurationFolder(confFolder)
                .withDataFolder(dataFolder)
                .withExtensionsFolder(extensionsFolder)
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId(EdgefleetExtension.ID)
                        .withName("edgefleet")
                        .withVersion(version())
                        .withAuthor("edgefleet")
                        .withPriority(1000)
                        .withStartPriority(1000)
                        .withExtensionMain(extension)
                        .build())
                .withoutLoggingBootstrap()
                .build();
    }

    /** @return the plain MQTT port */
    public int mqttPort() {
        return config.mqttPort();
    }

    /** @return the MQTT-over-TLS port, when a keystore is configured */
    public OptionalInt tlsPort() {
        return config.tls().map(tls -> OptionalInt.of(tls.port())).orElse(OptionalInt.empty());
    }

    /** @return the configuration the broker runs with */
    public BrokerConfig config() {
        return config;
    }

    /** @return how long {@link #start(BrokerConfig)} took */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the broker: clients are disconnected and the persistence is closed. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            hivemq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hivemq.close();
            LOG.info("MQTT broker on port {} stopped", config.mqttPort());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the MQTT broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("MQTT broker did not stop cleanly: " + reason(e), e);
        }
    }

    private static Path folder(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create folder " + path + " below " + BrokerConfig.BROKER_DATA_DIR
                    + ": " + e, e);
        }
    }

    private static Path writeConfig(Path confFolder, BrokerConfig config) {
        try {
            return HiveMqConfigFile.write(confFolder, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HiveMQ configuration to " + confFolder, e);
        }
    }

    /**
     * Checked up front: HiveMQ fails only when no listener at all can bind, and then with an exception that carries
     * no message; a TLS listener that cannot bind would only be logged.
     */
    private static void requirePortFree(String bindAddress, int port, String variable) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(bindAddress, port));
        } catch (IOException e) {
            throw new IllegalStateException("MQTT broker cannot listen on " + bindAddress + ":" + port + " ("
                    + variable + "): " + e.getMessage(), e);
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause.getMessage() == null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (Exception e) {
            LOG.warn("Could not stop the MQTT broker after its failed start", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}, which may hold the keystore passwords: {}", file, e.toString());
        }
    }

    private static String version() {
        String version = EdgefleetBroker.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
