package io.edgefleet.tenancy;

import io.edgefleet.kit.Deployments;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.db.OutboxRelay;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.audit.AuditIngestVerticle;
import io.edgefleet.tenancy.audit.AuditStore;
import io.edgefleet.tenancy.auth.AccessTokens;
import io.edgefleet.tenancy.auth.SigningKey;
import io.edgefleet.tenancy.cluster.ClusterClients;
import io.edgefleet.tenancy.cluster.ClusterService;
import io.edgefleet.tenancy.cluster.ClusterStore;
import io.edgefleet.tenancy.http.TenancyApiVerticle;
import io.edgefleet.tenancy.partition.PartitionAccessVerticle;
import io.edgefleet.tenancy.partition.PartitionService;
import io.edgefleet.tenancy.partition.workload.PartitionWorkloadsVerticle;
import io.edgefleet.tenancy.tenant.TenantStore;
import io.edgefleet.tenancy.token.ApiTokenStore;
import io.edgefleet.tenancy.user.Bootstrap;
import io.edgefleet.tenancy.user.PasswordHasher;
import io.edgefleet.tenancy.user.UserStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenancy service deployed into a Vert.x instance: migrates the {@code tenancy} schema, creates the bootstrap
 * admin if asked, connects to the broker as {@code svc:tenancy} for its outbox relay, and serves the HTTP API.
 */
public final class TenancyService {

    private static final Logger LOG = LoggerFactory.getLogger(TenancyService.class);

    private final Vertx vertx;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final List<String> deployments;
    private final TenancyApiVerticle api;
    private final SigningKey key;
    private final ClusterClients clusterClients;

    private TenancyService(Vertx vertx, Startup startup) {
        this.vertx = vertx;
        this.pool = startup.pool;
        this.mqtt = startup.mqtt;
        this.deployments = List.copyOf(startup.deployments);
        this.api = startup.api;
        this.key = startup.key;
        this.clusterClients = startup.clusterClients;
    }

    /** {@link #deploy(Vertx, TenancyConfig, PrometheusMeterRegistry)} with a registry of its own for /metrics. */
    public static Future<TenancyService> deploy(Vertx vertx, TenancyConfig config) {
        return deploy(vertx, config, Metrics.registry());
    }

    /**
     * Starts the service. Fails when the signing key is malformed, the database cannot be migrated, the bootstrap
     * admin is refused, the broker refuses the service account, or the HTTP port is taken; whatever had started
     * is then stopped again.
     */
    public static Future<TenancyService> deploy(Vertx vertx, TenancyConfig config, PrometheusMeterRegistry meters) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Startup startup = new Startup(vertx);
        return vertx.executeBlocking(() -> {
                    startup.key = SigningKey.fromPem(config.jwtPrivateKeyPem());
                    startup.hasher = new PasswordHasher(config.argon2());
                    return JsonSchemas.load();
                }, false)
                .compose(schemas -> Database.migrateAndConnect(vertx, config.db(), TenancyConfig.SERVICE)
                        .compose(pool -> {
                            startup.pool = pool;
                            return Bootstrap.run(vertx, new UserStore(pool), startup.hasher, config.bootstrapEmail(),
                                    config.bootstrapPassword());
                        })
                        .compose(v -> {
                            startup.mqtt = MqttEventClient.create(vertx, config.mqtt()).bindTo(meters, "tenancy");
                            return startup.mqtt.start();
                        })
                        .compose(v -> startup.deploy(config, schemas, meters)))
                .map(v -> {
                    if (config.jwtPrivateKeyPem().isEmpty()) {
                        LOG.warn("{} is not set: access tokens are signed with a key generated for this run (kid {})",
                                TenancyConfig.JWT_PRIVATE_KEY_PEM, startup.key.kid());
                    }
                    LOG.info("tenancy started: HTTP port {}, broker {}:{}, database {}, argon2id {}", startup.api.actualPort(),
                            config.mqtt().host(), config.mqtt().port(), config.db().database(), config.argon2());
                    return new TenancyService(vertx, startup);
                })
                .recover(failure -> startup.undo().transform(ignored -> Future.failedFuture(failure)));
    }

    /** The port of the HTTP API (useful when configured with port 0). */
    public int httpPort() {
        return api.actualPort();
    }

    /** The key that signs access tokens (its public half verifies them). */
    public SigningKey signingKey() {
        return key;
    }

    /** Undeploys the verticles and closes the broker connection and the pool; unsent events stay in the outbox. */
    public Future<Void> close() {
        return mqtt.close().recover(e -> Future.succeededFuture())
                .compose(v -> Deployments.undeployInReverse(vertx, deployments, "tenancy"))
                .compose(v -> clusterClients.close())
                .compose(v -> pool.close())
                .onSuccess(v -> LOG.info("tenancy stopped"));
    }


    /** What a deploy started so far, so that a failed start can stop it again. */
    private static final class Startup {
        private final Vertx vertx;
        private final List<String> deployments = new ArrayList<>();
        private SigningKey key;
        private PasswordHasher hasher;
        private Pool pool;
        private MqttEventClient mqtt;
        private TenancyApiVerticle api;
        private ClusterClients clusterClients;

        Startup(Vertx vertx) {
            this.vertx = vertx;
        }

        Future<Void> deploy(TenancyConfig config, JsonSchemas schemas, PrometheusMeterRegistry meters) {
            OutboxRelay relay = new OutboxRelay(pool, mqtt);
            TenantStore tenants = new TenantStore(pool, relay::wake);
            ClusterStore clusterStore = new ClusterStore(pool);
            clusterClients = new ClusterClients(vertx, clusterStore, config.secrets());
            ClusterService clusters = new ClusterService(clusterStore, clusterClients, Clock.systemUTC());
            PartitionService partitions = new PartitionService(pool, clusterClients);
            TenancyApiVerticle.Parts parts = new TenancyApiVerticle.Parts(pool, mqtt, tenants,
                    new UserStore(pool, relay::wake), new ApiTokenStore(pool), hasher, new AccessTokens(vertx, key, Clock.systemUTC()),
                    schemas, meters, clusters, partitions);
            api = new TenancyApiVerticle(config.http(), config.internalToken(), parts);
            return vertx.deployVerticle(relay).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(auditIngest(schemas, meters))).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(api)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(new PartitionAccessVerticle(partitions, config.partitionAccessRetry())))
                    .onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(workloads(partitions, config, schemas, meters))).onSuccess(deployments::add)
                    // every tenant's retained snapshot, so subscribers learn the tenants this service never changed
                    .compose(v -> tenants.publishSnapshots())
                    .onSuccess(count -> LOG.info("queued the retained snapshots of {} tenants", count))
                    .mapEmpty();
        }

        private PartitionWorkloadsVerticle workloads(PartitionService partitions, TenancyConfig config, JsonSchemas schemas,
                                                     PrometheusMeterRegistry meters) {
            DeadLetters deadLetters = new DeadLetters(mqtt, TenancyConfig.SERVICE, meters);
            return new PartitionWorkloadsVerticle(partitions, clusterClients, mqtt, new JsonIngress(schemas, deadLetters),
                    deadLetters, config.partitionStatusInterval());
        }

        private AuditIngestVerticle auditIngest(JsonSchemas schemas, PrometheusMeterRegistry meters) {
            return new AuditIngestVerticle(mqtt, new AuditStore(pool), schemas,
                    new DeadLetters(mqtt, TenancyConfig.SERVICE, meters), meters);
        }

        Future<Void> undo() {
            Future<Void> mqttClosed = mqtt == null ? Future.succeededFuture() : mqtt.close().recover(e -> Future.succeededFuture());
            return mqttClosed
                    .compose(v -> Deployments.undeployInReverse(vertx, deployments, "tenancy"))
                    .compose(v -> clusterClients == null ? Future.succeededFuture() : clusterClients.close())
                    .compose(v -> pool == null ? Future.succeededFuture() : pool.close().recover(e -> Future.succeededFuture()));
        }
    }
}
