package io.edgefleet.registry.http;

import io.edgefleet.kit.config.HttpConfig;
import io.edgefleet.kit.http.Health;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.Problems;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.registry.endpoint.EndpointStore;
import io.edgefleet.registry.integration.IntegrationKeyStore;
import io.edgefleet.registry.tenant.TenantStore;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's internal HTTP port: the endpoint API under {@code /api/v1/tenants/{tenant}/endpoints}, the
 * integration key API under {@code /api/v1/tenants/{tenant}/integration-keys}, the broker's auth API
 * {@code /internal/v1/mqtt/auth} (all need the internal token), {@code /health/*} and {@code /metrics}.
 */
public final class EndpointApiVerticle extends VerticleBase {

    /** Largest request body accepted (a create body with 64 labels stays far below it). */
    public static final long BODY_LIMIT_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointApiVerticle.class);

    /**
     * What the HTTP side needs.
     *
     * @param brokerUrl   broker URL written into run commands
     * @param gatewayUrl  the gateway's public URL, written into the install command
     * @param agentImage  agent image written into run commands
     */
    public record Settings(HttpConfig http, String internalToken, String brokerUrl, String gatewayUrl,
                           String agentImage) {
        public Settings {
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(internalToken, "internalToken");
            Objects.requireNonNull(brokerUrl, "brokerUrl");
            Objects.requireNonNull(gatewayUrl, "gatewayUrl");
            Objects.requireNonNull(agentImage, "agentImage");
        }

        @Override
        public String toString() {
            return "Settings[http=" + http + ", internalToken=<hidden>, brokerUrl=" + brokerUrl + ", gatewayUrl=" + gatewayUrl
                    + ", agentImage="
                    + agentImage + "]";
        }
    }

    private final Settings settings;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final EndpointStore store;
    private final IntegrationKeyStore keys;
    private final TenantStore tenants;
    private final JsonSchemas schemas;
    private final PrometheusMeterRegistry meters;
    private HttpServer server;

    /**
     * @param pool connections for the broker's auth lookups and the health check; the stores bring their own, so a
     *             connect storm's lookups do not queue behind the writes it causes
     */
    public EndpointApiVerticle(Settings settings, Pool pool, MqttEventClient mqtt, EndpointStore store,
                               IntegrationKeyStore keys, TenantStore tenants, JsonSchemas schemas,
                               PrometheusMeterRegistry meters) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
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

        Handler<RoutingContext> internalToken = InternalAuth.requireInternalToken(settings.internalToken());
        router.route("/api/*").handler(internalToken);
        router.route("/internal/*").handler(internalToken);
        router.route("/api/*").handler(Bodies.refusingForms(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)));
        router.route("/internal/*").handler(Bodies.refusingForms(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)));

        new TenantGuard(tenants).mount(router);
        new EndpointRoutes(store, new EndpointBodies(schemas), settings.brokerUrl(), settings.gatewayUrl(),
                settings.agentImage()).mount(router);
        new IntegrationKeyRoutes(keys, schemas).mount(router);
        new MqttAuthRoute(pool, schemas, meters).mount(router);

        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(settings.http().port(), settings.http().host())
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("registry HTTP listening on {}:{}", settings.http().host(), listening.actualPort());
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
