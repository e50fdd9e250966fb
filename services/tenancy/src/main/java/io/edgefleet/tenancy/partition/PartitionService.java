package io.edgefleet.tenancy.partition;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.tenancy.cluster.ClusterClients;
import io.edgefleet.tenancy.cluster.ClusterFailures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant partitions: a namespace per partition with a ResourceQuota, a LimitRange and a RoleBinding of the tenant's
 * group to {@code edit}. Each write holds its row (or, for a create, the new row and a share lock on the cluster) in a
 * transaction while the cluster is changed, so the database and the cluster change together or not at all, and two
 * writers of one partition take turns even across replicas. The role binding exists only while the tenant is active:
 * {@link #syncAccess} suspends (deletes) or restores it after a status change, and a partition whose cluster could
 * not be reached then is retried by {@link #retryUnreconciledAccess} ({@link PartitionAccess}).
 */
public final class PartitionService {

    /** What a GET of one partition shows: the stored partition and what its cluster reports now. */
    public record View(Partition partition, Optional<PartitionUsage> usage, Optional<String> usageError) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PartitionService.class);

    private final PartitionStore store;
    private final ClusterClients clusters;
    private final AccessReconciler access;

    public PartitionService(Pool pool, ClusterClients clusters) {
        this.store = new PartitionStore(Objects.requireNonNull(pool, "pool"));
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.access = new AccessReconciler(store, clusters);
    }

    /**
     * Creates a partition from a body valid against {@code rest/partition-create}.
     *
     * @return fails with 422 (bad quantity, unknown cluster), 404 (unknown tenant), 409 (name or namespace taken, a
     *         foreign namespace of that name in the cluster) or 502 (the cluster failed)
     */
    public Future<Partition> create(String tenant, JsonNode body, Optional<String> principal) {
        String name = body.path("name").asText();
        String clusterName = body.path("cluster").asText();
        PartitionSpec spec = PartitionSpec.fromJson(body.path("quota"), body.path("limits")).validate();
        return store.pool().withTransaction(tx -> store.lockCluster(tx, clusterName)
                        .compose(clusterId -> clusterId.isPresent() ? Future.succeededFuture(clusterId.get())
                                : Future.failedFuture(ProblemException.validation(List.of(new FieldError("/cluster",
                                        "no cluster named '" + clusterName + "' is registered")))))
                        .compose(clusterId -> store.insert(tx, tenant, name, clusterId, spec, principal))
                        .compose(partition -> inCluster(partition, client -> {
                            PartitionCluster.apply(client, tenant, name, spec, partition.access().wanted());
                            return partition;
                        })))
                .compose(this::recheckAccess)
                .onSuccess(p -> LOG.info("partition {}/{} created in cluster {} as namespace {} by {}", tenant, name,
                        p.clusterName(), p.namespace(), principal.orElse("an internal caller")));
    }

    /** The tenant's partitions (without usage: that would ask every cluster); 404 for an unknown tenant. */
    public Future<List<Partition>> list(String tenant) {
        return store.list(tenant);
    }

    /** The stored partition, without asking its cluster; empty when the tenant has none of that name. */
    public Future<Optional<Partition>> find(String tenant, String name) {
        return store.get(tenant, name);
    }

    /** One partition with the quota's hard limits and usage as its cluster reports them, if it can be reached. */
    public Future<Optional<View>> get(String tenant, String name) {
        return store.get(tenant, name).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<View>empty());
            }
            Partition partition = found.get();
            return clusters.withCluster(partition.clusterId(), client -> PartitionCluster.usage(client, tenant, name))
                    .map(usage -> Optional.of(new View(partition, usage, Optional.empty())))
                    .recover(failure -> Future.succeededFuture(Optional.of(new View(partition, Optional.empty(),
                            Optional.of(ClusterFailures.forOperation(partition.clusterName(), failure).detail())))));
        });
    }

    /**
     * Changes quota and/or limits from a body valid against {@code rest/partition-update} and applies the whole spec
     * to the cluster again (which also repairs objects someone changed by hand). Empty for an unknown partition.
     */
    public Future<Optional<Partition>> update(String tenant, String name, JsonNode patch, Optional<String> principal) {
        return store.pool().withTransaction(tx -> store.lock(tx, tenant, name).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Partition>empty());
            }
            PartitionSpec spec = found.get().spec().patched(patch).validate();
            PartitionAccess.State access = found.get().access().wanted();
            return inCluster(found.get(), client -> {
                PartitionCluster.apply(client, tenant, name, spec, access);
                return spec;
            }).compose(applied -> store.update(tx, tenant, name, applied, access)).map(Optional::of);
        })).compose(updated -> updated.isEmpty() ? Future.succeededFuture(updated)
                : recheckAccess(updated.get()).map(Optional::of))
                .onSuccess(updated -> updated.ifPresent(p -> LOG.info("partition {}/{} updated by {}: quota {}, limits {}",
                tenant, name, principal.orElse("an internal caller"), p.spec().quota(), p.spec().limits())));
    }

    /** Deletes the partition's namespace in its cluster, then its row; false for an unknown partition. */
    public Future<Boolean> delete(String tenant, String name, Optional<String> principal) {
        return store.pool().withTransaction(tx -> store.lock(tx, tenant, name).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(false);
            }
            return inCluster(found.get(), client -> {
                PartitionCluster.delete(client, tenant, name);
                return found.get();
            }).compose(p -> store.delete(tx, tenant, name)).map(true);
        })).onSuccess(deleted -> {
            if (deleted) {
                LOG.info("partition {}/{} deleted with its namespace by {}", tenant, name, principal.orElse("an internal caller"));
            }
        });
    }

    /**
     * Deletes every partition of a tenant (namespaces first), one after the other: what a tenant delete does before
     * the tenant goes. Stops at the first cluster that fails, naming it; the partitions not deleted stay.
     *
     * @return the number of partitions deleted
     */
    public Future<Integer> deleteAllOf(String tenant, Optional<String> principal) {
        return store.partitionsOf(tenant).compose(partitions -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (Partition partition : partitions) {
                chain = chain.compose(count -> delete(tenant, partition.name(), principal)
                        .recover(failure -> Future.failedFuture(teardownFailure(tenant, partition, failure)))
                        .map(deleted -> deleted ? count + 1 : count));
            }
            return chain;
        });
    }

    /**
     * Suspends the tenant's Kubernetes access in every partition (deletes its role binding) when the tenant is
     * disabled, or restores it when active: what a tenant status change does once it is committed. A cluster that
     * fails is recorded in the partition's {@link PartitionAccess} and retried; it never fails this call.
     *
     * @return the tenant's partitions afterwards; fails only when the database does
     */
    public Future<List<Partition>> syncAccess(String tenant) {
        return access.syncTenant(tenant).onSuccess(after -> {
            long pending = after.stream().filter(p -> !p.access().reconciled()).count();
            if (!after.isEmpty()) {
                LOG.info("tenant {}: access {} in {} of {} partitions{}", tenant, after.get(0).access().wanted().text(),
                        after.size() - pending, after.size(), pending == 0 ? "" : ", the others retried later");
            }
        });
    }

    /**
     * Retries the partitions whose cluster does not hold the access their tenant's status asks for (at most
     * {@value AccessReconciler#RETRY_BATCH} per call), skipping those another attempt holds.
     *
     * @return how many of them are reconciled now
     */
    public Future<Integer> retryUnreconciledAccess() {
        return access.retryUnreconciled();
    }

    /**
     * A partition written while its tenant's status changed may have applied the status from before: looks again
     * after the commit. The partition was written either way, so a failure here is left to the periodic retry.
     */
    private Future<Partition> recheckAccess(Partition written) {
        return access.reconcile(written.tenant(), written.name(), AccessReconciler.Mode.IF_NEEDED)
                .map(after -> after.orElse(written))
                .recover(failure -> {
                    LOG.warn("could not recheck the access of partition {}/{} after writing it: {}", written.tenant(),
                            written.name(), failure.getMessage());
                    return Future.succeededFuture(written);
                });
    }

    private <T> Future<T> inCluster(Partition partition, Function<KubernetesClient, T> work) {
        return clusters.withCluster(partition.clusterId(), work)
                .recover(failure -> Future.failedFuture(ClusterFailures.forOperation(partition.clusterName(), failure)));
    }

    private static ProblemException teardownFailure(String tenant, Partition partition, Throwable failure) {
        ProblemException cause = ClusterFailures.forOperation(partition.clusterName(), failure);
        return new ProblemException(cause.status(), cause.slug(), cause.title(), "tenant '" + tenant + "' keeps partition '"
                + partition.name() + "': " + cause.detail(), cause.errors());
    }
}
