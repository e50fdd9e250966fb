package io.edgefleet.kit.testing;

import io.edgefleet.broker.BrokerConfig;
import io.edgefleet.broker.EdgefleetBroker;
import io.edgefleet.kit.config.MqttConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real edgefleet broker (HiveMQ CE + edgefleet extension) on a free port with a temporary data
 * directory and one service account per named service. Only one broker may run per JVM at a time.
 *
 * <p>Agents are authenticated through the registry URL; pass the registry's URL and internal token to
 * {@link #start(URI, String, String...)} when a test needs agents.
 */
public final class TestBroker implements AutoCloseable {

    /** Registry URL used when a test has no registry: agent connects are then refused (fail closed). */
    public static final URI NO_REGISTRY = URI.create("http://127.0.0.1:9/");

    private final EdgefleetBroker broker;
    private final Map<String, String> secrets;
    private final URI registryUrl;
    private final String internalToken;
    private final Path dataDir;

    private TestBroker(EdgefleetBroker broker, Map<String, String> secrets, URI registryUrl, String internalToken,
                       Path dataDir) {
        this.broker = broker;
        this.secrets = secrets;
        this.registryUrl = registryUrl;
        this.internalToken = internalToken;
        this.dataDir = dataDir;
    }

    /** A broker with service accounts for the given services and no registry. */
    public static TestBroker start(String... services) {
        return start(NO_REGISTRY, "test-internal-token-" + UUID.randomUUID(), services);
    }

    /** A broker that asks the registry at {@code registryUrl} about agents. */
    public static TestBroker start(URI registryUrl, String internalToken, String... services) {
        if (services.length == 0) {
            throw new IllegalArgumentException("name at least one service account");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        Arrays.stream(services).forEach(s -> secrets.put(s, "secret-" + UUID.randomUUID()));
        return launch(FreePorts.next(), secrets, registryUrl, internalToken, tempDir());
    }

    private static TestBroker launch(int port, Map<String, String> secrets, URI registryUrl, String token, Path dataDir) {
        Map<String, String> env = Map.of(
                BrokerConfig.MQTT_BIND, "127.0.0.1",
                BrokerConfig.MQTT_PORT, String.valueOf(port),
                BrokerConfig.BROKER_DATA_DIR, dataDir.toString(),
                BrokerConfig.REGISTRY_URL, registryUrl.toString(),
                BrokerConfig.INTERNAL_TOKEN, token,
                BrokerConfig.SERVICE_ACCOUNTS, secrets.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(",")));
        EdgefleetBroker broker = EdgefleetBroker.start(BrokerConfig.fromEnv(env));
        return new TestBroker(broker, Map.copyOf(secrets), registryUrl, token, dataDir);
    }

    /**
     * Stops this broker (if running) and starts a new one on the same port with the same accounts.
     *
     * @param keepData true: same data directory (sessions, queued and retained messages survive);
     *                 false: a fresh one (clients must subscribe again)
     */
    public TestBroker restart(boolean keepData) {
        stop();
        return launch(port(), secrets, registryUrl, internalToken, keepData ? dataDir : tempDir());
    }

    public int port() {
        return broker.mqttPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The service account's secret. */
    public String secret(String service) {
        String secret = secrets.get(service);
        if (secret == null) {
            throw new IllegalArgumentException("no service account '" + service + "'; accounts: " + secrets.keySet());
        }
        return secret;
    }

    public String internalToken() {
        return internalToken;
    }

    /** Connection settings for the service account, with a unique client id. */
    public MqttConfig mqttConfig(String service) {
        return new MqttConfig(host(), port(), "svc:" + service, secret(service),
                service + "-" + UUID.randomUUID().toString().substring(0, 8), 100);
    }

    /** Stops the broker; the data directory stays until JVM exit (a restart may reuse it). */
    public void stop() {
        broker.close();
    }

    @Override
    public void close() {
        stop();
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("edgefleet-test-broker");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "test-broker-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a broker data directory", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
