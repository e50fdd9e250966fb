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
 * The event log: every tenant event kept for {@value #RETENTION_DAYS} days (default 7) in the daily-partitioned
 * {@code event_log} table, so that the gateway can resume an SSE stream after a client's last event id and analytics
 * can poll {@code GET /api/v1/tenants/{t}/events/log}. Positions are taken by one writer in arrival order; with
 * several telemetry replicas, each logs what its share of the subscription receives and the order across replicas
 * is the order of commits.
 */
public final class EventLogPart implements TelemetryPart {

    public static final String RETENTION_DAYS = "EDGEFLEET_EVENT_LOG_RETENTION_DAYS";
    public static final String MAINTENANCE_SECONDS = "EDGEFLEET_EVENT_LOG_MAINTENANCE_SECONDS";
    static final String SHARED_TOPIC = "$share/telemetry-event-log/fleet/v1/+/events/#";

    private EventLogRoutes routes;

    @Override
    public String name() {
        return "event-log";
    }

    @Override
    public Future<Void> start(TelemetryContext context) {
        Env env = context.config().env();
        DailyPartitions partitions = new DailyPartitions(context.pool(), "event_log",
                env.integer(RETENTION_DAYS, 7, 1, 3650), 2, Clock.systemUTC());
        Duration every = Duration.ofSeconds(env.integer(MAINTENANCE_SECONDS, 3600, 1, 86_400));
        EventLogStore store = new EventLogStore(context.pool());
        routes = new EventLogRoutes(store, () -> partitions.oldestRetainedDay().atStartOfDay().atOffset(ZoneOffset.UTC));
        EventLogWriter writer = new EventLogWriter(store, event -> { }, context.meters());
        PartitionMaintenance maintenance = new PartitionMaintenance("event_log", () -> partitions.maintain()
                .compose(dropped -> store.forgetBefore(partitions.oldestRetainedDay().atStartOfDay()
                        .atOffset(ZoneOffset.UTC))), every);
        return context.deploy(maintenance)
                .compose(v -> context.mqtt().subscribe(SHARED_TOPIC, MqttQoS.AT_LEAST_ONCE, writer::handle));
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/tenants/:tenant/events/log").handler(Reply.of(ctx -> routes.list(ctx)));
    }
}
