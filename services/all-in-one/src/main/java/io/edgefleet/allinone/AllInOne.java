package io.edgefleet.allinone;

import io.edgefleet.broker.BrokerConfig;
import io.edgefleet.broker.EdgefleetBroker;
import io.edgefleet.deployment.DeploymentConfig;
import io.edgefleet.deployment.DeploymentService;
import io.edgefleet.telemetry.TelemetryConfig;
import io.edgefleet.telemetry.TelemetryService;
import io.edgefleet.gateway.GatewayConfig;
import io.edgefleet.gateway.GatewayService;
import io.edgefleet.kit.http.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.edgefleet.registry.RegistryConfig;
import io.edgefleet.registry.RegistryService;
import io.edgefleet.tenancy.TenancyConfig;
import io.edgefleet.tenancy.TenancyService;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process with the whole platform: embedded PostgreSQL, the broker and every service. The
 * services are wired exactly as in production — through the broker and their own HTTP ports — only
 * their settings are derived here instead of coming from separate environments.
 */
public final class AllInOne implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AllInOne.class);
    /** The process's exit status when its PostgreSQL died and could not be started again. */
    public static final int EXIT_DATABASE_LOST = 70;
    private static final List<String> SERVICE_ACCOUNTS = List.of("registry", "tenancy", "deployment", "telemetry", "gateway");

    private final AllInOneConfig config;
    private final String adminPassword;
    private SupervisedPostgres postgres;
    private EdgefleetBroker broker;
    private Vertx vertx;
    private RegistryService registry;
    private TenancyService tenancy;
    private DeploymentService deployment;
    private TelemetryService telemetry;
    private GatewayService gateway;

    private AllInOne(AllInOneConfig config, String adminPassword) {
        this.config = config;
        this.adminPassword = adminPassword;
    }

    /** Starts everything, in dependency order; on failure stops what already started and rethrows. */
    public static AllInOne start(AllInOneConfig config) throws IOException {
        Files.createDirectories(config.home());
        String adminPassword = config.adminPassword().isEmpty()
                ? HomeSecrets.adminPassword(config.home()) : config.adminPassword();
        AllInOne platform = new AllInOne(config, adminPassword);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException | IOException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        // secrets between the parts of this one process live only as long as the process
        String internalToken = HomeSecrets.randomToken();
        Map<String, String> mqttSecrets = new LinkedHashMap<>();
        SERVICE_ACCOUNTS.forEach(service -> mqttSecrets.put(service, HomeSecrets.randomToken()));

        postgres = SupervisedPostgres.start(config.home().resolve("postgres"), config.postgresPort(), () -> {
            // the server cannot come back in this process: end it, the machine's supervisor starts the platform again
            LOG.error("edgefleet stops: its PostgreSQL is gone");
            System.exit(EXIT_DATABASE_LOST);
        });
        LOG.info("PostgreSQL ready on port {} (data in {})", postgres.port(), config.home().resolve("postgres"));

        Map<String, String> shared = new HashMap<>(config.tuning());
        shared.put("EDGEFLEET_INTERNAL_TOKEN", internalToken);
        shared.put("EDGEFLEET_REGISTRY_URL", "http://127.0.0.1:" + config.registryPort());
        shared.put("EDGEFLEET_TENANCY_URL", "http://127.0.0.1:" + config.tenancyPort());
        shared.put("EDGEFLEET_DEPLOYMENT_URL", "http://127.0.0.1:" + config.deploymentPort());
        shared.put("EDGEFLEET_TELEMETRY_URL", "http://127.0.0.1:" + config.telemetryPort());
        shared.put("EDGEFLEET_DB_HOST", "127.0.0.1");
        shared.put("EDGEFLEET_DB_PORT", Integer.toString(postgres.port()));
        shared.put("EDGEFLEET_DB_NAME", "postgres");
        shared.put("EDGEFLEET_DB_USER", "postgres");
        shared.put("EDGEFLEET_MQTT_HOST", "127.0.0.1");
        shared.put("EDGEFLEET_MQTT_PORT", Integer.toString(config.mqttPort()));

        Map<String, String> brokerEnv = new HashMap<>(shared);
        brokerEnv.put("EDGEFLEET_MQTT_PORT", Integer.toString(config.mqttPort()));
        brokerEnv.put("EDGEFLEET_BROKER_DATA_DIR", config.home().resolve("broker").toString());
        String accounts = mqttSecrets.entrySet().stream().map(account -> account.getKey() + ":" + account.getValue())
                .collect(Collectors.joining(","));
        brokerEnv.put("EDGEFLEET_SERVICE_ACCOUNTS",
                config.operatorAccounts().isEmpty() ? accounts : accounts + "," + config.operatorAccounts());
        broker = EdgefleetBroker.start(BrokerConfig.fromEnv(brokerEnv));

        // one process, one Vert.x, one metrics registry: every service's /metrics shows the whole process
        PrometheusMeterRegistry meters = Metrics.registry();
        vertx = Metrics.vertx(meters);
        // the registry subscribes to tenant states before tenancy publishes them
        Map<String, String> registryEnv = serviceEnv(shared, "registry", config.registryPort(), mqttSecrets);
        registryEnv.put("EDGEFLEET_PUBLIC_BROKER_URL", config.publicBrokerUrl());
        registryEnv.put("EDGEFLEET_PUBLIC_GATEWAY_URL", config.publicGatewayUrl());
        registry = RegistryService.deploy(vertx, RegistryConfig.fromEnv(registryEnv), meters).await();

        Map<String, String> tenancyEnv = serviceEnv(shared, "tenancy", config.tenancyPort(), mqttSecrets);
        tenancyEnv.put("EDGEFLEET_JWT_PRIVATE_KEY_PEM", HomeSecrets.jwtSigningKey(config.home()));
        tenancyEnv.put("EDGEFLEET_SECRET_KEY", HomeSecrets.platformKey(config.home()));
        tenancyEnv.put("EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL", config.adminEmail());
        tenancyEnv.put("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        tenancy = TenancyService.deploy(vertx, TenancyConfig.fromEnv(tenancyEnv), meters).await();

        Map<String, String> deploymentEnv = serviceEnv(shared, "deployment", config.deploymentPort(), mqttSecrets);
        deploymentEnv.put("EDGEFLEET_SECRET_KEY", HomeSecrets.platformKey(config.home()));
        deployment = DeploymentService.deploy(vertx, DeploymentConfig.fromEnv(deploymentEnv), meters).await();

        Map<String, String> telemetryEnv = serviceEnv(shared, "telemetry", config.telemetryPort(), mqttSecrets);
        telemetry = TelemetryService.deploy(vertx, TelemetryConfig.fromEnv(telemetryEnv), meters).await();

        Map<String, String> gatewayEnv = serviceEnv(shared, "gateway", config.gatewayPort(), mqttSecrets);
        gatewayEnv.remove("EDGEFLEET_HTTP_HOST"); // the gateway is the one part that faces the network
        gatewayEnv.put(GatewayConfig.RATE_LIMIT_PER_MINUTE, Integer.toString(config.requestsPerMinute()));
        gatewayEnv.put(GatewayConfig.OPEN_RATE_LIMIT_PER_MINUTE, Integer.toString(config.openRequestsPerMinute()));
        Optional<Path> agentJar = config.agentJar().isPresent() ? config.agentJar() : BundledAgent.extract(config.home());
        agentJar.ifPresent(jar -> gatewayEnv.put(GatewayConfig.AGENT_JAR, jar.toString()));
        gateway = GatewayService.deploy(vertx, GatewayConfig.fromEnv(gatewayEnv), meters).await();
    }

    private static Map<String, String> serviceEnv(Map<String, String> shared, String service, int port,
                                                  Map<String, String> mqttSecrets) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("EDGEFLEET_HTTP_HOST", "127.0.0.1");
        env.put("EDGEFLEET_HTTP_PORT", Integer.toString(port));
        env.put("EDGEFLEET_MQTT_PASSWORD", mqttSecrets.get(service));
        return env;
    }

    public int gatewayPort() {
        return gateway.port();
    }

    /** Stops in reverse order; safe to call on a partly started platform. */
    @Override
    public void close() {
        closeQuietly("gateway", () -> { if (gateway != null) gateway.close().await(); });
        closeQuietly("telemetry", () -> { if (telemetry != null) telemetry.close().await(); });
        closeQuietly("deployment", () -> { if (deployment != null) deployment.close().await(); });
        closeQuietly("tenancy", () -> { if (tenancy != null) tenancy.close().await(); });
        closeQuietly("registry", () -> { if (registry != null) registry.close().await(); });
        closeQuietly("vert.x", () -> { if (vertx != null) vertx.close().await(); });
        closeQuietly("broker", () -> { if (broker != null) broker.close(); });
        closeQuietly("PostgreSQL", () -> { if (postgres != null) postgres.close(); });
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void closeQuietly(String part, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("Stopping the {} failed: {}", part, e.toString());
        }
    }
}
