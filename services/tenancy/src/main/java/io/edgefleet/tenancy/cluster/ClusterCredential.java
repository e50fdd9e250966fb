package io.edgefleet.tenancy.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the service reaches one cluster's API: a bearer token (with the API URL, an optional CA and the TLS-check
 * switch) or a vetted kubeconfig. It holds the credential in clear, so it lives only in memory: stored sealed, never
 * logged ({@link #toString()} hides it), never answered.
 *
 * @param kind      {@code token} or {@code kubeconfig}
 * @param apiUrl    the API server (for a kubeconfig: its current context's server)
 * @param secret    the bearer token or the kubeconfig text
 * @param caCertPem the CA that signs the API server's certificate (token only; a kubeconfig carries its own)
 */
public record ClusterCredential(String kind, String apiUrl, String secret, Optional<String> caCertPem,
                                boolean insecureSkipTlsVerify) {

    public static final String TOKEN = "token";
    public static final String KUBECONFIG = "kubeconfig";

    /** Connect timeout towards an API server: an unreachable cluster fails fast instead of holding a worker. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Per-request timeout towards an API server. */
    static final int REQUEST_TIMEOUT_MS = 20_000;
    /** fabric8 retries a failed request this many times (its default of 10 with backoff takes minutes). */
    static final int RETRIES = 1;

    public ClusterCredential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(caCertPem, "caCertPem");
        if (!TOKEN.equals(kind) && !KUBECONFIG.equals(kind)) {
            throw new IllegalArgumentException("credential kind must be token or kubeconfig, got " + kind);
        }
    }

    static ClusterCredential token(String apiUrl, String token, Optional<String> caCertPem, boolean insecureSkipTlsVerify) {
        return new ClusterCredential(TOKEN, apiUrl, token, caCertPem, insecureSkipTlsVerify);
    }

    /**
     * @throws Kubeconfigs.InvalidKubeconfigException when the kubeconfig cannot be used
     */
    static ClusterCredential kubeconfig(String yaml) {
        Kubeconfigs.Vetted vetted = Kubeconfigs.vet(yaml);
        return new ClusterCredential(KUBECONFIG, vetted.server(), yaml, Optional.empty(), vetted.insecureSkipTlsVerify());
    }

    /**
     * The fabric8 client configuration, built from this credential alone: nothing comes from this host's
     * environment, {@code ~/.kube/config} or service account.
     */
    Config toConfig() {
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withConnectionTimeout(CONNECT_TIMEOUT_MS)
                .withRequestTimeout(REQUEST_TIMEOUT_MS)
                .withRequestRetryBackoffLimit(RETRIES)
                .withRequestRetryBackoffInterval(250);
        if (TOKEN.equals(kind)) {
            builder.withMasterUrl(apiUrl).withOauthToken(secret);
            caCertPem.ifPresent(pem -> builder.withCaCertData(base64(pem)));
            return tls(builder, insecureSkipTlsVerify).build();
        }
        Kubeconfigs.Vetted vetted = Kubeconfigs.vet(secret);
        builder.withMasterUrl(vetted.server());
        vetted.caCertData().ifPresent(builder::withCaCertData);
        vetted.token().ifPresent(builder::withOauthToken);
        vetted.clientCertData().ifPresent(builder::withClientCertData);
        vetted.clientKeyData().ifPresent(builder::withClientKeyData);
        vetted.username().ifPresent(builder::withUsername);
        vetted.password().ifPresent(builder::withPassword);
        return tls(builder, vetted.insecureSkipTlsVerify()).build();
    }

    private static ConfigBuilder tls(ConfigBuilder builder, boolean insecure) {
        return builder.withTrustCerts(insecure).withDisableHostnameVerification(insecure);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ClusterCredential[" + kind + ", apiUrl=" + apiUrl + ", secret=<hidden>, insecureSkipTlsVerify="
                + insecureSkipTlsVerify + "]";
    }
}
