package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code tenant.deleted} (shared subscription: one replica applies it) forgets everything alerting kept for the
 * tenant: rules, alerts, silences, notification channels with their pending deliveries, the fleet projection. The
 * deletes are idempotent, so a redelivered event changes nothing. No {@code alert.resolved} is sent: the tenant and
 * its event stream are gone.
 */
final class TenantCleanup extends VerticleBase {

    static final String TOPIC = "$share/telemetry-alerts/fleet/v1/+/events/tenant.deleted";
    private static final Logger LOG = LoggerFactory.getLogger(TenantCleanup.class);
    private static final List<String> TABLES = List.of("alert_rules", "alerts", "silences", "notification_channels",
            "endpoint_apps", "endpoints");

    private final Pool pool;
    private final WebhookDeliveries webhooks;
    private final MqttEventClient mqtt;
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;
    private Future<?> tail = Future.succeededFuture();

    TenantCleanup(Pool pool, WebhookDeliveries webhooks, MqttEventClient mqtt, JsonIngress ingress,
                  DeadLetters deadLetters) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public Future<?> start() {
        return mqtt.subscribeUntilStored(TOPIC, MqttQoS.AT_LEAST_ONCE, this::onDeleted);
    }

    @Override
    public Future<?> stop() {
        return tail.recover(e -> Future.succeededFuture());
    }

    private Future<?> onDeleted(InboundMessage message) {
        if (ingress.parse(message, "cloudevent").isEmpty()) {
            return Future.succeededFuture();
        }
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.payload());
        } catch (IllegalArgumentException e) {
            deadLetters.reject(message, "invalid-event: " + e.getMessage());
            return Future.succeededFuture();
        }
        String tenant = message.topic().split("/")[2];
        if (!tenant.equals(event.tenant())) {
            deadLetters.reject(message, "tenant-mismatch: event of tenant '" + event.tenant() + "' on " + message.topic());
            return Future.succeededFuture();
        }
        tail = tail.transform(ignored -> forget(tenant));
        return tail;
    }

    private Future<Void> forget(String tenant) {
        return pool.<Void>withTransaction(tx -> {
            Future<?> chain = new ChannelStore(tx).list(tenant).compose(channels -> {
                Future<?> cancelled = Future.succeededFuture();
                for (Channel channel : channels) {
                    cancelled = cancelled.compose(v -> webhooks.cancel(tx, tenant, ChannelNotifier.OWNER_KIND,
                            channel.id().toString()));
                }
                return cancelled;
            });
            for (String table : TABLES) {
                chain = chain.compose(v -> tx.preparedQuery("DELETE FROM " + table + " WHERE tenant = $1").execute(Tuple.of(tenant)));
            }
            return chain.<Void>mapEmpty();
        }).onSuccess(v -> LOG.info("tenant {} deleted: its alert rules, alerts, silences and channels are gone", tenant));
    }
}
