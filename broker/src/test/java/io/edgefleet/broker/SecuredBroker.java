package io.edgefleet.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real broker with its extension in front of a fake registry that knows a few endpoints. */
record SecuredBroker(FakeRegistry registry, EdgefleetBroker broker, MqttClients mqtt) implements AutoCloseable {

    static final String TOKEN = "internal-token-for-tests";
    static final String SERVICE = "registry";
    static final String SERVICE_SECRET = "registry-secret-0123456789";
    static final String A = "ep-aaaaaaaaaaaa";
    static final String B = "ep-bbbbbbbbbbbb";
    static final String C = "ep-cccccccccccc";
    static final String D = "ep-dddddddddddd";
    static final String OTHER_TENANT = "ep-eeeeeeeeeeee";
    /** Endpoints and integration keys of tenant {@value #BETA}, for the tests that disable and delete it. */
    static final String BETA = "beta";
    static final String BETA_1 = "ep-ffffffffffff";
    static final String BETA_2 = "ep-gggggggggggg";
    static final String BETA_KEY = "ik-bbbbbbbbbbbb";
    /** An integration key of tenant {@code acme}, whose agent is {@link #OTHER_TENANT}. */
    static final String ACME_KEY = "ik-aaaaaaaaaaaa";
    static final int AUTH_TIMEOUT_MILLIS = 500;

    static SecuredBroker start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /** With {@code extraEnv} added to (or replacing) the broker's settings. */
    static SecuredBroker start(Path dataDir, Map<String, String> extraEnv) throws IOException {
        FakeRegistry registry = new FakeRegistry(TOKEN, Map.of(
                A, new FakeRegistry.Endpoint("default", "secret-of-a"),
                B, new FakeRegistry.Endpoint("default", "secret-of-b"),
                C, new FakeRegistry.Endpoint("default", "secret-of-c"),
                D, new FakeRegistry.Endpoint("default", "secret-of-d"),
                OTHER_TENANT, new FakeRegistry.Endpoint("acme", "secret-of-e"),
                BETA_1, new FakeRegistry.Endpoint(BETA, "secret-of-f"),
                BETA_2, new FakeRegistry.Endpoint(BETA, "secret-of-g")));
        registry.addKey(ACME_KEY, new FakeRegistry.Key("acme", "secret-of-acme-key", null));
        registry.addKey(BETA_KEY, new FakeRegistry.Key(BETA, "secret-of-beta-key", null));
        try {
            Map<String, String> env = new HashMap<>(Map.of(
                    "EDGEFLEET_MQTT_BIND", "127.0.0.1",
                    "EDGEFLEET_MQTT_PORT", String.valueOf(FreePorts.next()),
                    "EDGEFLEET_BROKER_DATA_DIR", dataDir.toString(),
                    "EDGEFLEET_REGISTRY_URL", registry.url(),
                    "EDGEFLEET_INTERNAL_TOKEN", TOKEN,
                    "EDGEFLEET_SERVICE_ACCOUNTS", SERVICE + ":" + SERVICE_SECRET + ",gateway:gateway-secret-0123456789",
                    "EDGEFLEET_AUTH_TIMEOUT_MILLIS", String.valueOf(AUTH_TIMEOUT_MILLIS)));
            env.putAll(extraEnv);
            EdgefleetBroker broker = EdgefleetBroker.start(BrokerConfig.fromEnv(env));
            return new SecuredBroker(registry, broker, new MqttClients(broker.mqttPort()));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            registry.close();
        }
    }
}
