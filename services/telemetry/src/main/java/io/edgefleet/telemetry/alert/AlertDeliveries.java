package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.events.Json;
import io.edgefleet.telemetry.notify.Delivery;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import java.net.URI;

/** Binds {@link ChannelNotifier.Deliveries} to the service's webhook delivery queue. */
final class AlertDeliveries {

    private AlertDeliveries() {
    }

    static ChannelNotifier.Deliveries of(WebhookDeliveries webhooks) {
        return (tx, tenant, channel, url, secret, body, maxAttempts) -> webhooks.enqueue(tx, new Delivery(tenant,
                ChannelNotifier.OWNER_KIND, channel.toString(), URI.create(url), secret, Json.write(body), maxAttempts));
    }
}
