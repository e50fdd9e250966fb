package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.Json;
import io.edgefleet.telemetry.notify.Delivery;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.vertx.core.Future;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds {@link ChannelNotifier.Deliveries} to the service's webhook delivery queue. */
final class AlertDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveries.class);

    private AlertDeliveries() {
    }

    static ChannelNotifier.Deliveries of(WebhookDeliveries webhooks) {
        return (tx, tenant, channel, url, secret, body, maxAttempts) -> {
            Delivery delivery;
            try {
                delivery = new Delivery(tenant, ChannelNotifier.OWNER_KIND, channel.toString(), URI.create(url), secret,
                        Json.write(body), maxAttempts);
            } catch (IllegalArgumentException e) {
                // the API refuses such URLs; one stored earlier must not stop the tenant's evaluation
                LOG.error("notification channel {} of tenant {} has a URL that cannot be sent to; notification skipped: {}",
                        channel, tenant, e.getMessage());
                return Future.succeededFuture(null);
            }
            return webhooks.enqueue(tx, delivery);
        };
    }
}
