package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partition agent inside tenancy, black box: partition desired documents published on the real broker (retained,
 * as the deployment service publishes them), the partition created through the API in fabric8's mock API server in
 * CRUD mode, and what the service then creates in the namespace and reports on the state topic.
 */
@EnableKubernetesMockClient(crud = true)
class PartitionWorkloadsIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static TenancyHarness harness;
    private static Mqtt5BlockingClient mqtt;
    private static final List<Message> received = new CopyOnWriteArrayList<>();

    private record Message(String topic, String payload, boolean retained) {
    }

    private static final String INSPECTOR = """
            {"name": "inspector", "revision": 2, "spec": {"image": "reg.example/vision/inspector:1.4",
             "env": {"MODE": "strict"}, "ports": [{"containerPort": 8080, "hostPort": 80}], "memoryLimitMiB": 256,
             "cpuLimit": 0.5}}""";
    private static final String REPORTER = """
            {"name": "reporter", "revision": 1, "spec": {"image": "reporter:2", "command": ["report", "--daily"]}}""";
    private static final String REGISTRIES = "[{\"host\": \"reg.example\", \"username\": \"ci\", \"password\": \"s3cret\"}]";

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start(Map.of("EDGEFLEET_PARTITION_STATUS_SECONDS", "1"));
        Http admin = harness.http().withHeader("X-Edgefleet-Tenants", "*");
        Partitions.registerCluster(admin, "mock", server);
        Partitions.createTenant(admin, "acme");
        for (String partition : List.of("line-1", "line-2", "line-3")) {
            Http.Response created = admin.post("/api/v1/tenants/acme/partitions", Partitions.body("mock", partition));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
        mqtt = Mqtt5Client.builder().identifier("observer-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(harness.broker().host()).serverPort(harness.broker().port())
                .simpleAuth().username("svc:observer").password(harness.broker().secret("observer").getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        mqtt.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> received.add(new Message(publish.getTopic().toString(),
                new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8), publish.isRetain())));
        mqtt.connectWith().cleanStart(true).send();
        mqtt.subscribeWith().topicFilter("fleet/v1/acme/partitions/+/state").qos(MqttQos.AT_LEAST_ONCE).send();
        mqtt.subscribeWith().topicFilter("platform/v1/deadletter/tenancy").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    @AfterAll
    static void stop() {
        mqtt.disconnect();
        harness.close();
    }

    private static void publishDesired(String partition, long generation, String apps, String registries) {
        String document = """
                {"tenant": "acme", "partition": "%s", "generation": %d, "issuedAt": "2025-06-01T08:15:30.123Z",
                 "apps": [%s], "registries": %s}""".formatted(partition, generation, apps, registries);
        assertThat(JsonSchemas.load().validate("partition-desired", Json.parse(document.getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
        publishRaw("fleet/v1/acme/partitions/" + partition + "/desired", document);
    }

    private static void publishRaw(String topic, String payload) {
        mqtt.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).send();
    }

    /** Waits for a state of the partition that satisfies {@code test}; every state must match the schema. */
    private static JsonNode awaitState(String partition, java.util.function.Predicate<JsonNode> test) {
        String topic = "fleet/v1/acme/partitions/" + partition + "/state";
        Optional<JsonNode>[] found = new Optional[] {Optional.empty()};
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Message message : received) {
                if (message.topic().equals(topic) && !message.payload().isEmpty()) {
                    JsonNode state = Json.parse(message.payload().getBytes(StandardCharsets.UTF_8));
                    assertThat(JsonSchemas.load().validate("partition-state", state)).as(message.payload()).isEmpty();
                    if (test.test(state)) {
                        found[0] = Optional.of(state);
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0].orElseThrow();
    }

    private static Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    @Test
    void aDocumentBecomesDeploymentServiceConfigMapAndPullSecretWithTheRightFields() {
        publishDesired("line-1", 1, INSPECTOR + "," + REPORTER, REGISTRIES);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment("ef-acme-line-1", "reporter") != null);
        Deployment inspector = deployment("ef-acme-line-1", "inspector");
        assertThat(inspector.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "inspector")
                .containsEntry("app.kubernetes.io/managed-by", "edgefleet").containsEntry("edgefleet.io/revision", "2");
        assertThat(inspector.getSpec().getReplicas()).isEqualTo(1);
        Container container = inspector.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("reg.example/vision/inspector:1.4");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getResources().getLimits())
                .isEqualTo(Map.of("memory", new Quantity("256Mi"), "cpu", new Quantity("500m")));
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo("inspector-env"));
        assertThat(inspector.getSpec().getTemplate().getSpec().getImagePullSecrets()).singleElement()
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("inspector-pull"));

        Service service = client.services().inNamespace("ef-acme-line-1").withName("inspector").get();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(Map.of("app.kubernetes.io/name", "inspector", "app.kubernetes.io/managed-by", "edgefleet"));
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort,
                ServicePort::getTargetPort).containsExactly(Tuple.tuple("tcp-8080", 80, new IntOrString("tcp-8080")));
        ConfigMap env = client.configMaps().inNamespace("ef-acme-line-1").withName("inspector-env").get();
        assertThat(env.getData()).isEqualTo(Map.of("MODE", "strict"));
        Secret pull = client.secrets().inNamespace("ef-acme-line-1").withName("inspector-pull").get();
        assertThat(pull.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(pull.getData()).containsKey(".dockerconfigjson");

        Container reporter = deployment("ef-acme-line-1", "reporter").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(reporter.getArgs()).containsExactly("report", "--daily");
        assertThat(client.services().inNamespace("ef-acme-line-1").withName("reporter").get()).as("no ports").isNull();
        assertThat(client.configMaps().inNamespace("ef-acme-line-1").withName("reporter-env").get()).isNull();

        JsonNode state = awaitState("line-1", s -> s.path("observedGeneration").asLong() == 1);
        assertThat(state.path("apps")).extracting(app -> app.path("name").asText(), app -> app.path("phase").asText(),
                app -> app.path("ready").asText()).containsExactly(Tuple.tuple("inspector", "Pending", "0/1"),
                Tuple.tuple("reporter", "Pending", "0/1"));
    }

    @Test
    void theDeploymentsStatusIsReadBackAsRunning() {
        publishDesired("line-2", 1, INSPECTOR, "[]");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment("ef-acme-line-2", "inspector") != null);

        // what the Deployment controller of a real cluster writes into the status
        Deployment inspector = deployment("ef-acme-line-2", "inspector");
        inspector.setStatus(new DeploymentStatusBuilder().withObservedGeneration(inspector.getMetadata().getGeneration())
                .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
        client.resource(inspector).updateStatus();

        JsonNode state = awaitState("line-2", s -> s.at("/apps/0/phase").asText().equals("Running"));
        assertThat(state.at("/apps/0/ready").asText()).isEqualTo("1/1");
        assertThat(state.at("/apps/0/revision").asInt()).isEqualTo(2);
        assertThat(state.path("observedGeneration").asLong()).isEqualTo(1);
    }

    @Test
    void anAppDroppedFromTheDocumentLosesItsObjectsAndWhatTheTenantMadeStays() {
        publishDesired("line-3", 1, INSPECTOR + "," + REPORTER, "[]");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment("ef-acme-line-3", "reporter") != null);
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("tenant-notes").withNamespace("ef-acme-line-3")
                .endMetadata().addToData("note", "mine").build()).create();

        String withoutEnv = INSPECTOR.replace("\"env\": {\"MODE\": \"strict\"}, ", "").replace("\"revision\": 2", "\"revision\": 3");
        publishDesired("line-3", 2, withoutEnv, "[]");

        // the state is published once the whole document is applied and pruned
        JsonNode state = awaitState("line-3", s -> s.path("observedGeneration").asLong() == 2);
        assertThat(state.path("apps")).extracting(app -> app.path("name").asText()).containsExactly("inspector");
        assertThat(deployment("ef-acme-line-3", "reporter")).isNull();
        assertThat(client.configMaps().inNamespace("ef-acme-line-3").withName("inspector-env").get()).isNull();
        assertThat(deployment("ef-acme-line-3", "inspector").getMetadata().getLabels()).containsEntry("edgefleet.io/revision", "3");
        assertThat(deployment("ef-acme-line-3", "inspector").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnvFrom()).isEmpty();
        assertThat(client.services().inNamespace("ef-acme-line-3").withName("inspector").get()).isNotNull();
        assertThat(client.configMaps().inNamespace("ef-acme-line-3").withName("tenant-notes").get()).isNotNull();

        publishRaw("fleet/v1/acme/partitions/line-3/desired", "");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deployment("ef-acme-line-3", "inspector") == null);
        assertThat(client.services().inNamespace("ef-acme-line-3").withName("inspector").get()).isNull();
        assertThat(client.configMaps().inNamespace("ef-acme-line-3").withName("tenant-notes").get()).isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(m ->
                m.topic().equals("fleet/v1/acme/partitions/line-3/state") && m.payload().isEmpty()));
    }

    @Test
    void aPartitionTheTenantDoesNotHaveIsReportedAsAnErrorAndABadDocumentIsDeadLettered() {
        publishDesired("line-9", 1, INSPECTOR, "[]");
        JsonNode state = awaitState("line-9", s -> s.has("error"));
        assertThat(state.path("error").asText()).isEqualTo("tenant acme has no partition named line-9");
        assertThat(state.path("apps")).isEmpty();

        publishRaw("fleet/v1/acme/partitions/line-1/desired", "{\"tenant\": \"acme\", \"partition\": \"line-1\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(m ->
                m.topic().equals("platform/v1/deadletter/tenancy") && m.payload().contains("partitions/line-1/desired")));
    }
}
