package io.edgefleet.broker.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.edgefleet.broker.auth.AuthCache;
import io.edgefleet.broker.auth.DisabledTenants;
import io.edgefleet.broker.auth.Identity;
import io.edgefleet.broker.auth.KnownClients;
import io.edgefleet.broker.auth.RegistryAuthClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Watches the events on {@code fleet/v1/{tenant}/events/{type}} that take credentials away and acts on them at once:
 * <ul>
 *   <li>{@code endpoint.deleted}, {@code endpoint.credential-rotated} ({@code data.endpointId}): forget the endpoint's
 *   cached answers, disconnect its session;</li>
 *   <li>{@code integration-key.revoked} ({@code data.keyId}): the same for client {@code int:<key id>};</li>
 *   <li>{@code tenant.disabled}, {@code tenant.deleted} ({@code data.tenant} = the topic's tenant): refuse the tenant's
 *   agents and integration keys from now on, forget their cached answers and disconnect all their sessions;</li>
 *   <li>{@code tenant.enabled}, {@code tenant.created}: stop refusing the tenant and forget cached refusals (the
 *   registry decides again).</li>
 * </ul>
 * It also disconnects integration keys whose expiry passed ({@link #disconnectExpired}).
 * Installed only on service-account connections, the only ones allowed to publish such events; agents' and
 * integration keys' publishes never pass through it.
 */
final class RevocationInterceptor implements PublishInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationInterceptor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "fleet/v1/";
    private static final String EVENTS = "/events/";

    /** What an event asks the broker to do. */
    enum Action {
        DROP_ENDPOINT("endpointId", Identity.ENDPOINT_ID),
        DROP_KEY("keyId", Identity.KEY_ID),
        DISABLE_TENANT("tenant", Identity.TENANT_ID),
        DELETE_TENANT("tenant", Identity.TENANT_ID),
        ENABLE_TENANT("tenant", Identity.TENANT_ID);

        private final String field;
        private final Pattern syntax;

        Action(String field, Pattern syntax) {
            this.field = field;
            this.syntax = syntax;
        }
    }

    private static final Map<String, Action> WATCHED = Map.of(
            "endpoint.deleted", Action.DROP_ENDPOINT,
            "endpoint.credential-rotated", Action.DROP_ENDPOINT,
            "integration-key.revoked", Action.DROP_KEY,
            "tenant.disabled", Action.DISABLE_TENANT,
            "tenant.deleted", Action.DELETE_TENANT,
            "tenant.enabled", Action.ENABLE_TENANT,
            "tenant.created", Action.ENABLE_TENANT);

    /** A watched event: its tenant (from the topic), short type and action. */
    record Watched(String tenant, String type, Action action) {
    }

    private final AuthCache cache;
    private final ClientService clients;
    private final DisabledTenants disabled;
    private final KnownClients known;

    RevocationInterceptor(AuthCache cache, ClientService clients, DisabledTenants disabled, KnownClients known) {
        this.cache = cache;
        this.clients = clients;
        this.disabled = disabled;
        this.known = known;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        Optional<Watched> watched = watched(topic);
        if (watched.isEmpty()) {
            return;
        }
        Action action = watched.get().action();
        Optional<String> subject = field(input.getPublishPacket().getPayload(), action);
        if (subject.isEmpty() || (action.field.equals("tenant") && !subject.get().equals(watched.get().tenant()))) {
            LOG.warn("Ignored event on {} from MQTT client {}: payload is not a CloudEvent with a valid data.{}{}", topic,
                    input.getClientInformation().getClientId(), action.field,
                    action.field.equals("tenant") ? " equal to the topic's tenant" : "");
            return;
        }
        String reason = watched.get().type().replace('.', ' ');
        switch (action) {
            case DROP_ENDPOINT -> dropClient(subject.get(), reason);
            case DROP_KEY -> dropClient(RegistryAuthClient.INTEGRATION_PREFIX + subject.get(), reason);
            case DISABLE_TENANT -> dropTenant(subject.get(), reason, false);
            case DELETE_TENANT -> dropTenant(subject.get(), reason, true);
            case ENABLE_TENANT -> {
                disabled.enable(subject.get());
                LOG.info("{}: clients of tenant {} are admitted again; dropped {} cached refusals", reason, subject.get(),
                        cache.invalidateDenials());
            }
        }
    }

    /** Disconnects the integration keys whose expiry has passed; runs every second. */
    void disconnectExpired(Instant now) {
        for (String clientId : known.takeExpired(now)) {
            disconnect(clientId, "integration key expired", cache.invalidate(clientId));
        }
    }

    private void dropClient(String clientId, String reason) {
        int dropped = cache.invalidate(clientId);
        known.forget(clientId);
        disconnect(clientId, reason, dropped);
    }

    private void dropTenant(String tenant, String reason, boolean deleted) {
        disabled.disable(tenant);
        int dropped = cache.invalidateTenant(tenant);
        List<String> clientIds = known.ofTenant(tenant);
        if (deleted) {
            known.forgetTenant(tenant);
        }
        LOG.info("{}: refusing the clients of tenant {}, dropped {} cached auth answers, disconnecting up to {} sessions",
                reason, tenant, dropped, clientIds.size());
        clientIds.forEach(clientId -> disconnect(clientId, reason, 0));
    }

    private void disconnect(String clientId, String reason, int droppedAnswers) {
        clients.disconnectClient(clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, reason)
                .whenComplete((wasConnected, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not disconnect MQTT client {} after {}", clientId, reason, failure);
                    } else if (Boolean.TRUE.equals(wasConnected) || droppedAnswers > 0) {
                        LOG.info("{}: dropped {} cached auth answers of {}{}", reason, droppedAnswers, clientId,
                                Boolean.TRUE.equals(wasConnected) ? " and disconnected its session" : "");
                    }
                });
    }

    /**
     * Cheap on purpose: it runs for every publish of a service. {@code fleet/v1/{tenant}/events/{type}} with exactly
     * one tenant level and a watched type.
     */
    static Optional<Watched> watched(String topic) {
        if (!topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || !topic.startsWith(EVENTS, slash)) {
            return Optional.empty();
        }
        String type = topic.substring(slash + EVENTS.length());
        Action action = WATCHED.get(type);
        return action == null ? Optional.empty()
                : Optional.of(new Watched(topic.substring(PREFIX.length(), slash), type, action));
    }

    private static Optional<String> field(Optional<ByteBuffer> payload, Action action) {
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer buffer = payload.get().asReadOnlyBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        try {
            JsonNode value = JSON.readTree(bytes).path("data").path(action.field);
            return value.isTextual() && action.syntax.matcher(value.asText()).matches()
                    ? Optional.of(value.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
