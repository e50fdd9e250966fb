package io.edgefleet.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service accounts the broker checks on its own, so that services connect while the registry is down.
 * Only SHA-256 digests of the secrets are kept; checks compare digests in constant time.
 */
public final class ServiceAccounts {

    /** A service account's MQTT username is this prefix followed by the account name. */
    public static final String USERNAME_PREFIX = "svc:";

    private static final byte[] NO_ACCOUNT = Digests.sha256("no such service account".getBytes(StandardCharsets.UTF_8));

    /** Below this length a secret is easy to guess; the broker warns at start. */
    public static final int RECOMMENDED_SECRET_LENGTH = 16;

    private final Map<String, byte[]> secretDigests;
    private final Set<String> shortSecrets;

    private ServiceAccounts(Map<String, byte[]> secretDigests, Set<String> shortSecrets) {
        this.secretDigests = Map.copyOf(secretDigests);
        this.shortSecrets = Set.copyOf(shortSecrets);
    }

    /**
     * Parses {@code name:secret[,name:secret...]}. A name is lowercase letters, digits and '-' (starting with a
     * letter, at most 40 characters); a secret may contain ':' but not ','.
     *
     * @param variable the variable the value came from, named in errors
     * @param value    the raw value
     * @return the accounts
     * @throws IllegalArgumentException naming the variable when the value is malformed
     */
    public static ServiceAccounts parse(String variable, String value) {
        Objects.requireNonNull(value, "value");
        Map<String, byte[]> digests = new LinkedHashMap<>();
        Set<String> shortSecrets = new TreeSet<>();
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(variable + " must be name:secret[,name:secret...], an entry has no ':'");
            }
            String name = trimmed.substring(0, colon);
            String secret = trimmed.substring(colon + 1);
            if (!Identity.SERVICE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(variable + " has an invalid account name '" + name
                        + "': use lowercase letters, digits and '-', starting with a letter, at most 40 characters");
            }
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(variable + " has an empty secret for account '" + name + "'");
            }
            if (digests.put(name, Digests.sha256(secret.getBytes(StandardCharsets.UTF_8))) != null) {
                throw new IllegalArgumentException(variable + " names account '" + name + "' twice");
            }
            if (secret.length() < RECOMMENDED_SECRET_LENGTH) {
                shortSecrets.add(name);
            }
        }
        return new ServiceAccounts(digests, shortSecrets);
    }

    /**
     * @param name     the account name (the MQTT username without {@value #USERNAME_PREFIX})
     * @param password the password the client presented
     * @return whether the account exists and the password is its secret
     */
    public boolean check(String name, byte[] password) {
        byte[] expected = secretDigests.get(name);
        byte[] presented = Digests.sha256(password);
        // compare against a dummy too, so an unknown name costs the same as a wrong secret
        boolean equal = MessageDigest.isEqual(expected == null ? NO_ACCOUNT : expected, presented);
        return expected != null && equal;
    }

    /** @return the account names */
    public Set<String> names() {
        return secretDigests.keySet();
    }

    /** @return names of accounts whose secret is shorter than {@value #RECOMMENDED_SECRET_LENGTH} characters */
    public Set<String> namesWithShortSecrets() {
        return shortSecrets;
    }

    @Override
    public String toString() {
        return "ServiceAccounts" + secretDigests.keySet();
    }
}
