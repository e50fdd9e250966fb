package io.edgefleet.telemetry.subscription;

import io.edgefleet.kit.config.Env;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.telemetry.TelemetryContext;
import io.edgefleet.telemetry.TelemetryPart;
import io.edgefleet.telemetry.logs.DailyPartitions;
import io.edgefleet.telemetry.logs.PartitionMaintenance;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Tenant events for downstream consumers: the event log (every tenant event kept for {@value #RETENTION_DAYS} days,
 * default 7, in the daily-partitioned {@code event_log} table) that the gateway resumes SSE streams from and that
 * analytics poll ({@code GET /api/v1/tenants/{t}/events/log}), and the webhook subscriptions
 * ({@code /api/v1/tenants/{t}/event-subscriptions}) whose deliveries are queued in the transaction that logs the
 * event. Positions are taken by one writer in arrival order; with several telemetry replicas, each logs its share of
 * the subscription and the order across replicas is the order of commits.
 */
public final class EventsPart implements TelemetryPart {

    public static final String RETENTION_DAYS = "EDGEFLEET_EVENT_LOG_RETENTION_DAYS";
    public static final String MAINTENANCE_SECONDS = "EDGEFLEET_EVENT_LOG_MAINTENANCE_SECONDS";
    static final String SHARED_TOPIC = "$share/telemetry-event-log/fleet/v1/+/events/#";

    private EventLogRoutes logRoutes;
    private SubscriptionRoutes subscriptionRoutes;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Future<Void> start(TelemetryContext context) {
        Env env = context.config().env();
        DailyPartitions partitions = new DailyPartitions(context.pool(), "event_log",
                env.integer(RETENTION_DAYS, 7, 1, 3650), 2, Clock.systemUTC());
        Duration every = Duration.ofSeconds(env.integer(MAINTENANCE_SECONDS, 3600, 1, 86_400));
        EventLogStore log = new EventLogStore(context.pool());
        SubscriptionStore subscriptions = new SubscriptionStore(context.pool(), context.webhooks());
        logRoutes = new EventLogRoutes(log, () -> partitions.oldestRetainedDay().atStartOfDay().atOffset(ZoneOffset.UTC));
        subscriptionRoutes = new SubscriptionRoutes(subscriptions, context.webhooks(), context.schemas());
        EventLogWriter writer = new EventLogWriter(log, subscriptions, context.webhooks()::wake, context.meters());
        PartitionMaintenance maintenance = new PartitionMaintenance("event_log", () -> partitions.maintain()
                .compose(dropped -> log.forgetBefore(partitions.oldestRetainedDay().atStartOfDay()
                        .atOffset(ZoneOffset.UTC))), every);
        return context.deploy(maintenance)
                .compose(v -> context.mqtt().subscribeRetrying(SHARED_TOPIC, MqttQoS.AT_LEAST_ONCE, writer::handle));
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/tenants/:tenant/events/log").handler(Reply.of(ctx -> logRoutes.list(ctx)));
        subscriptionRoutes.mount(router);
    }
}
