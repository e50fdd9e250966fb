package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgefleet.kit.events.Json;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The partition lifecycle against a real cluster, when {@code KUBECONFIG} names one (skipped otherwise). The cluster is
 * registered through the API with an inline kubeconfig built from the caller's (file references and exec plugins
 * resolved here, in the test, because the service refuses them). The identity needs rights to create namespaces,
 * resource quotas, limit ranges and role bindings to {@code edit}.
 */
class RealClusterPartitionIT {

    @Test
    void aPartitionIsCreatedChangedReportedSuspendedAndDeletedWithItsTenantInARealCluster() {
        String kubeconfigPath = System.getenv("KUBECONFIG");
        assumeTrue(kubeconfigPath != null && !kubeconfigPath.isBlank(), "KUBECONFIG is not set: no real cluster to test");
        Config local = Config.fromKubeconfig(new File(kubeconfigPath.split(File.pathSeparator)[0]));
        String suffix = UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
        String tenant = "rc" + suffix.replaceAll("[^a-z0-9]", "x");
        String namespace = "ef-" + tenant + "-lab";

        try (TenancyHarness harness = TenancyHarness.start();
             KubernetesClient cluster = new KubernetesClientBuilder().withConfig(local).build()) {
            Http admin = harness.http();
            Http.Response registered = admin.post("/api/v1/clusters", Json.write(JsonNodeFactory.instance.objectNode()
                    .put("name", "real-" + suffix).put("kubeconfig", inlineKubeconfig(local))));
            assertThat(registered.status()).as(registered.text()).isEqualTo(201);
            String clusterId = registered.json().path("id").asText();
            Partitions.createTenant(admin, tenant);
            try {
                Http.Response created = admin.post("/api/v1/tenants/" + tenant + "/partitions",
                        Partitions.body("real-" + suffix, "lab"));
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                Namespace ns = cluster.namespaces().withName(namespace).get();
                assertThat(ns.getMetadata().getLabels()).containsEntry("edgefleet.io/tenant", tenant);
                assertThat(cluster.resourceQuotas().inNamespace(namespace).withName("edgefleet-quota").get().getSpec().getHard())
                        .containsEntry("limits.memory", new Quantity("8Gi"));
                assertThat(cluster.limitRanges().inNamespace(namespace).withName("edgefleet-limits").get()).isNotNull();
                assertThat(cluster.rbac().roleBindings().inNamespace(namespace).withName("edgefleet-tenant-edit").get()
                        .getSubjects().get(0).getName()).isEqualTo("edgefleet:tenant:" + tenant);

                // the cluster's quota controller fills in the status
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode partition = admin.get("/api/v1/tenants/" + tenant + "/partitions/lab").json();
                    assertThat(partition.path("usage").path("hard").path("requests.cpu").asText()).isEqualTo("4");
                    assertThat(partition.path("usage").path("used").path("pods").asText()).isEqualTo("0");
                });

                assertThat(admin.patch("/api/v1/tenants/" + tenant + "/partitions/lab", "{\"quota\":{\"cpu\":\"3\"}}")
                        .status()).isEqualTo(200);
                assertThat(cluster.resourceQuotas().inNamespace(namespace).withName("edgefleet-quota").get().getSpec().getHard())
                        .containsEntry("requests.cpu", new Quantity("3"));

                // disabling suspends the tenant's access (the binding goes, the namespace stays); enabling restores it
                assertThat(admin.patch("/api/v1/tenants/" + tenant, "{\"status\":\"disabled\"}").status()).isEqualTo(200);
                assertThat(cluster.rbac().roleBindings().inNamespace(namespace).withName("edgefleet-tenant-edit").get()).isNull();
                assertThat(cluster.resourceQuotas().inNamespace(namespace).withName("edgefleet-quota").get()).isNotNull();
                assertThat(admin.patch("/api/v1/tenants/" + tenant, "{\"status\":\"active\"}").status()).isEqualTo(200);
                assertThat(cluster.rbac().roleBindings().inNamespace(namespace).withName("edgefleet-tenant-edit").get()
                        .getRoleRef().getName()).isEqualTo("edit");

                assertThat(admin.delete("/api/v1/tenants/" + tenant).status()).isEqualTo(204);
                Namespace after = cluster.namespaces().withName(namespace).get();
                assertThat(after == null || after.getMetadata().getDeletionTimestamp() != null)
                        .as("namespace %s is gone or terminating", namespace).isTrue();
                assertThat(admin.delete("/api/v1/clusters/" + clusterId).status()).isEqualTo(204);
            } finally {
                cluster.namespaces().withName(namespace).delete();
            }
        }
    }

    /** The current context of the caller's kubeconfig with every file and exec credential resolved into inline data. */
    private static String inlineKubeconfig(Config local) {
        StringBuilder user = new StringBuilder();
        String token = local.getAutoOAuthToken() != null ? local.getAutoOAuthToken() : local.getOauthToken();
        if (token != null) {
            user.append("    token: ").append(token).append('\n');
        }
        String cert = data(local.getClientCertData(), local.getClientCertFile());
        String key = data(local.getClientKeyData(), local.getClientKeyFile());
        if (cert != null && key != null) {
            user.append("    client-certificate-data: ").append(cert).append('\n');
            user.append("    client-key-data: ").append(key).append('\n');
        }
        String ca = data(local.getCaCertData(), local.getCaCertFile());
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: real\n  cluster:\n    server: " + local.getMasterUrl() + "\n"
                + (ca != null ? "    certificate-authority-data: " + ca + "\n" : "")
                + (local.isTrustCerts() ? "    insecure-skip-tls-verify: true\n" : "")
                + "contexts:\n- name: real\n  context:\n    cluster: real\n    user: real\ncurrent-context: real\n"
                + "users:\n- name: real\n  user:\n" + user;
    }

    private static String data(String inline, String file) {
        if (inline != null && !inline.isBlank()) {
            return inline;
        }
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return Base64.getEncoder().encodeToString(Files.readString(Path.of(file)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
