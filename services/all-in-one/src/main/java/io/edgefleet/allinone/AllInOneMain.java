package io.edgefleet.allinone;

import io.edgefleet.kit.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar edgefleet-all-in-one.jar}: the whole platform in one JVM. */
public final class AllInOneMain {

    private static final Logger LOG = LoggerFactory.getLogger(AllInOneMain.class);

    private AllInOneMain() {}

    public static void main(String[] args) {
        AllInOneConfig config;
        try {
            config = AllInOneConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("edgefleet: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        AllInOne platform;
        try {
            platform = AllInOne.start(config);
        } catch (Exception e) {
            LOG.error("edgefleet failed to start", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "edgefleet-shutdown"));
        String password = config.adminPassword().isEmpty()
                ? "the password in " + config.home().resolve("admin-password")
                : "the password in " + AllInOneConfig.ADMIN_PASSWORD;
        System.out.printf("%n  edgefleet is running (started in %d ms)%n"
                        + "  REST API     http://localhost:%d/api/v1/   (POST /api/v1/auth/login as %s with %s)%n"
                        + "  MQTT broker  %s%n"
                        + "  agent        %s/agent/install.sh, %s/agent/edgefleet-agent.jar%n"
                        + "  data         %s%n%n",
                (System.nanoTime() - started) / 1_000_000, platform.gatewayPort(), config.adminEmail(), password,
                config.publicBrokerUrl(), config.publicGatewayUrl(), config.publicGatewayUrl(), config.home());
    }
}
