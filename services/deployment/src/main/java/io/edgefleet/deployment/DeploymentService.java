package io.edgefleet.deployment;

import io.edgefleet.deployment.app.AppStore;
import io.edgefleet.deployment.command.CommandArgs;
import io.edgefleet.deployment.command.CommandRepliesVerticle;
import io.edgefleet.deployment.command.CommandRoutes;
import io.edgefleet.deployment.command.CommandSender;
import io.edgefleet.deployment.command.CommandStore;
import io.edgefleet.deployment.command.CommandWaiters;
import io.edgefleet.deployment.config.ConfigSetRoutes;
import io.edgefleet.deployment.config.ConfigSetStore;
import io.edgefleet.deployment.config.SpecResolver;
import io.edgefleet.deployment.desired.DesiredCompiler;
import io.edgefleet.deployment.rollout.EndpointStatusVerticle;
import io.edgefleet.deployment.rollout.RolloutEngine;
import io.edgefleet.deployment.rollout.RolloutRoutes;
import io.edgefleet.deployment.rollout.RolloutStore;
import io.edgefleet.deployment.rollout.RolloutTicker;
import io.edgefleet.deployment.endpoint.EndpointDirectory;
import io.edgefleet.deployment.endpoint.EndpointEventsVerticle;
import io.edgefleet.deployment.endpoint.EndpointSnapshotsVerticle;
import io.edgefleet.deployment.http.DeploymentApiVerticle;
import io.edgefleet.deployment.webhook.RegistryWebhookRoutes;
import io.edgefleet.deployment.partition.PartitionDesiredCompiler;
import io.edgefleet.deployment.partition.PartitionStateVerticle;
import io.edgefleet.deployment.partition.PartitionStates;
import io.edgefleet.deployment.registry.RegistryRoutes;
import io.edgefleet.deployment.registry.RegistrySeal;
import io.edgefleet.deployment.registry.RegistryStore;
import io.edgefleet.kit.Deployments;
import io.edgefleet.kit.db.Database;
import io.edgefleet.kit.db.OutboxRelay;
import io.edgefleet.kit.http.Metrics;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.schemas.JsonSchemas;
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
 * The deployment service deployed into a Vert.x instance: migrates the {@code deployment} schema, connects to the
 * broker as {@code svc:deployment}, and deploys the outbox relay, the endpoint event consumer and the HTTP API.
 * {@link Main} and the all-in-one process both start it through {@link #deploy}.
 */
public final class DeploymentService {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);

    private final Vertx vertx;
    private final Pool pool;
    private final MqttEventClient mqtt;
    private final List<String> deployments;
    private final DeploymentApiVerticle api;

    private DeploymentService(Vertx vertx, Pool pool, MqttEventClient mqtt, List<String> deployments,
                              DeploymentApiVerticle api) {
        this.vertx = vertx;
        this.pool = pool;
        this.mqtt = mqtt;
        this.deployments = List.copyOf(deployments);
        this.api = api;
    }

    /** {@link #deploy(Vertx, DeploymentConfig, PrometheusMeterRegistry)} with a registry of its own for /metrics. */
    public static Future<DeploymentService> deploy(Vertx vertx, DeploymentConfig config) {
        return deploy(vertx, config, Metrics.registry());
    }

    /**
     * Starts the service. Fails when the database cannot be migrated, the broker refuses the service account, or the
     * HTTP port is taken; whatever had started is then stopped again.
     *
     * @param meters where the service's metrics go and what {@code /metrics} shows
     */
    public static Future<DeploymentService> deploy(Vertx vertx, DeploymentConfig config, PrometheusMeterRegistry meters) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Startup startup = new Startup(vertx);
        return vertx.executeBlocking(JsonSchemas::load, false)
                .compose(schemas -> Database.migrateAndConnect(vertx, config.db(), DeploymentConfig.SERVICE)
                        .compose(pool -> {
                            startup.pool = pool;
                            startup.mqtt = MqttEventClient.create(vertx, config.mqtt()).bindTo(meters, "deployment");
                            return startup.deployConsumers(config, schemas, meters);
                        })
                        // the consumer subscribes before the first connect: events queued for the persistent session
                        // arrive right after CONNACK and must find their handler
                        .compose(v -> startup.mqtt.start())
                        .compose(v -> startup.deployApi(config, schemas, meters)))
                .map(api -> {
                    LOG.info("deployment started: HTTP port {}, broker {}:{}, database {}", api.actualPort(),
                            config.mqtt().host(), config.mqtt().port(), config.db().database());
                    return new DeploymentService(vertx, startup.pool, startup.mqtt, startup.deployments, api);
                })
                .recover(failure -> startup.undo().transform(ignored -> Future.failedFuture(failure)));
    }

    /** The port of the HTTP API (useful when configured with port 0). */
    public int httpPort() {
        return api.actualPort();
    }

    /**
     * Stops consuming, undeploys the verticles and closes the pool and the broker connection. Messages not yet
     * published stay in the outbox for the next start.
     */
    public Future<Void> close() {
        return mqtt.close().recover(e -> Future.succeededFuture())
                .compose(v -> Deployments.undeployInReverse(vertx, deployments, "deployment"))
                .compose(v -> pool.close())
                .onSuccess(v -> LOG.info("deployment stopped"));
    }

    /** What a deploy started so far, so that a failed start can stop it again. */
    private static final class Startup {
        private final Vertx vertx;
        private final List<String> deployments = new ArrayList<>();
        private Pool pool;
        private MqttEventClient mqtt;
        private OutboxRelay relay;
        private DesiredCompiler compiler;
        private RolloutEngine rollouts;
        private CommandStore commands;
        private CommandWaiters waiters;
        private SpecResolver resolver;
        private RegistrySeal seal;

        Startup(Vertx vertx) {
            this.vertx = vertx;
        }

        Future<Void> deployConsumers(DeploymentConfig config, JsonSchemas schemas, PrometheusMeterRegistry meters) {
            relay = new OutboxRelay(pool, mqtt);
            seal = new RegistrySeal(config.secrets().orElse(null));
            resolver = new SpecResolver(schemas, seal);
            compiler = new DesiredCompiler(schemas, resolver);
            rollouts = new RolloutEngine(new RolloutStore(), compiler, Clock.systemUTC());
            RolloutTicker ticker = new RolloutTicker(pool, rollouts, config.rolloutTick(), relay::wake);
            DeadLetters deadLetters = new DeadLetters(mqtt, DeploymentConfig.SERVICE, meters);
            EndpointDirectory directory = new EndpointDirectory(pool, compiler, relay::wake);
            EndpointEventsVerticle endpoints = new EndpointEventsVerticle(
                    directory, mqtt, new JsonIngress(schemas, deadLetters),
                    deadLetters, schemas);
            EndpointSnapshotsVerticle snapshots = new EndpointSnapshotsVerticle(directory, mqtt,
                    new JsonIngress(schemas, deadLetters), deadLetters);
            EndpointStatusVerticle statuses = new EndpointStatusVerticle(pool, mqtt, new JsonIngress(schemas, deadLetters),
                    ticker);
            commands = new CommandStore(pool);
            waiters = new CommandWaiters(vertx);
            CommandRepliesVerticle replies = new CommandRepliesVerticle(commands, waiters, mqtt,
                    new JsonIngress(schemas, deadLetters), deadLetters);
            PartitionStateVerticle partitionStates = new PartitionStateVerticle(new PartitionStates(pool), mqtt,
                    new JsonIngress(schemas, deadLetters), deadLetters);
            return vertx.deployVerticle(relay).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(ticker)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(statuses)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(endpoints)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(snapshots)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(replies)).onSuccess(deployments::add)
                    .compose(v -> vertx.deployVerticle(partitionStates)).onSuccess(deployments::add)
                    .mapEmpty();
        }

        Future<DeploymentApiVerticle> deployApi(DeploymentConfig config, JsonSchemas schemas,
                                                PrometheusMeterRegistry meters) {
            AppStore apps = new AppStore(pool, compiler, new PartitionDesiredCompiler(schemas, resolver), resolver,
                    rollouts::start, relay::wake);
            rollouts.rollbackWith(apps::rollback);
            ConfigSetStore configSets = new ConfigSetStore(pool, apps, relay::wake);
            RegistryStore registries = new RegistryStore(pool, compiler, seal, relay::wake);
            CommandRoutes commandRoutes = new CommandRoutes(
                    new CommandSender(commands, waiters, mqtt), commands,
                    new CommandArgs(schemas), config.commands());
            DeploymentApiVerticle api = new DeploymentApiVerticle(config.http(), config.internalToken(), pool, mqtt,
                    apps, schemas, meters, List.of(new RolloutRoutes(pool, rollouts, relay::wake)::mount,
                            commandRoutes::mount, new RegistryWebhookRoutes(apps, schemas)::mount,
                            new ConfigSetRoutes(configSets, schemas)::mount, new RegistryRoutes(registries, schemas)::mount));
            return vertx.deployVerticle(api).onSuccess(deployments::add).map(api);
        }

        Future<Void> undo() {
            Future<Void> mqttClosed = mqtt == null ? Future.succeededFuture() : mqtt.close().recover(e -> Future.succeededFuture());
            return mqttClosed
                    .compose(v -> Deployments.undeployInReverse(vertx, deployments, "deployment"))
                    .compose(v -> pool == null ? Future.succeededFuture() : pool.close().recover(e -> Future.succeededFuture()));
        }
    }
}
