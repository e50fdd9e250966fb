package io.edgefleet.tenancy.cluster;

import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.kit.http.ProblemException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8 clients for the registered clusters. Every call to a cluster is blocking I/O, so it runs on a small worker
 * pool of its own ({@value #POOL}), never on an event loop, and a slow cluster cannot starve the database's workers.
 * One client per cluster is kept (its credential never changes) and closed when the cluster is deleted.
 */
public final class ClusterClients {

    static final String POOL = "tenancy-kubernetes";
    private static final int POOL_SIZE = 4;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterClients.class);

    private final ClusterStore store;
    private final SecretBox secrets;
    private final WorkerExecutor workers;
    private final Map<UUID, KubernetesClient> clients = new ConcurrentHashMap<>();

    public ClusterClients(Vertx vertx, ClusterStore store, SecretBox secrets) {
        Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.workers = vertx.createSharedWorkerExecutor(POOL, POOL_SIZE, 2, TimeUnit.MINUTES);
    }

    /** The associated data a cluster's credential is sealed with: it only opens in its own row. */
    static byte[] associatedData(UUID clusterId) {
        return SecretBox.associatedData("clusters", clusterId.toString());
    }

    byte[] seal(UUID clusterId, ClusterCredential credential) {
        return secrets.seal(credential.secret().getBytes(StandardCharsets.UTF_8), associatedData(clusterId));
    }

    /** Runs {@code work} with a throwaway client for a credential that is not stored yet, on a worker. */
    <T> Future<T> withCredential(ClusterCredential credential, Function<KubernetesClient, T> work) {
        return workers.executeBlocking(() -> {
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(credential.toConfig()).build()) {
                return work.apply(client);
            }
        }, false);
    }

    /**
     * Runs {@code work} with the client of a registered cluster, on a worker.
     *
     * @return fails with 404 when the cluster does not exist; otherwise with what {@code work} threw
     */
    public <T> Future<T> withCluster(UUID clusterId, Function<KubernetesClient, T> work) {
        KubernetesClient cached = clients.get(clusterId);
        Future<KubernetesClient> client = cached != null ? Future.succeededFuture(cached)
                : store.sealed(clusterId).compose(sealed -> workers.executeBlocking(() -> clients.computeIfAbsent(clusterId,
                        id -> open(sealed.orElseThrow(() -> ProblemException.notFound("cluster " + id + " does not exist")))),
                        false));
        return client.compose(c -> workers.executeBlocking(() -> work.apply(c), false));
    }

    /** Closes and forgets the client of a deleted cluster. */
    void evict(UUID clusterId) {
        Optional.ofNullable(clients.remove(clusterId)).ifPresent(KubernetesClient::close);
    }

    /** Closes every client and the worker pool. */
    public Future<Void> close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
        return workers.close();
    }

    private KubernetesClient open(ClusterStore.Sealed sealed) {
        String secret;
        try {
            secret = new String(secrets.open(sealed.credential(), associatedData(sealed.id())), StandardCharsets.UTF_8);
        } catch (SecretBox.OpenException e) {
            LOG.error("the credential of cluster {} ({}) does not open with the configured {}: {}", sealed.name(),
                    sealed.id(), SecretBox.SECRET_KEY, e.getMessage());
            throw e;
        }
        ClusterCredential credential = new ClusterCredential(sealed.kind(), sealed.apiUrl(), secret, sealed.caCertPem(),
                sealed.insecureSkipTlsVerify());
        LOG.debug("opening a client for cluster {} at {}", sealed.name(), sealed.apiUrl());
        return new KubernetesClientBuilder().withConfig(credential.toConfig()).build();
    }
}
