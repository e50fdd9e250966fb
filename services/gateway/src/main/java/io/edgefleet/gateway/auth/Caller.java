package io.edgefleet.gateway.auth;

import io.edgefleet.gateway.access.Role;
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
 */
public record Caller(Kind kind, String id, Optional<String> name, boolean platformAdmin, Map<String, Role> memberships) {

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
    }

    /** The caller's role in {@code tenant}; empty when not a member. */
    public Optional<Role> roleIn(String tenant) {
        return Optional.ofNullable(memberships.get(tenant));
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
