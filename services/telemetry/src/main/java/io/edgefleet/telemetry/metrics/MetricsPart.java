package io.edgefleet.telemetry.metrics;

import io.edgefleet.kit.config.MqttConfig;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.telemetry.TelemetryContext;
import io.edgefleet.telemetry.TelemetryPart;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics: ingest of the agents' batches from {@code $share/telemetry/edge/v1/+/+/metrics} into the partitioned
 * {@code samples} table, partitions, retention and rollups, and the query and federation API under
 * {@code /api/v1/tenants/{tenant}/metrics}. Settings: {@link MetricsSettings}.
 */
public final class MetricsPart implements TelemetryPart {

    private final Clock clock;
    private MetricsRoutes routes;

    public MetricsPart() {
        this(Clock.systemUTC());
    }

    MetricsPart(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public Future<Void> start(TelemetryContext context) {
        MetricsSettings settings = MetricsSettings.fromEnv(context.config().env());
        SamplePartitions partitions = new SamplePartitions();
        IngestMeters meters = new IngestMeters(context.meters(), settings.maxPendingSamples());
        MetricsValidator validator = new MetricsValidator(context.schemas(), context.deadLetters(), meters, settings,
                clock);
        routes = new MetricsRoutes(new MetricsQueries(context.pool()), settings, clock);
        // partitions first: the ingest then finds today's and the next days' tables ready
        return context.deploy(new MetricsMaintenance(context.pool(), settings, partitions, clock))
                .compose(id -> context.deploy(new MetricsIngest(ingestConnections(context, settings), settings, validator,
                        new SampleWriter(context.pool(), partitions), meters)))
                .mapEmpty();
    }

    /** Client ids {@code <main client id>-metrics-<n>}: stable per replica, as the persistent sessions need. */
    private static List<MqttEventClient> ingestConnections(TelemetryContext context, MetricsSettings settings) {
        MqttConfig main = context.config().mqtt();
        List<MqttEventClient> connections = new ArrayList<>();
        for (int n = 1; n <= settings.ingestConnections(); n++) {
            connections.add(MqttEventClient.create(context.vertx(), main.withClientId(main.clientId() + "-metrics-" + n))
                    .bindTo(context.meters(), "telemetry-metrics-" + n));
        }
        return connections;
    }

    @Override
    public void mount(Router router) {
        routes.mount(router);
    }
}
