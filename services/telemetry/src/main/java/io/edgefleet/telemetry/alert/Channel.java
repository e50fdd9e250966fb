package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A notification channel.
 *
 * @param kind   {@code webhook} or {@code alertmanager}
 * @param url    webhook: the URL posted to; alertmanager: the base URL
 * @param secret webhook: the HMAC key; null for alertmanager
 */
public record Channel(UUID id, String tenant, String name, String kind, String url, String secret, boolean isDefault) {

    public static final String WEBHOOK = "webhook";
    public static final String ALERTMANAGER = "alertmanager";

    /** The channel as the API shows it: never with its secret, except once in the answer that created it. */
    public ObjectNode toJson(boolean withSecret) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id.toString()).put("name", name).put("kind", kind).put("url", url).put("default", isDefault);
        if (withSecret && secret != null) {
            json.put("secret", secret);
        }
        return json;
    }

    @Override
    public String toString() {
        return "Channel[" + id + " " + kind + " " + name + "]";
    }
}
