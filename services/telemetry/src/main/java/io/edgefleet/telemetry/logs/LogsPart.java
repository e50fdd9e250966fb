package io.edgefleet.telemetry.logs;

import io.edgefleet.kit.http.Reply;
import io.edgefleet.telemetry.TelemetryContext;
import io.edgefleet.telemetry.TelemetryPart;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Continuous log shipping: stores the log batches agents publish on {@code edge/v1/{tenant}/{endpoint}/logs}
 * (shared subscription, so replicas split them) into the daily-partitioned {@code logs} table, keeps
 * {@link LogsSettings#retentionDays()} days, and serves {@code GET /api/v1/tenants/{t}/logs} (search). The live tail
 * is served by the gateway; the on-demand tail of one container is the deployment service's {@code logs} command.
 */
public final class LogsPart implements TelemetryPart {

    static final String SHARED_TOPIC = "$share/telemetry-logs/" + LogIngest.TOPIC;

    private LogSearch search;

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public Future<Void> start(TelemetryContext context) {
        LogsSettings settings = LogsSettings.fromEnv(context.config().env());
        DailyPartitions partitions = new DailyPartitions(context.pool(), "logs", settings.retentionDays(),
                settings.daysAhead(), Clock.systemUTC());
        LogStore store = new LogStore(context.pool());
        search = new LogSearch(context.pool());
        LogIngest ingest = new LogIngest(store, context.ingress(), context.deadLetters(), partitions, settings,
                context.meters());
        PartitionMaintenance maintenance = new PartitionMaintenance("logs", () -> partitions.maintain()
                .compose(dropped -> store.forgetBatchesBefore(
                        partitions.oldestRetainedDay().atStartOfDay().atOffset(ZoneOffset.UTC))), settings.maintenance());
        return context.deploy(maintenance)
                .compose(v -> context.mqtt().subscribeUntilStored(SHARED_TOPIC, MqttQoS.AT_LEAST_ONCE, ingest::handle));
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/tenants/:tenant/logs").handler(Reply.of(ctx -> search.search(ctx)));
    }
}
