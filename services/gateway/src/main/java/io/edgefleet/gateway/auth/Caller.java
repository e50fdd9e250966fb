package io.edgefleet.gateway.auth;

import io.edgefleet.gateway.access.Role;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who makes a call, as the gateway authenticated it.
 *
 * @param kind          a signed-in user (JWT) or an API token
 * @param id            the user id or the API token id
 * @param name          the user's email; empty for an API token
 * @param platformAdmin whether the caller may act in every tenant and on platform resources
 * @param memberships   tenant → role (an API token: its one tenant)
 * @param tenantsCreatedAt for a user: when each tenant of its memberships was created, as its access token says,
 *                      so that a membership binds to one incarnation of a tenant id; empty for an API token, which
 *                      tenancy checks on every call
 * @param issuedAt      when a user's access token was issued (to the millisecond); empty for an API token
 */
public record Caller(Kind kind, String id, Optional<String> name, boolean platformAdmin, Map<String, Role> memberships,
                     Map<String, Instant> tenantsCreatedAt, Optional<Instant> issuedAt) {

    public enum Kind {
        USER("user"), API_TOKEN("api-token");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** How the audit log names the kind. */
        public String wireName() {
            return wireName;
        }
    }

    public Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        memberships = Map.copyOf(memberships);
        tenantsCreatedAt = Map.copyOf(tenantsCreatedAt);
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** The caller's role in {@code tenant}; empty when not a member. */
    public Optional<Role> roleIn(String tenant) {
        return Optional.ofNullable(memberships.get(tenant));
    }

    /**
     * The creation time of {@code tenant} the caller's membership is bound to: for a user, what its token says
     * (an epoch that cannot match any tenant when the token has none); empty for an API token.
     */
    public Optional<Instant> membershipEpoch(String tenant) {
        if (kind == Kind.API_TOKEN) {
            return Optional.empty();
        }
        return Optional.of(tenantsCreatedAt.getOrDefault(tenant, Instant.MIN));
    }

    /** The value of {@code X-Edgefleet-Principal}: {@code user:<id>} or {@code token:<id>}. */
    public String principal() {
        return (kind == Kind.USER ? "user:" : "token:") + id;
    }

    /** The key its request budget is counted under. */
    public String rateLimitKey() {
        return principal();
    }
}
