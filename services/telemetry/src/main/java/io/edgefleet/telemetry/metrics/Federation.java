package io.edgefleet.telemetry.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET .../metrics/federate}: the tenant's fleet as Prometheus gauges in the text exposition format, for an
 * existing Prometheus to scrape through the gateway. {@code edgefleet_endpoint_up{endpoint,name}} for every endpoint
 * telemetry knows (1 online, 0 not), and {@code edgefleet_<metric>{endpoint[,container,app][,device]}} with the newest
 * value of every series reported within the latest-window. Byte counters of the agents are exposed as gauges of the
 * agent's counter value (they restart with a container or machine); {@code rate()} still works on them.
 * Written by the Prometheus client library's own writer, which escapes label values.
 */
final class Federation implements Handler<RoutingContext> {

    private final MetricsQueries queries;
    private final Duration window;

    Federation(MetricsQueries queries, Duration window) {
        this.queries = queries;
        this.window = window;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        queries.endpoints(tenant)
                .compose(endpoints -> queries.latest(tenant, window, null, null)
                        .map(samples -> render(endpoints, samples)))
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE)
                        .putHeader("Cache-Control", "no-store")
                        .end(text))
                .onFailure(ctx::fail);
    }

    static Buffer render(Iterable<Row> endpoints, Iterable<Row> samples) {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("edgefleet_endpoint_up")
                .help("Whether the endpoint's agent is connected to the platform (1) or not (0)");
        for (Row row : endpoints) {
            up.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("endpoint", row.getString("endpoint"), "name", row.getString("name")))
                    .value(Boolean.TRUE.equals(row.getBoolean("online")) ? 1 : 0).build());
        }
        snapshots.add(up.build());
        Map<String, GaugeSnapshot.Builder> byMetric = new TreeMap<>();
        for (Row row : samples) {
            String metric = row.getString("metric");
            GaugeSnapshot.Builder gauge = byMetric.computeIfAbsent(metric, m -> GaugeSnapshot.builder()
                    .name("edgefleet_" + m).help("Latest " + m + " the endpoints' agents reported"));
            Labels.Builder labels = Labels.builder().label("endpoint", row.getString("endpoint"));
            addIfSet(labels, "container", row.getString("container"));
            addIfSet(labels, "app", row.getString("app"));
            addIfSet(labels, "device", row.getString("device"));
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels.build())
                    .value(row.getDouble("value")).build());
        }
        byMetric.values().forEach(b -> snapshots.add(b.build()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(snapshots));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static void addIfSet(Labels.Builder labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.label(name, value);
        }
    }
}
