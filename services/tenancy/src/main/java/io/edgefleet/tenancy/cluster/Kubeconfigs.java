package io.edgefleet.tenancy.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a kubeconfig a platform admin uploaded, and refuses what the tenancy service must never do on its behalf:
 * run an {@code exec} credential plugin or an {@code auth-provider}, or read files of this host
 * ({@code certificate-authority}, {@code client-certificate}, {@code client-key}, {@code tokenFile}). Only the
 * current context is used; its credential must be inline.
 *
 * <p>The result is turned into a client configuration by {@link ClusterCredential}, never by fabric8's own
 * kubeconfig loader, which would run exec plugins and read files.
 */
final class Kubeconfigs {

    /** The kubeconfig cannot be used; the message says why and never quotes a credential. */
    static final class InvalidKubeconfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidKubeconfigException(String message) {
            super(message);
        }
    }

    /** The current context's cluster and user, all inline. */
    record Vetted(String server, Optional<String> caCertData, boolean insecureSkipTlsVerify, Optional<String> token,
                  Optional<String> clientCertData, Optional<String> clientKeyData, Optional<String> username,
                  Optional<String> password) {

        @Override
        public String toString() {
            return "Kubeconfig[server=" + server + ", credentials=<hidden>]";
        }
    }

    private Kubeconfigs() {
    }

    static Vetted vet(String yaml) {
        Config config;
        try {
            config = KubeConfigUtils.parseConfigFromString(yaml);
        } catch (RuntimeException e) {
            throw new InvalidKubeconfigException("is not a kubeconfig (YAML with clusters, contexts, users and"
                    + " current-context)");
        }
        if (config == null) {
            throw new InvalidKubeconfigException("is empty");
        }
        String current = blankToNull(config.getCurrentContext());
        if (current == null) {
            throw new InvalidKubeconfigException("has no current-context");
        }
        NamedContext context = find(config.getContexts(), current, NamedContext::getName)
                .orElseThrow(() -> new InvalidKubeconfigException("names current-context '" + current
                        + "' but has no context of that name"));
        if (context.getContext() == null) {
            throw new InvalidKubeconfigException("context '" + current + "' is empty");
        }
        String clusterName = context.getContext().getCluster();
        String userName = context.getContext().getUser();
        Cluster cluster = find(config.getClusters(), clusterName, NamedCluster::getName).map(NamedCluster::getCluster)
                .orElseThrow(() -> new InvalidKubeconfigException("context '" + current + "' names cluster '" + clusterName
                        + "', which the kubeconfig does not define"));
        AuthInfo user = find(config.getUsers(), userName, NamedAuthInfo::getName).map(NamedAuthInfo::getUser)
                .orElseThrow(() -> new InvalidKubeconfigException("context '" + current + "' names user '" + userName
                        + "', which the kubeconfig does not define"));
        refuseUnsupported(cluster, user);
        String server = blankToNull(cluster.getServer());
        if (server == null) {
            throw new InvalidKubeconfigException("cluster '" + clusterName + "' has no server URL");
        }
        Vetted vetted = new Vetted(server, optional(cluster.getCertificateAuthorityData()),
                Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify()), optional(user.getToken()),
                optional(user.getClientCertificateData()), optional(user.getClientKeyData()), optional(user.getUsername()),
                optional(user.getPassword()));
        boolean certificate = vetted.clientCertData().isPresent() && vetted.clientKeyData().isPresent();
        boolean basic = vetted.username().isPresent() && vetted.password().isPresent();
        if (vetted.token().isEmpty() && !certificate && !basic) {
            throw new InvalidKubeconfigException("user '" + userName + "' has no inline credential: give token, or"
                    + " client-certificate-data with client-key-data");
        }
        if (vetted.clientCertData().isPresent() != vetted.clientKeyData().isPresent()) {
            throw new InvalidKubeconfigException("user '" + userName + "' needs both client-certificate-data and"
                    + " client-key-data");
        }
        return vetted;
    }

    private static void refuseUnsupported(Cluster cluster, AuthInfo user) {
        List<String> refused = new ArrayList<>();
        if (user.getExec() != null) {
            refused.add("exec credential plugins");
        }
        if (user.getAuthProvider() != null) {
            refused.add("auth-provider");
        }
        if (blankToNull(user.getTokenFile()) != null) {
            refused.add("tokenFile (give token inline)");
        }
        if (blankToNull(user.getClientCertificate()) != null || blankToNull(user.getClientKey()) != null) {
            refused.add("client-certificate/client-key files (give client-certificate-data and client-key-data)");
        }
        if (blankToNull(cluster.getCertificateAuthority()) != null) {
            refused.add("certificate-authority files (give certificate-authority-data)");
        }
        if (blankToNull(cluster.getProxyUrl()) != null) {
            refused.add("proxy-url");
        }
        if (blankToNull(user.getAs()) != null || (user.getAsGroups() != null && !user.getAsGroups().isEmpty())) {
            refused.add("impersonation (as, as-groups)");
        }
        if (!refused.isEmpty()) {
            throw new InvalidKubeconfigException("uses what the platform does not allow: " + String.join(", ", refused));
        }
    }

    private static <T> Optional<T> find(List<T> items, String name, java.util.function.Function<T, String> nameOf) {
        if (items == null || name == null) {
            return Optional.empty();
        }
        return items.stream().filter(item -> name.equals(nameOf.apply(item))).findFirst();
    }

    private static Optional<String> optional(String value) {
        return Optional.ofNullable(blankToNull(value));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
