package io.edgefleet.deployment.http;

import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.config.ConfigSetRoutes;
import io.edgefleet.deployment.config.ConfigSetStore;
import io.edgefleet.deployment.registry.RegistryRoutes;
import io.edgefleet.deployment.registry.RegistryStore;
import io.edgefleet.deployment.template.TemplateRoutes;
import io.edgefleet.deployment.template.TemplateStore;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Problems;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment service's internal HTTP port: the app, template, config set and registry APIs under
 * {@code /api/v1/tenants/{tenant}/...} (internal token and the caller's tenants required), {@code /health/*} and
 * {@code /metrics}.
 */
public final class DeploymentApiVerticle extends VerticleBase {

    /** Largest request body accepted: an app spec with many env entries stays far below it. */
    public static final long BODY_LIMIT_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentApiVerticle.class);

    private final HttpConfig http;
    private final String internalToken;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final AppStore apps;
    private final ConfigSetStore configSets;
    private final RegistryStore registries;
    private final JsonSchemas schemas;
    private final PrometheusMeterRegistry meters;
    private HttpServer server;

    public DeploymentApiVerticle(HttpConfig http, String internalToken, Pool pool, MqttEventClient mqtt, AppStore apps,
                                 ConfigSetStore configSets, RegistryStore registries, JsonSchemas schemas,
                                 PrometheusMeterRegistry meters) {
        this.http = Objects.requireNonNull(http, "http");
        this.internalToken = Objects.requireNonNull(internalToken, "internalToken");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.configSets = Objects.requireNonNull(configSets, "configSets");
        this.registries = Objects.requireNonNull(registries, "registries");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public Future<?> start() {
        Router router = Problems.install(Router.router(vertx));
        Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
        checks.put("postgres", Health.database(pool));
        checks.put("broker", Health.mqtt(mqtt));
        Health.mount(router, checks);
        Metrics.mount(router, meters);

        router.route("/api/*").handler(InternalAuth.requireInternalToken(internalToken));
        // config sets carry files of up to 1 MiB each; the first body handler a request meets is the one that reads it
        router.route(ConfigSetRoutes.BASE + "*").handler(BodyHandler.create(false)
                .setBodyLimit(ConfigSetRoutes.BODY_LIMIT_BYTES));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.route("/api/v1/tenants/:tenant/*").handler(CallerTenants.requireTenantInPath());
        new AppRoutes(apps, schemas).mount(router);
        new TemplateRoutes(new TemplateStore(pool), apps, schemas).mount(router);
        new ConfigSetRoutes(configSets, schemas).mount(router);
        new RegistryRoutes(registries, schemas).mount(router);

        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(http.port(), http.host())
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("deployment HTTP listening on {}:{}", http.host(), listening.actualPort());
                });
    }

    /** The port the server listens on (the OS's choice when configured with 0). */
    public int actualPort() {
        if (server == null) {
            throw new IllegalStateException("HTTP server not started");
        }
        return server.actualPort();
    }
}
