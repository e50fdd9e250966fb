package io.edgefleet.gateway.access;

import java.util.Objects;

/**
 * Who may call an operation.
 *
 * @param kind    open to anyone, any authenticated caller, platform admins only, or members of the path's tenant
 * @param minRole for {@link Kind#TENANT}: the least role a member needs; platform admins always pass
 */
public record Access(Kind kind, Role minRole) {

    public enum Kind { OPEN, AUTHENTICATED, PLATFORM_ADMIN, TENANT }

    public Access {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TENANT) != (minRole != null)) {
            throw new IllegalArgumentException("a minimum role goes with tenant access and only with it");
        }
    }

    public static Access open() {
        return new Access(Kind.OPEN, null);
    }

    public static Access authenticated() {
        return new Access(Kind.AUTHENTICATED, null);
    }

    public static Access platformAdmin() {
        return new Access(Kind.PLATFORM_ADMIN, null);
    }

    public static Access tenant(Role minRole) {
        return new Access(Kind.TENANT, Objects.requireNonNull(minRole, "minRole"));
    }

    /** How the role matrix in the docs names it. */
    public String describe() {
        return switch (kind) {
            case OPEN -> "anyone";
            case AUTHENTICATED -> "any signed-in caller";
            case PLATFORM_ADMIN -> "platform-admin";
            case TENANT -> minRole.wireName() + "+";
        };
    }
}
