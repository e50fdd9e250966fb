package io.edgefleet.telemetry.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.telemetry.notify.Delivery;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code event_subscriptions} table, and the fan-out of one event to the subscriptions that want it. */
final class SubscriptionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStore.class);

    static final String OWNER_KIND = "event-subscription";
    private static final String MATCHING = """
            SELECT id, url, secret FROM event_subscriptions
            WHERE tenant = $1 AND enabled
              AND (cardinality(types) = 0 OR EXISTS (SELECT 1 FROM unnest(types) AS p WHERE starts_with($2, p)))""";

    private final Pool pool;
    private final WebhookDeliveries deliveries;

    SubscriptionStore(Pool pool, WebhookDeliveries deliveries) {
        this.pool = pool;
        this.deliveries = deliveries;
    }

    Future<Subscription> create(String tenant, JsonNode body, String secret) {
        return pool.preparedQuery("INSERT INTO event_subscriptions (tenant, id, url, types, description, enabled, secret) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + Subscription.COLUMNS)
                .execute(Tuple.of(tenant, UUID.randomUUID(), body.path("url").asText(), types(body),
                        body.path("description").asText(""), body.path("enabled").asBoolean(true), secret))
                .map(rows -> Subscription.of(rows.iterator().next()));
    }

    Future<List<Subscription>> list(String tenant) {
        return pool.preparedQuery("SELECT " + Subscription.COLUMNS + " FROM event_subscriptions WHERE tenant = $1 "
                        + "ORDER BY created_at, id")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    List<Subscription> list = new ArrayList<>();
                    rows.forEach(row -> list.add(Subscription.of(row)));
                    return list;
                });
    }

    Future<Optional<Subscription>> get(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + Subscription.COLUMNS + " FROM event_subscriptions WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Subscription.of(rows.iterator().next())));
    }

    /** Changes the fields the body has; empty when the tenant has no such subscription. */
    Future<Optional<Subscription>> update(String tenant, UUID id, JsonNode body) {
        return pool.preparedQuery("UPDATE event_subscriptions SET url = coalesce($3, url), types = coalesce($4, types), "
                        + "description = coalesce($5, description), enabled = coalesce($6, enabled), updated_at = now() "
                        + "WHERE tenant = $1 AND id = $2 RETURNING " + Subscription.COLUMNS)
                .execute(Tuple.of(tenant, id, body.hasNonNull("url") ? body.path("url").asText() : null,
                        body.has("types") ? types(body) : null,
                        body.hasNonNull("description") ? body.path("description").asText() : null,
                        body.hasNonNull("enabled") ? body.path("enabled").asBoolean() : null))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Subscription.of(rows.iterator().next())));
    }

    /** Deletes the subscription and its pending deliveries; false when the tenant has no such subscription. */
    Future<Boolean> delete(String tenant, UUID id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM event_subscriptions WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
                        : deliveries.cancel(tx, tenant, OWNER_KIND, id.toString()).map(true)));
    }

    /**
     * Queues one delivery of {@code event} per enabled subscription of its tenant whose types match, in the
     * caller's transaction (the one that logged the event, so an event is queued exactly when it is logged).
     *
     * @return how many deliveries were queued
     */
    Future<Integer> fanOut(SqlClient tx, EventEnvelope event) {
        return tx.preparedQuery(MATCHING).execute(Tuple.of(event.tenant(), event.shortType())).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            String body = event.toJson();
            int queued = 0;
            for (Row row : rows) {
                Delivery delivery;
                try {
                    delivery = Delivery.of(event.tenant(), OWNER_KIND, row.getUUID("id").toString(),
                            URI.create(row.getString("url")), row.getString("secret"), body);
                } catch (IllegalArgumentException e) {
                    // the API refuses such URLs; one that slipped in must not keep the event out of the log
                    LOG.error("event subscription {} of tenant {} has an unusable URL; event {} not sent to it",
                            row.getUUID("id"), event.tenant(), event.id());
                    continue;
                }
                queued++;
                chain = chain.compose(v -> deliveries.enqueue(tx, delivery).mapEmpty());
            }
            int total = queued;
            return chain.map(total);
        });
    }

    private static String[] types(JsonNode body) {
        List<String> types = new ArrayList<>();
        body.path("types").forEach(type -> types.add(type.asText()));
        return types.toArray(String[]::new);
    }
}
