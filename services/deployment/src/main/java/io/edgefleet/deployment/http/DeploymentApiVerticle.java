package io.edgefleet.deployment.http;

import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.config.ConfigSetRoutes;
import io.edgefleet.deployment.partition.PartitionStates;
import io.edgefleet.deployment.template.TemplateRoutes;
import io.edgefleet.deployment.template.TemplateStore;
import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.http.CallerTenants;
import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Bodies;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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
    private final JsonSchemas schemas;
    private final PrometheusMeterRegistry meters;
    private final List<Consumer<Router>> moreRoutes;
    private HttpServer server;

    /** @param moreRoutes mount further tenant routes (after the tenant check), e.g. the commands API */
    public DeploymentApiVerticle(HttpConfig http, String internalToken, Pool pool, MqttEventClient mqtt, AppStore apps,
                                 JsonSchemas schemas, PrometheusMeterRegistry meters, List<Consumer<Router>> moreRoutes) {
        this.http = Objects.requireNonNull(http, "http");
        this.internalToken = Objects.requireNonNull(internalToken, "internalToken");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.moreRoutes = List.copyOf(moreRoutes);
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
        router.route(ConfigSetRoutes.BASE + "*").handler(Bodies.refusingForms(BodyHandler.create(false)
                .setBodyLimit(ConfigSetRoutes.BODY_LIMIT_BYTES)));
        router.route("/api/*").handler(Bodies.refusingForms(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)));
        router.route("/api/v1/tenants/:tenant/*").handler(CallerTenants.requireTenantInPath());
        new AppRoutes(apps, new PartitionStates(pool), schemas).mount(router);
        new TemplateRoutes(new TemplateStore(pool), apps, schemas).mount(router);
        moreRoutes.forEach(mount -> mount.accept(router));

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
