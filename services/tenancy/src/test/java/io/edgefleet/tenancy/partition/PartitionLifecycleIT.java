package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partition lifecycle through the tenancy API against fabric8's mock API server in CRUD mode, registered as a
 * cluster through {@code POST /api/v1/clusters} like any cluster. The test reads the cluster's objects with its own
 * client to see what the service really created.
 */
@EnableKubernetesMockClient(crud = true)
class PartitionLifecycleIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static TenancyHarness harness;
    private static Http admin;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        admin = harness.http().withHeader("X-Edgefleet-Tenants", "*");
        Partitions.registerCluster(admin, "mock", server);
        Partitions.createTenant(admin, "acme");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aPartitionIsANamespaceWithQuotaLimitRangeAndRoleBindingOfTheTenant() {
        Http.Response created = admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "line-1"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/tenants/acme/partitions/line-1");
        assertThat(created.json().path("namespace").asText()).isEqualTo("ef-acme-line-1");
        assertThat(created.json().path("cluster").asText()).isEqualTo("mock");
        assertThat(created.json().path("quota").path("memory").asText()).isEqualTo("8Gi");

        Namespace namespace = client.namespaces().withName("ef-acme-line-1").get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry("edgefleet.io/tenant", "acme")
                .containsEntry("edgefleet.io/partition", "line-1");
        ResourceQuota quota = client.resourceQuotas().inNamespace("ef-acme-line-1").withName("edgefleet-quota").get();
        assertThat(quota.getSpec().getHard()).isEqualTo(Map.of("requests.cpu", new Quantity("4"), "limits.cpu",
                new Quantity("4"), "requests.memory", new Quantity("8Gi"), "limits.memory", new Quantity("8Gi"),
                "pods", new Quantity("20")));
        LimitRangeItem limits = client.limitRanges().inNamespace("ef-acme-line-1").withName("edgefleet-limits").get()
                .getSpec().getLimits().get(0);
        assertThat(limits.getType()).isEqualTo("Container");
        assertThat(limits.getDefault()).isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi")));
        assertThat(limits.getDefaultRequest()).isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")));
        assertThat(limits.getMax()).isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")));
        RoleBinding binding = client.rbac().roleBindings().inNamespace("ef-acme-line-1").withName("edgefleet-tenant-edit").get();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("edit");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("Group");
            assertThat(subject.getName()).isEqualTo("edgefleet:tenant:acme");
        });

        assertThat(admin.get("/api/v1/tenants/acme/partitions").json().findValuesAsText("name")).contains("line-1");
        assertThat(admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "line-1")).status()).isEqualTo(409);
    }

    @Test
    void getShowsTheQuotaAndTheUsageTheClusterReports() {
        admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "line-2"));
        // what the quota controller of a real cluster writes into the status
        ResourceQuota quota = client.resourceQuotas().inNamespace("ef-acme-line-2").withName("edgefleet-quota").get();
        quota.setStatus(new ResourceQuotaStatusBuilder().withHard(quota.getSpec().getHard())
                .addToUsed("requests.cpu", new Quantity("1500m")).addToUsed("pods", new Quantity("3"))
                .addToUsed("limits.memory", new Quantity("2Gi")).build());
        client.resource(quota).updateStatus();

        JsonNode partition = admin.get("/api/v1/tenants/acme/partitions/line-2").json();
        assertThat(partition.path("quota").path("cpu").asText()).isEqualTo("4");
        assertThat(partition.path("usage").path("hard").path("requests.cpu").asText()).isEqualTo("4");
        assertThat(partition.path("usage").path("used").path("requests.cpu").asText()).isEqualTo("1500m");
        assertThat(partition.path("usage").path("used").path("pods").asText()).isEqualTo("3");
        assertThat(partition.path("usage").path("used").path("limits.memory").asText()).isEqualTo("2Gi");
    }

    @Test
    void patchChangesTheQuotaAndLimitRangeInTheCluster() {
        admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "line-3"));
        Http.Response patched = admin.patch("/api/v1/tenants/acme/partitions/line-3",
                "{\"quota\":{\"cpu\":\"6\",\"pods\":40},\"limits\":{\"defaultMemory\":\"1Gi\",\"maxCpu\":null}}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().path("quota").path("cpu").asText()).isEqualTo("6");
        assertThat(patched.json().path("limits").has("maxCpu")).isFalse();

        Map<String, Quantity> hard = client.resourceQuotas().inNamespace("ef-acme-line-3").withName("edgefleet-quota").get()
                .getSpec().getHard();
        assertThat(hard).containsEntry("requests.cpu", new Quantity("6")).containsEntry("limits.cpu", new Quantity("6"))
                .containsEntry("requests.memory", new Quantity("8Gi")).containsEntry("pods", new Quantity("40"));
        LimitRangeItem limits = client.limitRanges().inNamespace("ef-acme-line-3").withName("edgefleet-limits").get()
                .getSpec().getLimits().get(0);
        assertThat(limits.getDefault()).containsEntry("memory", new Quantity("1Gi")).containsEntry("cpu", new Quantity("500m"));
        assertThat(limits.getMax()).isEqualTo(Map.of("memory", new Quantity("4Gi")));
        assertThat(admin.get("/api/v1/tenants/acme/partitions/line-3").json().path("quota").path("pods").asInt()).isEqualTo(40);
    }

    @Test
    void aPatchThatBreaksTheSpecIsRefusedAndChangesNothing() {
        admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "line-4"));
        Http.Response refused = admin.patch("/api/v1/tenants/acme/partitions/line-4", "{\"quota\":{\"cpu\":\"100m\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("/limits/defaultCpu");
        assertThat(client.resourceQuotas().inNamespace("ef-acme-line-4").withName("edgefleet-quota").get().getSpec().getHard())
                .containsEntry("requests.cpu", new Quantity("4"));
        assertThat(admin.get("/api/v1/tenants/acme/partitions/line-4").json().path("quota").path("cpu").asText()).isEqualTo("4");
    }

    @Test
    void deleteRemovesTheNamespaceAndThePartition() {
        admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "short-lived"));
        assertThat(client.namespaces().withName("ef-acme-short-lived").get()).isNotNull();

        assertThat(admin.delete("/api/v1/tenants/acme/partitions/short-lived").status()).isEqualTo(204);
        assertThat(client.namespaces().withName("ef-acme-short-lived").get()).isNull();
        assertThat(admin.get("/api/v1/tenants/acme/partitions/short-lived").status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/tenants/acme/partitions/short-lived").status()).isEqualTo(404);
        assertThat(harness.sql("SELECT name FROM tenancy.partitions WHERE name = 'short-lived'")).isEmpty();
    }

    @Test
    void deletingATenantDeletesTheNamespacesOfAllItsPartitions() {
        Partitions.createTenant(admin, "doomed");
        assertThat(admin.post("/api/v1/tenants/doomed/partitions", Partitions.body("mock", "a")).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/tenants/doomed/partitions", Partitions.body("mock", "b")).status()).isEqualTo(201);

        assertThat(admin.delete("/api/v1/tenants/doomed").status()).isEqualTo(204);
        assertThat(client.namespaces().withName("ef-doomed-a").get()).isNull();
        assertThat(client.namespaces().withName("ef-doomed-b").get()).isNull();
        assertThat(harness.sql("SELECT name FROM tenancy.partitions WHERE tenant = 'doomed'")).isEmpty();
        assertThat(admin.get("/api/v1/tenants/doomed").status()).isEqualTo(404);
    }

    @Test
    void aNamespaceThatIsNotThePartitionsIsNeitherAdoptedNorTouched() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("ef-acme-taken").addToLabels("team", "someone-else").endMetadata().build()).create();
        Http.Response refused = admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "taken"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("type").asText()).endsWith("/namespace-exists");
        assertThat(client.namespaces().withName("ef-acme-taken").get().getMetadata().getLabels())
                .isEqualTo(Map.of("team", "someone-else"));
        assertThat(client.resourceQuotas().inNamespace("ef-acme-taken").list().getItems()).isEmpty();
        assertThat(harness.sql("SELECT name FROM tenancy.partitions WHERE name = 'taken'")).isEmpty();
    }

    @Test
    void aClusterThatHoldsPartitionsCannotBeDeleted() {
        admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "keeper"));
        String id = admin.get("/api/v1/clusters").json().path("items").get(0).path("id").asText();
        Http.Response refused = admin.delete("/api/v1/clusters/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("type").asText()).endsWith("/cluster-in-use");
        assertThat(admin.get("/api/v1/clusters/" + id).status()).isEqualTo(200);
    }
}
