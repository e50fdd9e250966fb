package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app targeted at a Kubernetes partition, end to end through the all-in-one process: the REST API through the
 * gateway, the deployment service's partition document over the broker, the tenancy service applying it with the
 * cluster's credentials into fabric8's mock API server (CRUD mode, registered as a cluster like a real one), and the
 * Deployment's status coming back as the app's partitionStatus.
 */
@EnableKubernetesMockClient(crud = true)
class PartitionAppIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final ApiClient api = PLATFORM.api();

    private void expect(ApiClient.Response response, int status) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
    }

    @Test
    void anAppInAPartitionRunsAsADeploymentWithItsServiceAndComesBackAsRunning() throws Exception {
        ObjectNode cluster = JSON.createObjectNode().put("name", "mock").put("apiUrl", server.url("/"))
                .put("token", "mock-cluster-token-e2e")
                .put("caCertPem", Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath())));
        expect(api.call("POST", "/api/v1/clusters", cluster.toString()), 201);
        expect(api.call("POST", "/api/v1/tenants/default/partitions", """
                {"cluster": "mock", "name": "line-1", "quota": {"cpu": "4", "memory": "8Gi", "pods": 20},
                 "limits": {"defaultCpu": "500m", "defaultMemory": "512Mi", "defaultRequestCpu": "100m",
                            "defaultRequestMemory": "128Mi"}}"""), 201);

        expect(api.call("POST", "/api/v1/tenants/default/apps", """
                {"name": "hello-web", "target": {"partition": "line-1"},
                 "spec": {"image": "nginx:1.27", "memoryLimitMiB": 128, "env": {"GREETING": "hi"},
                          "ports": [{"containerPort": 80}]}}"""), 201);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.apps().deployments().inNamespace("ef-default-line-1").withName("hello-web").get() != null);
        Deployment deployment = client.apps().deployments().inNamespace("ef-default-line-1").withName("hello-web").get();
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "edgefleet")
                .containsEntry("edgefleet.io/revision", "1");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                client.services().inNamespace("ef-default-line-1").withName("hello-web").get() != null);
        assertThat(client.services().inNamespace("ef-default-line-1").withName("hello-web").get().getSpec().getPorts())
                .extracting(ServicePort::getPort, ServicePort::getTargetPort)
                .containsExactly(Tuple.tuple(80, new IntOrString("tcp-80")));
        assertThat(client.configMaps().inNamespace("ef-default-line-1").withName("hello-web-env").get().getData())
                .isEqualTo(Map.of("GREETING", "hi"));

        // what the Deployment controller of a real cluster writes into the status
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
        client.resource(deployment).updateStatus();
        await().atMost(Duration.ofSeconds(40)).until(() -> api.call("GET", "/api/v1/tenants/default/apps/hello-web", null)
                .body().at("/partitionStatus/phase").asText().equals("Running"));
        assertThat(api.call("GET", "/api/v1/tenants/default/apps/hello-web", null).body().at("/partitionStatus/ready")
                .asText()).isEqualTo("1/1");

        expect(api.call("DELETE", "/api/v1/tenants/default/apps/hello-web", null), 204);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.apps().deployments().inNamespace("ef-default-line-1").withName("hello-web").get() == null
                        && client.services().inNamespace("ef-default-line-1").withName("hello-web").get() == null);
    }
}
