package io.edgefleet.telemetry.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The metric reads under {@code /api/v1/tenants/{tenant}/metrics}: {@code series}, {@code latest}, {@code top} (JSON)
 * and {@code federate} (Prometheus text, see {@link Federation}). The tenant in the path is checked against the
 * caller before these run; every query is restricted to it.
 */
final class MetricsRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/metrics";
    static final int MAX_TOP = 100;

    private final MetricsQueries queries;
    private final MetricsSettings settings;
    private final Clock clock;

    MetricsRoutes(MetricsQueries queries, MetricsSettings settings, Clock clock) {
        this.queries = queries;
        this.settings = settings;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get(BASE + "/series").handler(Reply.of(this::series));
        router.get(BASE + "/latest").handler(Reply.of(this::latest));
        router.get(BASE + "/top").handler(Reply.of(this::top));
        router.get(BASE + "/federate").handler(new Federation(queries, settings.latestWindow()));
    }

    private Future<Reply> series(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        SeriesQuery q = SeriesQuery.parse(ctx.queryParams(), clock.instant());
        return queries.series(tenant, q).map(rows -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode()
                    .put("endpoint", q.endpoint()).put("metric", q.metric())
                    .put("from", q.from().toString()).put("to", q.to().toString())
                    .put("stepSeconds", q.step().toSeconds()).put("resolution", q.resolution().label);
            ArrayNode series = body.putArray("series");
            Map<String, ArrayNode> points = new LinkedHashMap<>();
            for (Row row : rows) {
                String container = row.getString("container");
                String device = row.getString("device");
                ArrayNode list = points.computeIfAbsent(container + '\u0000' + device, k -> {
                    ObjectNode s = series.addObject().put("container", container).put("device", device);
                    return s.putArray("points");
                });
                list.addObject().put("t", row.getOffsetDateTime("t").toInstant().toString())
                        .put("avg", row.getDouble("avg")).put("min", row.getDouble("min"))
                        .put("max", row.getDouble("max")).put("count", row.getLong("count"));
            }
            return Reply.ok(body);
        });
    }

    private Future<Reply> latest(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String endpoint = SeriesQuery.endpoint(ctx.queryParams(), false).orElse(null);
        String metric = SeriesQuery.metric(ctx.queryParams(), false).orElse(null);
        return queries.latest(tenant, settings.latestWindow(), endpoint, metric)
                .compose(samples -> queries.drops(tenant, endpoint).map(drops -> {
                    Map<String, ObjectNode> byEndpoint = new LinkedHashMap<>();
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("windowSeconds", settings.latestWindow().toSeconds());
                    ArrayNode endpoints = body.putArray("endpoints");
                    for (Row row : samples) {
                        sample(endpointNode(byEndpoint, endpoints, row.getString("endpoint")).withArray("samples")
                                .addObject().put("metric", row.getString("metric")), row);
                    }
                    for (Row row : drops) {
                        ObjectNode ep = endpointNode(byEndpoint, endpoints, row.getString("endpoint"));
                        ep.putObject("dropped").put("batches", row.getLong("batches"))
                                .put("samples", row.getLong("samples"));
                        ep.put("lastCollected", row.getOffsetDateTime("last_collected").toInstant().toString());
                    }
                    return Reply.ok(body);
                }));
    }

    private static ObjectNode endpointNode(Map<String, ObjectNode> byEndpoint, ArrayNode endpoints, String endpoint) {
        return byEndpoint.computeIfAbsent(endpoint, e -> {
            ObjectNode node = endpoints.addObject().put("endpoint", e);
            node.putArray("samples");
            node.putObject("dropped").put("batches", 0).put("samples", 0);
            return node;
        });
    }

    private Future<Reply> top(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String metric = SeriesQuery.metric(ctx.queryParams(), true).orElseThrow();
        String endpoint = SeriesQuery.endpoint(ctx.queryParams(), false).orElse(null);
        int n = n(QueryParams.single(ctx.queryParams(), "n"));
        return queries.top(tenant, metric, settings.latestWindow(), endpoint, n).map(rows -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("metric", metric);
            ArrayNode items = body.putArray("items");
            for (Row row : rows) {
                sample(items.addObject().put("endpoint", row.getString("endpoint")), row);
            }
            return Reply.ok(body);
        });
    }

    private static void sample(ObjectNode node, Row row) {
        node.put("container", row.getString("container")).put("device", row.getString("device"));
        if (row.getString("app") != null) {
            node.put("app", row.getString("app"));
        }
        OffsetDateTime at = row.getOffsetDateTime("ts");
        node.put("value", row.getDouble("value")).put("at", at.toInstant().toString());
    }

    private static int n(Optional<String> text) {
        if (text.isEmpty()) {
            return 10;
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n >= 1 && n <= MAX_TOP) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw QueryParams.invalid("query parameter 'n' must be a whole number from 1 to " + MAX_TOP);
    }
}
