package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Notifies an alert's channels through the persistent delivery queue, in the evaluator's transaction (so a delivery
 * exists exactly when the alert's state change committed). A webhook gets
 * {@code {"status": "firing"|"resolved", "alert": {...}}} signed with its secret; an Alertmanager gets its v2 API's
 * array {@code [{labels, annotations, startsAt, endsAt?, generatorURL?}]} on {@code {base}/api/v2/alerts}, unsigned,
 * with {@code endsAt} set when the alert resolved.
 */
final class ChannelNotifier implements AlertNotifier {

    /** Owner kind of the deliveries this notifier enqueues. */
    static final String OWNER_KIND = "alert-channel";

    /** The delivery queue: one POST of a JSON body to a URL, signed when a secret is given, retried until it lands. */
    interface Deliveries {
        Future<UUID> enqueue(SqlConnection tx, String tenant, UUID channel, String url, String secret, JsonNode body,
                             int maxAttempts);
    }

    private final Deliveries deliveries;
    private final AlertSettings settings;

    ChannelNotifier(Deliveries deliveries, AlertSettings settings) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Future<List<UUID>> notify(SqlConnection tx, Alert alert, boolean firing, List<UUID> channels) {
        return new ChannelStore(tx).forAlert(alert.tenant(), channels).compose(found -> {
            Future<?> chain = Future.succeededFuture();
            for (Channel channel : found) {
                chain = chain.compose(v -> Channel.ALERTMANAGER.equals(channel.kind())
                        ? deliveries.enqueue(tx, alert.tenant(), channel.id(), channel.url().replaceAll("/+$", "")
                        + "/api/v2/alerts", null, alertmanager(alert), settings.maxAttempts())
                        : deliveries.enqueue(tx, alert.tenant(), channel.id(), channel.url(), channel.secret(),
                        webhook(alert, firing), settings.maxAttempts()));
            }
            return chain.map(v -> found.stream().map(Channel::id).toList());
        });
    }

    @Override
    public Future<Void> stillFiring(SqlConnection tx, Alert alert) {
        return new ChannelStore(tx).forAlert(alert.tenant(), alert.channels()).compose(found -> {
            Future<?> chain = Future.succeededFuture();
            for (Channel channel : found) {
                if (Channel.ALERTMANAGER.equals(channel.kind())) {
                    // a lost refresh is replaced by the next one: no long retry series
                    chain = chain.compose(v -> deliveries.enqueue(tx, alert.tenant(), channel.id(),
                            channel.url().replaceAll("/+$", "") + "/api/v2/alerts", null, alertmanager(alert),
                            Math.min(3, settings.maxAttempts())));
                }
            }
            return chain.mapEmpty();
        });
    }

    private static JsonNode webhook(Alert alert, boolean firing) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", firing ? "firing" : "resolved");
        body.set("alert", alert.toJson());
        return body;
    }

    private ArrayNode alertmanager(Alert alert) {
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        ObjectNode item = body.addObject();
        ObjectNode labels = item.putObject("labels");
        alert.labels().forEach(labels::put);
        ObjectNode annotations = item.putObject("annotations");
        alert.annotations().forEach(annotations::put);
        item.put("startsAt", Alert.time(Optional.ofNullable(alert.firedAt()).orElse(alert.activeSince())));
        if (alert.resolvedAt() != null) {
            item.put("endsAt", Alert.time(alert.resolvedAt()));
        }
        settings.publicUrl().ifPresent(url -> item.put("generatorURL",
                url + "/api/v1/tenants/" + alert.tenant() + "/alerts/" + alert.id()));
        return body;
    }
}
