package io.edgefleet.tenancy.partition;

import io.edgefleet.tenancy.cluster.ClusterClients;
import io.edgefleet.tenancy.cluster.ClusterFailures;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings each partition's role binding in line with its tenant's status. The tenant's status is the truth and is
 * committed first, so no cluster can hold a status change back; a cluster that fails leaves the partition marked
 * unreconciled (what the cluster still holds, and why) until a later attempt succeeds. Each attempt holds the
 * partition's row lock while it talks to the cluster and reads the tenant's status after taking it, so the last
 * attempt to run always applies the latest status.
 */
final class AccessReconciler {

    /** How an attempt treats a partition the database already records as reconciled, and a locked one. */
    enum Mode {
        /** Re-applies the access even if recorded as reconciled (a status was just set), waiting for the row. */
        ALWAYS,
        /** Only when unreconciled, waiting for the row (after a partition write, which may have raced a status). */
        IF_NEEDED,
        /** Only when unreconciled, skipping a row another transaction holds (the periodic retry). */
        RETRY
    }

    /** How many unreconciled partitions one periodic pass takes on. */
    static final int RETRY_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AccessReconciler.class);

    private final PartitionStore store;
    private final ClusterClients clusters;

    AccessReconciler(PartitionStore store, ClusterClients clusters) {
        this.store = Objects.requireNonNull(store, "store");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
    }

    /**
     * Re-applies the access of every partition of the tenant: the clusters in parallel, the partitions of one cluster
     * one after the other (so a slow cluster holds one database connection, not one per partition).
     *
     * @return the partitions afterwards; fails only when the database does
     */
    Future<List<Partition>> syncTenant(String tenant) {
        return store.partitionsOf(tenant).compose(partitions -> {
            Map<UUID, List<Partition>> byCluster = new LinkedHashMap<>();
            partitions.forEach(p -> byCluster.computeIfAbsent(p.clusterId(), id -> new ArrayList<>()).add(p));
            List<Future<List<Partition>>> chains = byCluster.values().stream().map(this::inTurn).toList();
            return Future.all(chains).map(done -> {
                List<Partition> after = new ArrayList<>();
                chains.forEach(chain -> after.addAll(chain.result()));
                return after;
            });
        });
    }

    /**
     * One periodic pass: retries the partitions recorded as unreconciled, one after the other.
     *
     * @return how many of them are reconciled now
     */
    Future<Integer> retryUnreconciled() {
        return store.unreconciled(RETRY_BATCH).compose(keys -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (Map.Entry<String, String> key : keys) {
                chain = chain.compose(count -> reconcile(key.getKey(), key.getValue(), Mode.RETRY)
                        .map(after -> after.filter(p -> p.access().reconciled()).isPresent() ? count + 1 : count)
                        .recover(failure -> {
                            LOG.error("could not retry the access of partition {}/{}: {}", key.getKey(), key.getValue(),
                                    failure.getMessage());
                            return Future.succeededFuture(count);
                        }));
            }
            return chain;
        });
    }

    /**
     * Applies the access the tenant's status asks for to one partition and records the outcome; a cluster failure is
     * recorded, not returned.
     *
     * @return the partition afterwards; empty when it is gone (or, in {@link Mode#RETRY}, locked by another attempt)
     */
    Future<Optional<Partition>> reconcile(String tenant, String name, Mode mode) {
        return store.pool().withTransaction(tx -> (mode == Mode.RETRY ? store.lockIfFree(tx, tenant, name)
                : store.lock(tx, tenant, name)).compose(found -> {
                    if (found.isEmpty() || (mode != Mode.ALWAYS && found.get().access().reconciled())) {
                        return Future.succeededFuture(found);
                    }
                    Partition partition = found.get();
                    PartitionAccess.State wanted = partition.access().wanted();
                    return clusters.withCluster(partition.clusterId(), client -> {
                        PartitionCluster.applyAccess(client, tenant, name, partition.spec(), wanted);
                        return wanted;
                    }).transform(applied -> record(tx, partition, applied)).map(Optional::of);
                }));
    }

    private Future<List<Partition>> inTurn(List<Partition> partitions) {
        Future<List<Partition>> chain = Future.succeededFuture(new ArrayList<>());
        for (Partition partition : partitions) {
            chain = chain.compose(after -> reconcile(partition.tenant(), partition.name(), Mode.ALWAYS).map(found -> {
                found.ifPresent(after::add);
                return after;
            }));
        }
        return chain;
    }

    private Future<Partition> record(SqlConnection tx, Partition before, AsyncResult<PartitionAccess.State> applied) {
        String tenant = before.tenant();
        String name = before.name();
        PartitionAccess.State wanted = before.access().wanted();
        if (applied.succeeded()) {
            if (before.access().inCluster() != wanted) {
                LOG.info("tenant {}'s access to partition {} (namespace {} in cluster {}) is {} now", tenant, name,
                        before.namespace(), before.clusterName(), wanted.text());
            }
            return store.recordAccess(tx, tenant, name, wanted, Optional.empty());
        }
        String reason = ClusterFailures.forOperation(before.clusterName(), applied.cause()).detail();
        if (before.access().lastError().equals(Optional.of(reason))) {
            LOG.debug("partition {}/{} still cannot be made {}: {}", tenant, name, wanted.text(), reason);
        } else if (before.access().reconciled()) {
            LOG.warn("could not re-apply the {} access of tenant {} to partition {} (recorded as {} already): {}",
                    wanted.text(), tenant, name, wanted.text(), reason);
        } else {
            LOG.warn("tenant {}'s access to partition {} (namespace {}) should be {} but stays {} until a retry succeeds"
                    + " (periodically, and at the tenant's next status change): {}", tenant, name, before.namespace(),
                    wanted.text(), before.access().inCluster().text(), reason);
        }
        return store.recordAccess(tx, tenant, name, before.access().inCluster(), Optional.of(reason));
    }
}
