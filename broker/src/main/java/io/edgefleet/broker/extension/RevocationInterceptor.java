package io.edgefleet.broker.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.edgefleet.broker.auth.AuthCache;
import io.edgefleet.broker.auth.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Watches the registry's {@code endpoint.deleted} and {@code endpoint.credential-rotated} events on
 * {@code fleet/v1/{tenant}/events/...}: on either it forgets the cached auth answers of the endpoint and disconnects
 * its live session, so old credentials stop working at once. Installed only on service-account connections, the
 * only ones allowed to publish such events; agents' publishes never pass through it.
 */
final class CredentialEventInterceptor implements PublishInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialEventInterceptor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "fleet/v1/";
    private static final String DELETED = "/events/endpoint.deleted";
    private static final String ROTATED = "/events/endpoint.credential-rotated";

    private final AuthCache cache;
    private final ClientService clients;

    CredentialEventInterceptor(AuthCache cache, ClientService clients) {
        this.cache = cache;
        this.clients = clients;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (!isCredentialEvent(topic)) {
            return;
        }
        String publisher = input.getClientInformation().getClientId();
        Optional<String> endpointId = endpointId(input.getPublishPacket().getPayload());
        if (endpointId.isEmpty()) {
            LOG.warn("Ignored event on {} from MQTT client {}: payload is not a CloudEvent with a valid data.endpointId",
                    topic, publisher);
            return;
        }
        String endpoint = endpointId.get();
        int dropped = cache.invalidate(endpoint);
        String reason = topic.endsWith(DELETED) ? "endpoint deleted" : "endpoint credentials changed";
        clients.disconnectClient(endpoint, false, DisconnectReasonCode.NOT_AUTHORIZED, reason)
                .whenComplete((wasConnected, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not disconnect endpoint {} after {}", endpoint, reason, failure);
                    } else {
                        LOG.info("{}: dropped {} cached auth answers of endpoint {}{}", reason, dropped, endpoint,
                                Boolean.TRUE.equals(wasConnected) ? " and disconnected its session" : "");
                    }
                });
    }

    /** Cheap on purpose: it runs for every publish of a service. */
    static boolean isCredentialEvent(String topic) {
        if (!topic.startsWith(PREFIX)) {
            return false;
        }
        String suffix = topic.endsWith(DELETED) ? DELETED : topic.endsWith(ROTATED) ? ROTATED : null;
        // exactly one tenant level between the prefix and the suffix
        return suffix != null && topic.indexOf('/', PREFIX.length()) == topic.length() - suffix.length()
                && topic.length() - suffix.length() > PREFIX.length();
    }

    private static Optional<String> endpointId(Optional<ByteBuffer> payload) {
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer buffer = payload.get().asReadOnlyBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        try {
            JsonNode endpoint = JSON.readTree(bytes).path("data").path("endpointId");
            return endpoint.isTextual() && Identity.ENDPOINT_ID.matcher(endpoint.asText()).matches()
                    ? Optional.of(endpoint.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
