package io.edgefleet.agent.runtime;

import java.util.List;
import java.util.Optional;

/**
 * A login for a private image registry, from the desired document's {@code registries}.
 *
 * @param host     the registry as image references name it, e.g. {@code reg.example:5000}
 * @param username the user name
 * @param password the password or token; never logged ({@link #toString()} hides it)
 */
public record RegistryCredential(String host, String username, String password) {

    /** The registry host of Docker Hub, for images whose reference names no registry. */
    public static final String DOCKER_HUB = "docker.io";

    /**
     * The registry an image reference pulls from: the part before the first '/' when it looks like a host (holds a
     * '.' or ':' or is {@code localhost}), else Docker Hub.
     */
    public static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = image.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return host ? first : DOCKER_HUB;
    }

    /** The credential among {@code credentials} for the registry {@code image} comes from, if any. */
    public static Optional<RegistryCredential> forImage(String image, List<RegistryCredential> credentials) {
        String registry = registryOf(image);
        return credentials.stream().filter(c -> c.host().equalsIgnoreCase(registry)
                || (registry.equals(DOCKER_HUB) && c.host().endsWith("docker.io"))).findFirst();
    }

    @Override
    public String toString() {
        return "RegistryCredential[host=" + host + ", username=" + username + ", password=***]";
    }
}
