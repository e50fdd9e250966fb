package io.edgefleet.tenancy.partition;

import io.edgefleet.kit.http.ProblemException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's side in its cluster: blocking fabric8 calls, run only on the cluster workers
 * ({@code ClusterClients.withCluster}). A namespace that exists without this partition's labels is never adopted,
 * changed or deleted.
 */
final class PartitionCluster {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCluster.class);

    private PartitionCluster() {
    }

    /**
     * Creates the namespace if missing, then creates or replaces the quota and limit range, and creates or replaces the
     * role binding when {@code access} is granted or deletes it when suspended. When this call created the namespace
     * and a later step fails, the namespace is deleted again before the failure is rethrown, so a refused create
     * leaves nothing behind.
     */
    static void apply(KubernetesClient client, String tenant, String partition, PartitionSpec spec,
                      PartitionAccess.State access) {
        String name = PartitionObjects.namespace(tenant, partition);
        Namespace existing = client.namespaces().withName(name).get();
        if (existing != null) {
            if (!PartitionObjects.belongsTo(existing, tenant, partition)) {
                throw ProblemException.conflict("namespace-exists", "namespace " + name
                        + " already exists in the cluster and does not belong to this partition");
            }
            if (existing.getMetadata().getDeletionTimestamp() != null) {
                throw ProblemException.conflict("namespace-terminating", "namespace " + name
                        + " is still being deleted in the cluster; try again once it is gone");
            }
        } else {
            client.resource(PartitionObjects.namespaceObject(tenant, partition)).create();
        }
        try {
            client.resource(PartitionObjects.quota(tenant, partition, spec.quota())).createOr(NonDeletingOperation::update);
            client.resource(PartitionObjects.limitRange(tenant, partition, spec.limits())).createOr(NonDeletingOperation::update);
            if (access == PartitionAccess.State.GRANTED) {
                client.resource(PartitionObjects.roleBinding(tenant, partition)).createOr(NonDeletingOperation::update);
            } else {
                deleteRoleBinding(client, name);
            }
        } catch (RuntimeException e) {
            if (existing == null) {
                deleteQuietly(client, name);
            }
            throw e;
        }
    }

    /**
     * Gives the tenant's group its access to the partition again (the whole partition is applied, as an update does,
     * so the role binding comes back with the values it was created with and hand edits are repaired), or suspends it
     * by deleting the role binding alone: namespace, quota, limit range and the tenant's workloads stay. A namespace
     * that is gone or not this partition's holds no binding of the tenant's, so suspending it has nothing to do.
     */
    static void applyAccess(KubernetesClient client, String tenant, String partition, PartitionSpec spec,
                            PartitionAccess.State access) {
        if (access == PartitionAccess.State.GRANTED) {
            apply(client, tenant, partition, spec, access);
            return;
        }
        String name = PartitionObjects.namespace(tenant, partition);
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null || !PartitionObjects.belongsTo(existing, tenant, partition)) {
            LOG.warn("namespace {} of partition {}/{} is missing or not the partition's: no role binding to delete", name,
                    tenant, partition);
            return;
        }
        deleteRoleBinding(client, name);
    }

    /** Deletes the partition's namespace (and with it everything in it); gone already is fine. */
    static void delete(KubernetesClient client, String tenant, String partition) {
        String name = PartitionObjects.namespace(tenant, partition);
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null) {
            LOG.info("namespace {} of partition {}/{} was already gone", name, tenant, partition);
            return;
        }
        if (!PartitionObjects.belongsTo(existing, tenant, partition)) {
            LOG.warn("namespace {} no longer carries the labels of partition {}/{}: left in place", name, tenant, partition);
            return;
        }
        client.namespaces().withName(name).delete();
    }

    /** The quota's status; empty when the cluster has not reported it yet (or the quota is missing). */
    static Optional<PartitionUsage> usage(KubernetesClient client, String tenant, String partition) {
        ResourceQuota quota = client.resourceQuotas().inNamespace(PartitionObjects.namespace(tenant, partition))
                .withName(PartitionObjects.QUOTA).get();
        if (quota == null || quota.getStatus() == null) {
            return Optional.empty();
        }
        return Optional.of(new PartitionUsage(text(quota.getStatus().getHard()), text(quota.getStatus().getUsed())));
    }

    private static Map<String, String> text(Map<String, Quantity> quantities) {
        Map<String, String> text = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach((resource, quantity) -> text.put(resource, quantity.toString()));
        }
        return text;
    }

    /** Deletes the tenant's role binding in the namespace; gone already is fine. */
    private static void deleteRoleBinding(KubernetesClient client, String namespace) {
        client.rbac().roleBindings().inNamespace(namespace).withName(PartitionObjects.ROLE_BINDING).delete();
    }

    private static void deleteQuietly(KubernetesClient client, String namespace) {
        try {
            client.namespaces().withName(namespace).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("namespace {} was created for a partition that failed and could not be deleted again: {}",
                    namespace, e.getMessage());
        }
    }
}
