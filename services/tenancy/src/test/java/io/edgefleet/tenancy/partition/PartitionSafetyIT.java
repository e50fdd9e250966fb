package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.testing.TcpRelay;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What must not happen to partitions: another tenant reaching them, bad or hostile input changing anything, a cluster
 * that cannot be reached leaving half a partition, losing a tenant's namespaces or keeping a disabled tenant's access
 * once it is back. The access retry runs every second here.
 */
@EnableKubernetesMockClient(crud = true)
class PartitionSafetyIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static TenancyHarness harness;
    private static Http admin;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start(Map.of("EDGEFLEET_PARTITION_ACCESS_RETRY_SECONDS", "1"));
        admin = harness.http().withHeader("X-Edgefleet-Tenants", "*");
        Partitions.registerCluster(admin, "mock", server);
        Partitions.createTenant(admin, "acme");
        Partitions.createTenant(admin, "globex");
        assertThat(admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "plant")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** Everything a refused call must leave as it was: the tables and the cluster's namespaces and quotas. */
    private static String state() {
        return harness.sql("SELECT tenant, name, cluster_id, namespace, quota::text, limits::text, updated_at"
                + " FROM tenancy.partitions ORDER BY tenant, name") + "\n"
                + harness.sql("SELECT id, status FROM tenancy.tenants ORDER BY id") + "\n"
                + harness.sql("SELECT id, name FROM tenancy.clusters ORDER BY id") + "\n"
                + client.namespaces().list().getItems().stream().map(HasMetadata::getMetadata).map(m -> m.getName()).sorted().toList()
                + client.resourceQuotas().inAnyNamespace().list().getItems().stream()
                        .map(q -> q.getMetadata().getNamespace() + q.getSpec().getHard()).sorted().toList();
    }

    @Test
    void aCallerOfAnotherTenantGets404ForEveryPartitionCallAndChangesNothing() {
        String before = state();
        for (Http caller : List.of(harness.http().withHeader("X-Edgefleet-Tenants", "globex"),
                harness.http().withHeader("X-Edgefleet-Tenants", "globex,initech"),
                harness.http().withHeader("X-Edgefleet-Tenants", ""))) {
            List<Http.Response> answers = List.of(
                    caller.get("/api/v1/tenants/acme/partitions"),
                    caller.get("/api/v1/tenants/acme/partitions/plant"),
                    caller.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", "stolen")),
                    caller.patch("/api/v1/tenants/acme/partitions/plant", "{\"quota\":{\"cpu\":\"64\"}}"),
                    caller.delete("/api/v1/tenants/acme/partitions/plant"));
            for (Http.Response answer : answers) {
                assertThat(answer.status()).as(answer.text()).isEqualTo(404);
                assertThat(answer.json().path("type").asText()).endsWith("/tenant-not-found");
                assertThat(answer.text()).doesNotContain("ef-acme-plant");
            }
        }
        assertThat(state()).isEqualTo(before);
        assertThat(harness.http().withHeader("X-Edgefleet-Tenants", "globex,acme").get("/api/v1/tenants/acme/partitions/plant")
                .status()).isEqualTo(200);
    }

    @Test
    void badAndHostileInputIs4xxNamingTheFieldAndChangesNothing() {
        String before = state();
        String valid = Partitions.body("mock", "line-9");
        List<Map.Entry<String, String>> creates = List.of(
                Map.entry("/quota/cpu", valid.replace("\"cpu\": \"4\"", "\"cpu\": \"8 cores\"")),
                Map.entry("/quota/memory", valid.replace("\"memory\": \"8Gi\"", "\"memory\": \"0\"")),
                Map.entry("/limits/defaultMemory", valid.replace("\"defaultMemory\": \"512Mi\"", "\"defaultMemory\": \"512m\"")),
                Map.entry("/limits/defaultRequestCpu", valid.replace("\"defaultRequestCpu\": \"100m\"", "\"defaultRequestCpu\": \"900m\"")),
                Map.entry("/cluster", Partitions.body("unknown-cluster", "line-9")),
                Map.entry("/name", Partitions.body("mock", "'; DROP TABLE partitions;--")),
                Map.entry("/limits/maxCpu", valid.replace("\"maxCpu\": \"2\"", "\"maxCpu\": {\"$ne\": 1}")),
                Map.entry("/quota/pods", valid.replace("\"pods\": 20", "\"pods\": \"20; DELETE FROM tenancy.partitions\"")),
                Map.entry("/cluster", valid.replace("\"cluster\": \"mock\"", "\"cluster\": {\"$ne\": 1}")),
                Map.entry("/name", Partitions.body("mock", "{\\\"$ne\\\":1}")));
        for (Map.Entry<String, String> create : creates) {
            Http.Response refused = admin.post("/api/v1/tenants/acme/partitions", create.getValue());
            assertThat(refused.status()).as(create.getValue()).isEqualTo(422);
            assertThat(refused.json().path("errors").findValuesAsText("field")).as(refused.text()).contains(create.getKey());
        }
        Map<String, String> patches = Map.of(
                "/limits/maxMemory", "{\"limits\":{\"maxMemory\":\"'; DROP TABLE x;--\"}}",
                "/quota/cpu", "{\"quota\":{\"cpu\":\"0\"}}",
                "/quota", "{\"quota\":{}}",
                "/name", "{\"name\":\"renamed\"}");
        patches.forEach((field, body) -> {
            Http.Response refused = admin.patch("/api/v1/tenants/acme/partitions/plant", body);
            assertThat(refused.status()).as(body).isEqualTo(422);
            assertThat(refused.json().path("errors").findValuesAsText("field")).as(refused.text()).contains(field);
        });
        assertThat(admin.post("/api/v1/tenants/acme/partitions", "{\"cluster\": ").status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/tenants/nobody-here/partitions", Partitions.body("mock", "line-9")).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/tenants/nobody-here/partitions").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/tenants/acme/partitions/'%20OR%201=1--").status()).isEqualTo(404);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void anUnreachableClusterFailsTheCreateWith502AndLeavesNothing() {
        String before;
        try (TcpRelay relay = TcpRelay.to(server.getPort())) {
            Partitions.registerCluster(admin, "behind-relay", "https://localhost:" + relay.port() + "/", server);
            before = state();
        }
        Http.Response refused = admin.post("/api/v1/tenants/acme/partitions", Partitions.body("behind-relay", "line-8"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(502);
        assertThat(refused.json().path("type").asText()).endsWith("/cluster-unreachable");
        assertThat(refused.json().path("detail").asText()).contains("behind-relay");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aTenantWhosePartitionsClusterCannotBeReachedIsNotDeleted() {
        Partitions.createTenant(admin, "stuck");
        try (TcpRelay relay = TcpRelay.to(server.getPort())) {
            Partitions.registerCluster(admin, "fragile", "https://localhost:" + relay.port() + "/", server);
            assertThat(admin.post("/api/v1/tenants/stuck/partitions", Partitions.body("fragile", "edge")).status()).isEqualTo(201);
        }
        Http.Response refused = admin.delete("/api/v1/tenants/stuck");
        assertThat(refused.status()).as(refused.text()).isEqualTo(502);
        assertThat(refused.json().path("detail").asText()).contains("stuck").contains("edge").contains("fragile");
        assertThat(admin.get("/api/v1/tenants/stuck").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/tenants/stuck/partitions/edge").json().path("usageError").asText())
                .contains("could not be reached");
        assertThat(client.namespaces().withName("ef-stuck-edge").get()).isNotNull();
    }

    @Test
    void aDisableThatAClusterMissedWhileDownIsAppliedByTheRetryOnceTheClusterIsBack() {
        Partitions.createTenant(admin, "offline");
        try (SeverableLink link = SeverableLink.to(server.getPort())) {
            Partitions.registerCluster(admin, "intermittent", "https://localhost:" + link.port() + "/", server);
            assertThat(admin.post("/api/v1/tenants/offline/partitions", Partitions.body("intermittent", "cell")).status())
                    .isEqualTo(201);
            link.cut();
            assertThat(admin.patch("/api/v1/tenants/offline", "{\"status\":\"disabled\"}").status()).isEqualTo(200);
            assertThat(harness.sql("SELECT status FROM tenancy.tenants WHERE id = 'offline'").get(0))
                    .containsEntry("status", "disabled");

            // several retries meet the cut cluster: still pending, the binding untouched, the reason kept
            Awaitility.await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode access = admin.get("/api/v1/tenants/offline/partitions/cell").json().path("access");
                assertThat(access.path("reconciled").asBoolean()).isFalse();
                assertThat(access.path("lastError").asText()).contains("intermittent").contains("could not be reached");
            });
            assertThat(client.rbac().roleBindings().inNamespace("ef-offline-cell").withName(PartitionObjects.ROLE_BINDING)
                    .get()).isNotNull();

            link.restore();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.rbac().roleBindings()
                    .inNamespace("ef-offline-cell").withName(PartitionObjects.ROLE_BINDING).get()).isNull());
            JsonNode access = admin.get("/api/v1/tenants/offline/partitions/cell").json().path("access");
            assertThat(access.path("inCluster").asText()).isEqualTo("suspended");
            assertThat(access.path("reconciled").asBoolean()).isTrue();
            assertThat(client.namespaces().withName("ef-offline-cell").get()).isNotNull();
            assertThat(client.resourceQuotas().inNamespace("ef-offline-cell").withName(PartitionObjects.QUOTA).get())
                    .isNotNull();
        }
    }
}
