package io.edgefleet.gateway.access;

import java.util.Arrays;
import java.util.Optional;

/** A member's role in a tenant, ordered: each role may do what the roles below it may. */
public enum Role {
    VIEWER("viewer"),
    OPERATOR("operator"),
    TENANT_ADMIN("tenant-admin");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in tokens and APIs, e.g. {@code tenant-admin}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this role may do what {@code required} may. */
    public boolean covers(Role required) {
        return compareTo(required) >= 0;
    }

    /** The role named {@code name}; empty for anything else. */
    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }
}
