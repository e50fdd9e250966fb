package io.edgefleet.gateway.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.mqtt.DeadLetters;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.edgefleet.kit.mqtt.JsonIngress;
import io.edgefleet.kit.mqtt.MqttEventClient;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's view of which tenants exist and which are active, kept from the tenancy service's retained
 * snapshots on {@code fleet/v1/{tenant}/tenant} (an empty retained payload: the tenant was deleted). Because the
 * snapshots are retained, a gateway that starts or reconnects learns every tenant at once; a tenant disabled
 * in tenancy stops being usable here as soon as its snapshot arrives.
 */
public final class TenantDirectory {

    public static final String FILTER = "fleet/v1/+/tenant";
    private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);

    private final Map<String, State> byTenant = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final JsonIngress ingress;
    private final DeadLetters deadLetters;

    /** A tenant as its latest snapshot describes it. */
    private record State(boolean active, Instant createdAt) {
    }

    public TenantDirectory(JsonIngress ingress, DeadLetters deadLetters) {
        this.ingress = ingress;
        this.deadLetters = deadLetters;
    }

    /** Subscribes to the snapshots; completes once the broker accepted the subscription. */
    public Future<Void> subscribe(MqttEventClient mqtt) {
        return mqtt.subscribe(FILTER, MqttQoS.AT_LEAST_ONCE, this::apply);
    }

    void apply(InboundMessage message) {
        String[] levels = message.topic().split("/");
        if (levels.length != 4) {
            return;
        }
        String tenant = levels[2];
        if (message.payload().length() == 0) {
            if (byTenant.remove(tenant) != null) {
                LOG.info("Tenant {} deleted", tenant);
                listeners.forEach(listener -> listener.accept(tenant));
            }
            return;
        }
        Optional<JsonNode> snapshot = ingress.parse(message, "tenant-state");
        if (snapshot.isEmpty()) {
            return;
        }
        if (!tenant.equals(snapshot.get().path("tenant").asText())) {
            deadLetters.reject(message, "tenant-mismatch: snapshot of tenant '"
                    + snapshot.get().path("tenant").asText() + "' on the topic of tenant '" + tenant + "'");
            return;
        }
        boolean active = "active".equals(snapshot.get().path("status").asText());
        Instant createdAt;
        try {
            createdAt = OffsetDateTime.parse(snapshot.get().path("createdAt").asText()).toInstant();
        } catch (DateTimeParseException e) {
            deadLetters.reject(message, "schema: /createdAt: " + e.getMessage());
            return;
        }
        State before = byTenant.put(tenant, new State(active, createdAt));
        if (before == null || before.active() != active || !before.createdAt().equals(createdAt)) {
            LOG.info("Tenant {} is {}", tenant, active ? "active" : "disabled");
            listeners.forEach(listener -> listener.accept(tenant));
        }
    }

    /** Calls {@code listener} with a tenant's id whenever it appears, changes status or is deleted. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Whether {@code tenant} exists and is active. */
    public boolean isActive(String tenant) {
        State state = byTenant.get(tenant);
        return state != null && state.active();
    }

    /**
     * Whether a membership in {@code tenant} counts: the tenant is active and, when the membership names the
     * tenant's creation time (a user's access token does), it is this incarnation of the tenant id, so that a token
     * issued before the tenant was deleted and created again grants nothing in the new one.
     */
    public boolean admits(String tenant, Optional<Instant> membershipEpoch) {
        State state = byTenant.get(tenant);
        if (state == null || !state.active()) {
            return false;
        }
        return membershipEpoch.map(epoch -> epoch.equals(state.createdAt().truncatedTo(ChronoUnit.MILLIS)))
                .orElse(true);
    }
}
