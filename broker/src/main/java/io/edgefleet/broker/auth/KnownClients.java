package io.edgefleet.broker.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents and integration keys that authenticated since the broker started, by client id, so that the broker can
 * disconnect every session of a tenant at once and an integration key's session when the key expires. A client id is
 * an endpoint id or {@code int:<key id>}: globally unique and always of the same tenant, so an entry never goes stale
 * in a harmful way, and the directory is bounded by the fleet. Entries go when the endpoint, key or tenant is deleted
 * and when a key expires.
 */
public final class KnownClients {

    private record Entry(Identity identity, Optional<Instant> expiresAt) {
    }

    private final Map<String, Entry> clients = new ConcurrentHashMap<>();

    /** Records a client that has just been accepted. */
    public void accepted(String clientId, Identity identity, Optional<Instant> expiresAt) {
        Objects.requireNonNull(clientId, "clientId");
        if (identity.kind() != Identity.Kind.SERVICE) {
            clients.put(clientId, new Entry(identity, expiresAt));
        }
    }

    /** @return the client ids of {@code tenant}'s agents and integration keys */
    public List<String> ofTenant(String tenant) {
        List<String> found = new ArrayList<>();
        clients.forEach((clientId, entry) -> {
            if (entry.identity().tenant().equals(tenant)) {
                found.add(clientId);
            }
        });
        return found;
    }

    /** Forgets one client (its endpoint or key was deleted). */
    public void forget(String clientId) {
        clients.remove(clientId);
    }

    /** Forgets every client of a deleted tenant. */
    public void forgetTenant(String tenant) {
        clients.values().removeIf(entry -> entry.identity().tenant().equals(tenant));
    }

    /** @return the client ids whose credentials expired at {@code now}; they are forgotten */
    public List<String> takeExpired(Instant now) {
        List<String> expired = new ArrayList<>();
        clients.forEach((clientId, entry) -> {
            if (entry.expiresAt().isPresent() && !now.isBefore(entry.expiresAt().get())
                    && clients.remove(clientId, entry)) {
                expired.add(clientId);
            }
        });
        return expired;
    }

    /** @return how many clients are known */
    public int size() {
        return clients.size();
    }
}
