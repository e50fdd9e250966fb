package io.edgefleet.tenancy.partition;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes objects of one partition, built from its spec. Names are fixed so that an update replaces the same
 * objects; every object carries the tenant and partition labels.
 */
public final class PartitionObjects {

    public static final String TENANT_LABEL = "edgefleet.io/tenant";
    public static final String PARTITION_LABEL = "edgefleet.io/partition";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "edgefleet";
    public static final String QUOTA = "edgefleet-quota";
    public static final String LIMIT_RANGE = "edgefleet-limits";
    public static final String ROLE_BINDING = "edgefleet-tenant-edit";
    /** The ClusterRole the tenant's group gets in its namespaces (Kubernetes' built-in {@code edit}). */
    public static final String CLUSTER_ROLE = "edit";
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private PartitionObjects() {
    }

    /** {@code ef-<tenant>-<partition>}: at most 3 + 40 + 1 + 19 = 63 characters, a valid DNS label. */
    public static String namespace(String tenant, String partition) {
        return "ef-" + tenant + "-" + partition;
    }

    /** The group the tenant's users are bound as ({@code edgefleet:tenant:<tenant>}). */
    public static String tenantGroup(String tenant) {
        return "edgefleet:tenant:" + tenant;
    }

    static Map<String, String> labels(String tenant, String partition) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(TENANT_LABEL, tenant);
        labels.put(PARTITION_LABEL, partition);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    /** Whether a namespace found in a cluster is this partition's (so it may be adopted or deleted). */
    static boolean belongsTo(Namespace namespace, String tenant, String partition) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        return labels != null && tenant.equals(labels.get(TENANT_LABEL)) && partition.equals(labels.get(PARTITION_LABEL));
    }

    static Namespace namespaceObject(String tenant, String partition) {
        return new NamespaceBuilder().withMetadata(new ObjectMetaBuilder().withName(namespace(tenant, partition))
                .withLabels(labels(tenant, partition)).build()).build();
    }

    static ResourceQuota quota(String tenant, String partition, PartitionSpec.Quota quota) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", new Quantity(quota.cpu()));
        hard.put("limits.cpu", new Quantity(quota.cpu()));
        hard.put("requests.memory", new Quantity(quota.memory()));
        hard.put("limits.memory", new Quantity(quota.memory()));
        hard.put("pods", new Quantity(String.valueOf(quota.pods())));
        return new ResourceQuotaBuilder().withMetadata(meta(QUOTA, tenant, partition)).withNewSpec().withHard(hard).endSpec()
                .build();
    }

    static LimitRange limitRange(String tenant, String partition, PartitionSpec.Limits limits) {
        LimitRangeItemBuilder item = new LimitRangeItemBuilder().withType("Container")
                .addToDefault("cpu", new Quantity(limits.defaultCpu()))
                .addToDefault("memory", new Quantity(limits.defaultMemory()))
                .addToDefaultRequest("cpu", new Quantity(limits.defaultRequestCpu()))
                .addToDefaultRequest("memory", new Quantity(limits.defaultRequestMemory()));
        limits.maxCpu().ifPresent(max -> item.addToMax("cpu", new Quantity(max)));
        limits.maxMemory().ifPresent(max -> item.addToMax("memory", new Quantity(max)));
        return new LimitRangeBuilder().withMetadata(meta(LIMIT_RANGE, tenant, partition)).withNewSpec()
                .withLimits(item.build()).endSpec().build();
    }

    static RoleBinding roleBinding(String tenant, String partition) {
        return new RoleBindingBuilder().withMetadata(meta(ROLE_BINDING, tenant, partition))
                .withNewRoleRef(RBAC_GROUP, "ClusterRole", CLUSTER_ROLE)
                .addNewSubject().withKind("Group").withName(tenantGroup(tenant)).withApiGroup(RBAC_GROUP).endSubject()
                .build();
    }

    private static ObjectMeta meta(String name, String tenant, String partition) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace(tenant, partition))
                .withLabels(labels(tenant, partition)).build();
    }
}
