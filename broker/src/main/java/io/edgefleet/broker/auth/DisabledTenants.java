package io.edgefleet.broker.auth;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants whose clients the broker refuses on its own, learned from {@code tenant.disabled} and {@code tenant.deleted}
 * events and lifted by {@code tenant.enabled} and {@code tenant.created}. The registry refuses them as well once it
 * has applied the tenant's snapshot; this set closes the gap in between, so an agent that reconnects right after its
 * tenant was disabled cannot slip in with an answer the registry gave a moment before. Empty after a broker start:
 * then the registry's answers alone decide.
 */
public final class DisabledTenants {

    private final Set<String> tenants = ConcurrentHashMap.newKeySet();

    /** Refuses the tenant's agents and integration keys from now on. */
    public void disable(String tenant) {
        tenants.add(Objects.requireNonNull(tenant, "tenant"));
    }

    /** Lets the registry's answers decide about the tenant's clients again. */
    public void enable(String tenant) {
        tenants.remove(Objects.requireNonNull(tenant, "tenant"));
    }

    /** @return whether clients of {@code identity}'s tenant are refused; service accounts never are */
    public boolean refuses(Identity identity) {
        return identity.kind() != Identity.Kind.SERVICE && tenants.contains(identity.tenant());
    }
}
