package io.edgefleet.broker.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is on the other end of an MQTT connection, fixed when it authenticates.
 *
 * @param kind   agent, service account or integration key
 * @param tenant the tenant an agent or integration key belongs to; empty for a service account
 * @param name   the endpoint id of an agent, the account name of a service, the key id of an integration key
 */
public record Identity(Kind kind, String tenant, String name) {

    /** The kinds of MQTT clients, each with its own topic rules (see {@link TopicAcl}). */
    public enum Kind { AGENT, SERVICE, INTEGRATION }

    /** Tenant ids, as in docs/architecture.md. */
    public static final Pattern TENANT_ID = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    /** Endpoint ids: {@code ep-} and 12 lowercase base32 characters. */
    public static final Pattern ENDPOINT_ID = Pattern.compile("^ep-[a-z2-7]{12}$");
    /** Integration key ids: {@code ik-} and 12 lowercase base32 characters, as the registry makes them. */
    public static final Pattern KEY_ID = Pattern.compile("^ik-[a-z2-7]{12}$");
    static final Pattern SERVICE_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");
    private static final char ATTRIBUTE_SEPARATOR = '|';

    public Identity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        switch (kind) {
            case AGENT -> {
                requireMatch(TENANT_ID, tenant, "tenant");
                requireMatch(ENDPOINT_ID, name, "endpoint id");
            }
            case INTEGRATION -> {
                requireMatch(TENANT_ID, tenant, "tenant");
                requireMatch(KEY_ID, name, "integration key id");
            }
            case SERVICE -> {
                if (!tenant.isEmpty()) {
                    throw new IllegalArgumentException("a service account belongs to no tenant, got '" + tenant + "'");
                }
                requireMatch(SERVICE_NAME, name, "service account name");
            }
        }
    }

    /** @return the identity of the agent of endpoint {@code endpointId} in {@code tenant} */
    public static Identity agent(String tenant, String endpointId) {
        return new Identity(Kind.AGENT, tenant, endpointId);
    }

    /** @return the identity of service account {@code name} */
    public static Identity service(String name) {
        return new Identity(Kind.SERVICE, "", name);
    }

    /** @return the identity of integration key {@code keyId} of {@code tenant} */
    public static Identity integration(String tenant, String keyId) {
        return new Identity(Kind.INTEGRATION, tenant, keyId);
    }

    /** @return this identity as one string, for the connection's attribute store */
    public String toAttribute() {
        return kind.name() + ATTRIBUTE_SEPARATOR + tenant + ATTRIBUTE_SEPARATOR + name;
    }

    /**
     * @param attribute a string made by {@link #toAttribute()}
     * @return the identity, or empty when the string is not a valid identity
     */
    public static Optional<Identity> fromAttribute(String attribute) {
        String[] parts = attribute.split(Pattern.quote(String.valueOf(ATTRIBUTE_SEPARATOR)), -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Identity(Kind.valueOf(parts[0]), parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void requireMatch(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
        }
    }
}
