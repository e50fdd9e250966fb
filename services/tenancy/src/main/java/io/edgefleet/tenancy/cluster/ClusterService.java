package io.edgefleet.tenancy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.vertx.core.Future;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers clusters after checking that their API server answers with the given credential, stores the credential
 * sealed, and checks and deletes them. A cluster that still holds partitions cannot be deleted.
 */
public final class ClusterService {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

    private final ClusterStore store;
    private final ClusterClients clients;
    private final Clock clock;

    public ClusterService(ClusterStore store, ClusterClients clients, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The store, for other parts that resolve clusters by name. */
    public ClusterStore store() {
        return store;
    }

    /** The clients, for other parts that work in a cluster. */
    public ClusterClients clients() {
        return clients;
    }

    /**
     * Registers a cluster from a body valid against {@code rest/cluster-create}.
     *
     * @return fails with 422 naming the field for a bad URL, CA, kubeconfig or a refused credential, 502
     *         {@code cluster-unreachable} when the API server cannot be reached, 409 {@code cluster-exists}
     */
    public Future<Cluster> register(JsonNode body, Optional<String> principal) {
        String name = body.path("name").asText();
        boolean kubeconfig = body.has("kubeconfig");
        ClusterCredential credential = credential(body);
        String credentialField = kubeconfig ? "/kubeconfig" : "/token";
        return store.byName(name)
                .compose(existing -> existing.isPresent() ? Future.failedFuture(taken(name)) : Future.succeededFuture())
                .compose(v -> clients.withCredential(credential, KubernetesClient::getKubernetesVersion)
                        .recover(failure -> Future.failedFuture(
                                ClusterFailures.forRegistration(credential.apiUrl(), failure, credentialField))))
                .compose(version -> {
                    UUID id = UUID.randomUUID();
                    ClusterStore.Check check = new ClusterStore.Check(Cluster.READY, Optional.of(gitVersion(version)), now(),
                            Optional.empty());
                    return store.insert(id, name, credential, clients.seal(id, credential), check, principal);
                })
                .recover(failure -> Future.failedFuture(failure instanceof ClusterStore.NameTakenException ? taken(name) : failure))
                .onSuccess(cluster -> LOG.info("cluster {} ({}) at {} registered by {} with a {}: Kubernetes {}",
                        cluster.name(), cluster.id(), cluster.apiUrl(), principal.orElse("an internal caller"),
                        cluster.authKind(), cluster.kubernetesVersion().orElse("?")));
    }

    public Future<List<Cluster>> list() {
        return store.list();
    }

    public Future<Optional<Cluster>> get(UUID id) {
        return store.get(id);
    }

    /** Asks the API server for its version again and records the outcome ({@code ready} or {@code unreachable}). */
    public Future<Optional<Cluster>> check(UUID id) {
        return store.get(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Cluster>empty());
            }
            Cluster cluster = found.get();
            return clients.withCluster(id, KubernetesClient::getKubernetesVersion)
                    .map(version -> new ClusterStore.Check(Cluster.READY, Optional.of(gitVersion(version)), now(), Optional.empty()))
                    .recover(failure -> {
                        String reason = ClusterFailures.forOperation(cluster.name(), failure).detail();
                        LOG.warn("cluster {} ({}) check failed: {}", cluster.name(), id, reason);
                        return Future.succeededFuture(new ClusterStore.Check(Cluster.UNREACHABLE, Optional.empty(), now(),
                                Optional.of(reason)));
                    })
                    .compose(check -> store.recordCheck(id, check));
        });
    }

    /**
     * Deletes a cluster and forgets its credential.
     *
     * @return fails with 404, or 409 {@code cluster-in-use} while partitions live in it
     */
    public Future<Void> delete(UUID id, Optional<String> principal) {
        return store.delete(id).compose(outcome -> switch (outcome) {
            case NOT_FOUND -> Future.failedFuture(notFound(id.toString()));
            case IN_USE -> Future.failedFuture(ProblemException.conflict("cluster-in-use",
                    "cluster " + id + " still holds partitions; delete them first"));
            case DELETED -> {
                clients.evict(id);
                LOG.info("cluster {} deleted by {}", id, principal.orElse("an internal caller"));
                yield Future.<Void>succeededFuture();
            }
        });
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("cluster '" + id + "' does not exist");
    }

    private static ProblemException taken(String name) {
        return ProblemException.conflict("cluster-exists", "a cluster named '" + name + "' already exists");
    }

    private static ClusterCredential credential(JsonNode body) {
        if (body.has("kubeconfig")) {
            try {
                return ClusterCredential.kubeconfig(body.path("kubeconfig").asText());
            } catch (Kubeconfigs.InvalidKubeconfigException e) {
                throw invalid("/kubeconfig", "the kubeconfig " + e.getMessage());
            }
        }
        String apiUrl = body.path("apiUrl").asText();
        checkApiUrl(apiUrl);
        Optional<String> ca = Optional.ofNullable(body.get("caCertPem")).map(JsonNode::asText);
        ca.ifPresent(ClusterService::checkCertificate);
        return ClusterCredential.token(apiUrl, body.path("token").asText(), ca,
                body.path("insecureSkipTlsVerify").asBoolean(false));
    }

    private static void checkApiUrl(String apiUrl) {
        URI uri;
        try {
            uri = new URI(apiUrl);
        } catch (URISyntaxException e) {
            throw invalid("/apiUrl", "is not a URL: " + e.getReason());
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw invalid("/apiUrl", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("/apiUrl", "must name a host and carry no user, query or fragment");
        }
    }

    private static void checkCertificate(String pem) {
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw invalid("/caCertPem", "holds no certificate");
            }
        } catch (CertificateException e) {
            throw invalid("/caCertPem", "is not a PEM X.509 certificate");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.validation(List.of(new FieldError(field, message)));
    }

    private static String gitVersion(VersionInfo version) {
        return version.getGitVersion() == null ? version.getMajor() + "." + version.getMinor() : version.getGitVersion();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
