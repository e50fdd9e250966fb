package io.edgefleet.tenancy.partition.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.tenancy.partition.PartitionObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps of a partition in its namespace: blocking fabric8 calls, run only on the cluster workers
 * ({@code ClusterClients.withCluster}). Only objects labelled {@code app.kubernetes.io/managed-by=edgefleet} and
 * carrying an {@code app.kubernetes.io/name} are ever deleted; what the tenant created by hand stays.
 */
final class WorkloadCluster {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadCluster.class);

    private WorkloadCluster() {
    }

    /**
     * Creates or replaces each app's objects, then deletes the managed objects no app of the document needs (apps that
     * are gone, a Service whose app lost its ports, ...). An app the cluster refuses is reported Failed and the others
     * are still applied.
     *
     * @param document a valid {@code partition-desired} document
     * @return the status of every app of the document, in its order
     */
    static List<AppStatus> apply(KubernetesClient client, String tenant, String partition, JsonNode document) {
        String namespace = PartitionObjects.namespace(tenant, partition);
        List<AppStatus> statuses = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (JsonNode app : document.get("apps")) {
            AppObjects objects = WorkloadObjects.build(tenant, partition, app, document.path("registries"));
            objects.inApplyOrder().forEach(object -> keep.add(key(object)));
            try {
                objects.inApplyOrder().forEach(object -> createOrReplace(client, object));
                statuses.add(AppStatus.of(objects.app(), objects.revision(),
                        client.apps().deployments().inNamespace(namespace).withName(objects.app()).get()));
            } catch (KubernetesClientException e) {
                LOG.warn("app {} of partition {}/{} was not applied: {}", objects.app(), tenant, partition, e.getMessage());
                statuses.add(AppStatus.failed(objects.app(), objects.revision(), "the cluster refused the app's objects: "
                        + e.getMessage()));
            }
        }
        prune(client, namespace, keep);
        return statuses;
    }

    /** Deletes every managed app object of the namespace (the partition has no app any more, or its tenant is gone). */
    static void clear(KubernetesClient client, String tenant, String partition) {
        prune(client, PartitionObjects.namespace(tenant, partition), Set.of());
    }

    /** The status of the document's apps as their Deployments report it now. */
    static List<AppStatus> status(KubernetesClient client, String tenant, String partition, JsonNode document) {
        String namespace = PartitionObjects.namespace(tenant, partition);
        List<AppStatus> statuses = new ArrayList<>();
        for (JsonNode app : document.get("apps")) {
            String name = app.get("name").asText();
            statuses.add(AppStatus.of(name, app.get("revision").asInt(),
                    client.apps().deployments().inNamespace(namespace).withName(name).get()));
        }
        return statuses;
    }

    private static void createOrReplace(KubernetesClient client, HasMetadata object) {
        if (object instanceof Service service) {
            // a replace without the allocated address would ask to change it, which Kubernetes refuses
            Service existing = client.services().inNamespace(service.getMetadata().getNamespace())
                    .withName(service.getMetadata().getName()).get();
            if (existing != null && existing.getSpec() != null) {
                service.getSpec().setClusterIP(existing.getSpec().getClusterIP());
                service.getSpec().setClusterIPs(existing.getSpec().getClusterIPs());
            }
        }
        client.resource(object).createOr(NonDeletingOperation::update);
    }

    private static void prune(KubernetesClient client, String namespace, Set<String> keep) {
        if (client.namespaces().withName(namespace).get() == null) {
            return;
        }
        List<HasMetadata> managed = new ArrayList<>();
        Map<String, String> label = Map.of(PartitionObjects.MANAGED_BY_LABEL, PartitionObjects.MANAGED_BY);
        managed.addAll(client.apps().deployments().inNamespace(namespace).withLabels(label).list().getItems());
        managed.addAll(client.services().inNamespace(namespace).withLabels(label).list().getItems());
        managed.addAll(client.configMaps().inNamespace(namespace).withLabels(label).list().getItems());
        managed.addAll(client.secrets().inNamespace(namespace).withLabels(label).list().getItems());
        for (HasMetadata object : managed) {
            Map<String, String> labels = object.getMetadata().getLabels();
            if (labels == null || !labels.containsKey(WorkloadObjects.NAME_LABEL) || keep.contains(key(object))) {
                continue;
            }
            LOG.info("deleting {} {} from namespace {}: no app of the partition needs it", object.getKind(),
                    object.getMetadata().getName(), namespace);
            client.resource(object).delete();
        }
    }

    private static String key(HasMetadata object) {
        return kind(object) + "/" + object.getMetadata().getName();
    }

    /** Objects built here and objects listed from the cluster name their kind the same way. */
    private static String kind(HasMetadata object) {
        return object.getKind() != null ? object.getKind() : object.getClass().getSimpleName();
    }
}
