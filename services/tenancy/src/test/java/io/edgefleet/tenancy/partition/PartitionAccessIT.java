package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant's Kubernetes access follows its status: disabling it deletes the role binding in each of its partitions'
 * namespaces and keeps everything else, enabling it brings the bindings back, and a cluster that cannot be reached
 * neither holds the status back nor is forgotten. Against fabric8's mock API server in CRUD mode, registered through
 * the API; the retry period stays at its default (30 s) so that only a status change can have done a retry here.
 */
@EnableKubernetesMockClient(crud = true)
class PartitionAccessIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static TenancyHarness harness;
    private static Http admin;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        admin = harness.http().withHeader("X-Edgefleet-Tenants", "*");
        Partitions.registerCluster(admin, "mock", server);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void disablingATenantDeletesItsRoleBindingsAndKeepsNamespacesQuotasLimitsAndWorkloads() {
        Partitions.createTenant(admin, "acme");
        Partitions.createTenant(admin, "globex");
        create("acme", "mock", "line-1");
        create("acme", "mock", "line-2");
        create("globex", "mock", "plant");
        client.apps().deployments().inNamespace("ef-acme-line-1").resource(workload()).create();
        Map<String, RoleBinding> granted = Map.of("ef-acme-line-1", binding("ef-acme-line-1"),
                "ef-acme-line-2", binding("ef-acme-line-2"));

        Http.Response disabled = admin.patch("/api/v1/tenants/acme", "{\"status\":\"disabled\"}");
        assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
        assertThat(disabled.json().path("status").asText()).isEqualTo("disabled");

        for (String namespace : List.of("ef-acme-line-1", "ef-acme-line-2")) {
            assertThat(binding(namespace)).as(namespace).isNull();
            assertThat(client.namespaces().withName(namespace).get()).as(namespace).isNotNull();
            assertThat(client.resourceQuotas().inNamespace(namespace).withName(PartitionObjects.QUOTA).get()).isNotNull();
            assertThat(client.limitRanges().inNamespace(namespace).withName(PartitionObjects.LIMIT_RANGE).get()).isNotNull();
        }
        assertThat(client.apps().deployments().inNamespace("ef-acme-line-1").withName("press-control").get()).isNotNull();
        assertThat(binding("ef-globex-plant")).isNotNull();
        JsonNode access = admin.get("/api/v1/tenants/acme/partitions/line-1").json().path("access");
        assertThat(access.path("state").asText()).isEqualTo("suspended");
        assertThat(access.path("inCluster").asText()).isEqualTo("suspended");
        assertThat(access.path("reconciled").asBoolean()).isTrue();
        assertThat(access.path("lastError").isNull()).isTrue();
        assertThat(admin.get("/api/v1/tenants/acme/partitions").json().path("items").findValuesAsText("state"))
                .containsExactly("suspended", "suspended");
        assertThat(admin.get("/api/v1/tenants/globex/partitions/plant").json().path("access").path("state").asText())
                .isEqualTo("granted");

        assertThat(admin.patch("/api/v1/tenants/acme", "{\"status\":\"active\"}").status()).isEqualTo(200);
        for (String namespace : List.of("ef-acme-line-1", "ef-acme-line-2")) {
            RoleBinding restored = binding(namespace);
            assertThat(restored).as(namespace).isNotNull();
            assertThat(restored.getRoleRef()).isEqualTo(granted.get(namespace).getRoleRef());
            assertThat(restored.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(restored.getRoleRef().getName()).isEqualTo("edit");
            assertThat(restored.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
            assertThat(restored.getSubjects()).isEqualTo(granted.get(namespace).getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("Group");
                assertThat(subject.getName()).isEqualTo("edgefleet:tenant:acme");
            });
            assertThat(restored.getMetadata().getLabels()).isEqualTo(granted.get(namespace).getMetadata().getLabels());
        }
        assertThat(client.apps().deployments().inNamespace("ef-acme-line-1").withName("press-control").get()).isNotNull();
        assertThat(admin.get("/api/v1/tenants/acme/partitions/line-2").json().path("access").path("state").asText())
                .isEqualTo("granted");
        assertThat(binding("ef-globex-plant").getSubjects()).singleElement()
                .satisfies(subject -> assertThat(subject.getName()).isEqualTo("edgefleet:tenant:globex"));
    }

    @Test
    void aPartitionOfADisabledTenantIsCreatedAndChangedWithoutItsRoleBinding() {
        Partitions.createTenant(admin, "dormant");
        assertThat(admin.patch("/api/v1/tenants/dormant", "{\"status\":\"disabled\"}").status()).isEqualTo(200);

        Http.Response created = admin.post("/api/v1/tenants/dormant/partitions", Partitions.body("mock", "cell"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("access").path("state").asText()).isEqualTo("suspended");
        assertThat(client.resourceQuotas().inNamespace("ef-dormant-cell").withName(PartitionObjects.QUOTA).get()).isNotNull();
        assertThat(binding("ef-dormant-cell")).isNull();
        Http.Response patched = admin.patch("/api/v1/tenants/dormant/partitions/cell", "{\"quota\":{\"pods\":30}}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(binding("ef-dormant-cell")).isNull();

        assertThat(admin.patch("/api/v1/tenants/dormant", "{\"status\":\"active\"}").status()).isEqualTo(200);
        assertThat(binding("ef-dormant-cell").getSubjects()).singleElement()
                .satisfies(subject -> assertThat(subject.getName()).isEqualTo("edgefleet:tenant:dormant"));
    }

    @Test
    void aClusterThatCannotBeReachedDoesNotHoldTheDisableBackAndIsRetriedAtTheNextStatusChange() {
        Partitions.createTenant(admin, "faraway");
        try (SeverableLink link = SeverableLink.to(server.getPort())) {
            Partitions.registerCluster(admin, "remote", "https://localhost:" + link.port() + "/", server);
            create("faraway", "remote", "edge");
            create("faraway", "mock", "near");
            link.cut();

            long started = System.nanoTime();
            Http.Response disabled = admin.patch("/api/v1/tenants/faraway", "{\"status\":\"disabled\"}");
            assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            assertThat(admin.get("/api/v1/tenants/faraway").json().path("status").asText()).isEqualTo("disabled");
            assertThat(harness.sql("SELECT status FROM tenancy.tenants WHERE id = 'faraway'").get(0))
                    .containsEntry("status", "disabled");
            assertThat(binding("ef-faraway-near")).isNull();
            assertThat(binding("ef-faraway-edge")).as("the cluster was cut off: its binding is still there").isNotNull();
            JsonNode access = admin.get("/api/v1/tenants/faraway/partitions/edge").json().path("access");
            assertThat(access.path("state").asText()).isEqualTo("suspended");
            assertThat(access.path("inCluster").asText()).isEqualTo("granted");
            assertThat(access.path("reconciled").asBoolean()).isFalse();
            assertThat(access.path("lastError").asText()).contains("remote").contains("could not be reached");

            link.restore();
            assertThat(admin.patch("/api/v1/tenants/faraway", "{\"status\":\"disabled\"}").status()).isEqualTo(200);
            assertThat(binding("ef-faraway-edge")).isNull();
            access = admin.get("/api/v1/tenants/faraway/partitions/edge").json().path("access");
            assertThat(access.path("inCluster").asText()).isEqualTo("suspended");
            assertThat(access.path("reconciled").asBoolean()).isTrue();
            assertThat(access.path("lastError").isNull()).isTrue();
        }
    }

    @Test
    void aStatusChangedBackWhileTheClusterIsCutOffLeavesTheAccessTheLastStatusAsksFor() {
        Partitions.createTenant(admin, "wavering");
        try (SeverableLink link = SeverableLink.to(server.getPort())) {
            Partitions.registerCluster(admin, "wobbly", "https://localhost:" + link.port() + "/", server);
            create("wavering", "wobbly", "edge");
            link.cut();
            assertThat(admin.patch("/api/v1/tenants/wavering", "{\"status\":\"disabled\"}").status()).isEqualTo(200);
            assertThat(admin.patch("/api/v1/tenants/wavering", "{\"status\":\"active\"}").status()).isEqualTo(200);

            // the disable never reached the cluster, so the binding the active tenant needs is still in place
            JsonNode access = admin.get("/api/v1/tenants/wavering/partitions/edge").json().path("access");
            assertThat(access.path("state").asText()).isEqualTo("granted");
            assertThat(access.path("reconciled").asBoolean()).isTrue();
            assertThat(harness.sql("SELECT count(*) AS n FROM tenancy.partitions WHERE tenant = 'wavering'"
                    + " AND access_applied = 'granted'").get(0)).containsEntry("n", 1L);
            assertThat(binding("ef-wavering-edge")).isNotNull();
        }
    }

    private static void create(String tenant, String cluster, String name) {
        Http.Response created = admin.post("/api/v1/tenants/" + tenant + "/partitions", Partitions.body(cluster, name));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(binding(PartitionObjects.namespace(tenant, name))).isNotNull();
    }

    private static RoleBinding binding(String namespace) {
        return client.rbac().roleBindings().inNamespace(namespace).withName(PartitionObjects.ROLE_BINDING).get();
    }

    /** Something of the tenant's own running in its namespace, which a suspension must not touch. */
    private static Deployment workload() {
        return new DeploymentBuilder().withNewMetadata().withName("press-control").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "press").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "press").endMetadata()
                .withNewSpec().addNewContainer().withName("press").withImage("registry.local/press:1.4").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
