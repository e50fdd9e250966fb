package io.edgefleet.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the broker from the environment ({@link BrokerConfig}): {@code java -jar edgefleet-broker.jar}. Stops
 * cleanly on SIGTERM/SIGINT; exits with status 2 on a configuration error and 1 when the broker cannot start.
 */
public final class BrokerMain {

    /** The logging configuration of the runnable jar; HiveMQ's jar carries a logback.xml of its own. */
    static final String LOGBACK_RESOURCE = "edgefleet-broker-logback.xml";

    static {
        // must run before the first logger exists; an operator's own -Dlogback.configurationFile wins
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_RESOURCE);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) {
        BrokerConfig config;
        try {
            config = BrokerConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid broker configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting edgefleet broker with {}", config);
        EdgefleetBroker broker;
        try {
            broker = EdgefleetBroker.start(config);
        } catch (RuntimeException e) {
            LOG.error("edgefleet broker could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping edgefleet broker");
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "edgefleet-broker-shutdown"));
        LOG.info("edgefleet broker ready: mqtt://{}:{}{}", config.bindAddress(), broker.mqttPort(),
                broker.tlsPort().isPresent() ? ", mqtts://" + config.bindAddress() + ":" + broker.tlsPort().getAsInt() : "");
        awaitQuietly(stopped);
    }

    /** Keeps the main thread until the shutdown hook has stopped the broker, whatever HiveMQ's threads are. */
    private static void awaitQuietly(CountDownLatch stopped) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
