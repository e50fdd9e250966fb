package io.edgefleet.registry;

import io.edgefleet.kit.Deployments;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.db.OutboxRelay;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.registry.endpoint.EndpointSnapshots;
import io.edgefleet.registry.endpoint.EndpointStore;
import io.edgefleet.registry.http.EndpointApiVerticle;
import io.edgefleet.registry.integration.IntegrationKeyStore;
import io.edgefleet.registry.presence.PresenceVerticle;
import io.edgefleet.registry.tenant.TenantStateVerticle;
import io.edgefleet.registry.tenant.TenantStore;
import io.edgefleet.schemas.JsonSchemas;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry deployed into a Vert.x instance: migrates the {@code registry} schema, connects to the broker
 * as {@code svc:registry}, and deploys the outbox relay, the tenant and presence consumers and the HTTP API, then
 * queues every endpoint's retained snapshot.
 * {@link Main} and the all-in-one process both start the registry through {@link #deploy}.
 */
public final class RegistryService {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

    private final Vertx vertx;
    /** Connections of the broker's auth lookups (one indexed SELECT each), apart from the main pool. */
    static final int AUTH_POOL_SIZE = 2;

    private final Pool pool;
    private final Pool authPool;
    private final MqttEventClient mqtt;
    private final List<String> deployments;
    private final EndpointApiVerticle api;

    private RegistryService(Vertx vertx, Pool pool, Pool authPool, MqttEventClient mqtt, List<String> deployments,
                            EndpointApiVerticle api) {
        this.vertx = vertx;
        this.pool = pool;
        this.authPool = authPool;
        this.mqtt = mqtt;
        this.deployments = List.copyOf(deployments);
        this.api = api;
    }

    /** {@link #deploy(Vertx, RegistryConfig, PrometheusMeterRegistry)} with a registry of its own for /metrics. */
    public static Future<RegistryService> deploy(Vertx vertx, RegistryConfig config) {
        return deploy(vertx, config, Metrics.registry());
    }

    /**
     * Starts the registry. Fails when the database cannot be migrated, the broker refuses the service account,
     * or the HTTP port is taken; whatever had started is then stopped again.
     *
     * @param meters where the registry's metrics go and what {@code /metrics} shows
     */
    public static Future<RegistryService> deploy(Vertx vertx, RegistryConfig config, PrometheusMeterRegistry meters) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Startup startup = new Startup(vertx);
        return vertx.executeBlocking(JsonSchemas::load, false)
                .compose(schemas -> Database.migrateAndConnect(vertx, config.db(), RegistryConfig.SERVICE)
                        .compose(pool -> {
                            startup.pool = pool;
                            startup.mqtt = MqttEventClient.create(vertx, config.mqtt()).bindTo(meters, "registry");
                            return startup.deployConsumers(config, schemas, meters);
                        })
                        // consumers subscribe before the first connect: a message the broker hands over right after
                        // CONNACK (queued for the persistent session) never arrives before its handler exists
                        .compose(v -> startup.mqtt.start())
                        .compose(v -> startup.deployApi(config, schemas, meters)))
                .map(api -> {
                    LOG.info("registry started: HTTP port {}, broker {}:{}, database {}", api.actualPort(),
                            config.mqtt().host(), config.mqtt().port(), config.db().database());
                    return new RegistryService(vertx, startup.pool, startup.authPool, startup.mqtt, startup.deployments, api);
                })
                .recover(failure -> startup.undo().transform(ignored -> Future.failedFuture(failure)));
    }

    /** The port of the HTTP API (useful when configured with port 0). */
    public int httpPort() {
        return api.actualPort();
    }

    /**
     * Stops consuming, writes buffered heartbeats, undeploys the verticles and closes the pool and the broker
     * connection. Events not yet published stay in the outbox for the next start.
     */
    public Future<Void> close() {
        return mqtt.close().recover(e -> Future.succeededFuture())
                .compose(v -> Deployments.undeployInReverse(vertx, deployments, "registry"))
                .compose(v -> authPool.close())
                .compose(v -> pool.close())
                .onSuccess(v -> LOG.info("registry stopped"));
    }


    /** What a deploy started so far, so that a failed start can stop it again. */
    private static final class Startup {
        private final Vertx vertx;
        private final List<String> deployments = new ArrayList<>();
        private Pool pool;
        private Pool authPool;
        private MqttEventClient mqtt;
        private OutboxRelay relay;
        private TenantStore tenants;

        Startup(Vertx vertx) {
            this.vertx = vertx;
        }

        Future<Void> deployConsumers(RegistryConfig config, JsonSchemas schemas, PrometheusMeterRegistry meters) {
            relay = new OutboxRelay(pool, mqtt);
            tenants = new TenantStore(pool, relay::wake);
            DeadLetters deadLetters = new DeadLetters(mqtt, RegistryConfig.SERVICE, meters);
            JsonIngress ingress = new JsonIngress(schemas, deadLetters);
            TenantStateVerticle tenantState = new TenantStateVerticle(tenants, mqtt, ingress, deadLetters, schemas);
            PresenceVerticle presence = new PresenceVerticle(pool, mqtt, ingress, deadLetters, meters,
                    config.presenceFlushInterval(), relay::wake, config.presenceFlapWindow(), config.presenceFlapGrace());
            return vertx.deployVerticle(relay).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(tenantState)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(presence)).onSuccess(deployments::add)
                    .mapEmpty();
        }

        Future<EndpointApiVerticle> deployApi(RegistryConfig config, JsonSchemas schemas, PrometheusMeterRegistry meters) {
            EndpointStore store = new EndpointStore(pool, relay::wake);
            IntegrationKeyStore keys = new IntegrationKeyStore(pool, relay::wake);
            // the broker's auth lookups get connections of their own: a connect storm's presence and state writes
            // queue in the main pool, and admitting agents must not wait behind that bookkeeping
            authPool = Database.pool(vertx, config.db().withPoolSize(AUTH_POOL_SIZE), RegistryConfig.SERVICE);
            EndpointApiVerticle api = new EndpointApiVerticle(new EndpointApiVerticle.Settings(config.http(),
                    config.internalToken(), config.publicBrokerUrl(), config.publicGatewayUrl(), config.agentImage()),
                    authPool, mqtt, store, keys, tenants, schemas, meters);
            return vertx.deployVerticle(api).onSuccess(deployments::add)
                    // every endpoint's retained snapshot, so subscribers learn endpoints whose snapshot the broker lost
                    .compose(v -> new EndpointSnapshots(pool, relay::wake).publishAll())
                    .onSuccess(count -> LOG.info("queued the retained snapshots of {} endpoints", count))
                    .map(api);
        }

        Future<Void> undo() {
            Future<Void> mqttClosed = mqtt == null ? Future.succeededFuture() : mqtt.close().recover(e -> Future.succeededFuture());
            return mqttClosed
                    .compose(v -> Deployments.undeployInReverse(vertx, deployments, "registry"))
                    .compose(v -> authPool == null ? Future.succeededFuture()
                            : authPool.close().recover(e -> Future.succeededFuture()))
                    .compose(v -> pool == null ? Future.succeededFuture() : pool.close().recover(e -> Future.succeededFuture()));
        }
    }
}
