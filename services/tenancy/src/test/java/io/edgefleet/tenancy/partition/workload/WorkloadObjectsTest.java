package io.edgefleet.tenancy.partition.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadObjectsTest {

    private static final JsonNode NO_REGISTRIES = json("[]");

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AppObjects build(String spec, JsonNode registries) {
        return WorkloadObjects.build("acme", "line-1", json("{\"name\":\"inspector\",\"revision\":3,\"spec\":" + spec + "}"),
                registries);
    }

    @Test
    void theSpecBecomesADeploymentOfOneReplicaWithTheContainerAsDockerWouldRunIt() {
        AppObjects objects = build("""
                {"image": "reg.example/vision/inspector:1.4", "pullPolicy": "always",
                 "entrypoint": ["/bin/inspector"], "command": ["--mode", "strict"], "workingDir": "/srv",
                 "user": "1000:2000", "memoryLimitMiB": 256, "memoryReservationMiB": 64, "cpuLimit": 0.5,
                 "ports": [{"containerPort": 8080, "hostPort": 80}, {"containerPort": 5683, "protocol": "udp"}],
                 "hostEntries": [{"host": "plc.local", "ip": "10.0.0.7"}],
                 "healthcheck": {"test": ["CMD-SHELL", "wget -q -O- localhost:8080/health"], "intervalSeconds": 5,
                                 "timeoutSeconds": 2, "retries": 4, "startPeriodSeconds": 10},
                 "restartOnUnhealthy": true}""", NO_REGISTRIES);

        Deployment deployment = objects.deployment();
        assertThat(deployment.getMetadata().getName()).isEqualTo("inspector");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("ef-acme-line-1");
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "inspector", "app.kubernetes.io/managed-by",
                "edgefleet", "edgefleet.io/tenant", "acme", "edgefleet.io/partition", "line-1", "edgefleet.io/revision", "3");
        assertThat(deployment.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "inspector", "app.kubernetes.io/managed-by", "edgefleet"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostAliases()).singleElement().satisfies(alias -> {
            assertThat(alias.getIp()).isEqualTo("10.0.0.7");
            assertThat(alias.getHostnames()).containsExactly("plc.local");
        });
        assertThat(pod.getImagePullSecrets()).isEmpty();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(container.getName()).isEqualTo("inspector");
        assertThat(container.getImage()).isEqualTo("reg.example/vision/inspector:1.4");
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(container.getCommand()).containsExactly("/bin/inspector");
        assertThat(container.getArgs()).containsExactly("--mode", "strict");
        assertThat(container.getWorkingDir()).isEqualTo("/srv");
        assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(container.getSecurityContext().getRunAsGroup()).isEqualTo(2000L);
        assertThat(container.getResources().getLimits())
                .isEqualTo(Map.of("memory", new Quantity("256Mi"), "cpu", new Quantity("500m")));
        assertThat(container.getResources().getRequests()).isEqualTo(Map.of("memory", new Quantity("64Mi")));
        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort,
                ContainerPort::getProtocol).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tcp-8080", 8080, "TCP"),
                org.assertj.core.groups.Tuple.tuple("udp-5683", 5683, "UDP"));
        Probe probe = container.getReadinessProbe();
        assertThat(probe.getExec().getCommand()).containsExactly("/bin/sh", "-c", "wget -q -O- localhost:8080/health");
        assertThat(List.of(probe.getPeriodSeconds(), probe.getTimeoutSeconds(), probe.getFailureThreshold(),
                probe.getInitialDelaySeconds())).containsExactly(5, 2, 4, 10);
        assertThat(container.getLivenessProbe()).as("restartOnUnhealthy makes it a liveness probe too").isEqualTo(probe);
        assertThat(container.getEnvFrom()).isEmpty();
        assertThat(objects.env()).isEmpty();
        assertThat(objects.files()).isEmpty();
        assertThat(objects.pullSecret()).isEmpty();
    }

    @Test
    void portsBecomeAClusterIpServiceOnTheHostPortWhenPublishedElseTheContainerPort() {
        AppObjects objects = build("""
                {"image": "inspector", "ports": [{"containerPort": 8080, "hostPort": 80},
                 {"containerPort": 8080, "hostPort": 8081}, {"containerPort": 5683, "protocol": "udp"}]}""", NO_REGISTRIES);

        assertThat(objects.service()).hasValueSatisfying(service -> {
            assertThat(service.getMetadata().getName()).isEqualTo("inspector");
            assertThat(service.getMetadata().getNamespace()).isEqualTo("ef-acme-line-1");
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(service.getSpec().getSelector())
                    .isEqualTo(Map.of("app.kubernetes.io/name", "inspector", "app.kubernetes.io/managed-by", "edgefleet"));
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort,
                    ServicePort::getTargetPort, ServicePort::getProtocol).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("tcp-8080", 80, new IntOrString("tcp-8080"), "TCP"),
                    org.assertj.core.groups.Tuple.tuple("udp-5683", 5683, new IntOrString("udp-5683"), "UDP"));
        });
        assertThat(build("{\"image\": \"inspector\"}", NO_REGISTRIES).service()).as("no ports, no Service").isEmpty();
    }

    @Test
    void theEnvironmentIsAConfigMapTheContainerTakesWholeAndFilesAreMountedFromAnother() {
        AppObjects objects = build("""
                {"image": "inspector", "env": {"MODE": "strict", "LINE": "4", "odd name": "x"},
                 "files": [{"path": "/etc/inspector/rules.yaml", "content": "threshold: 0.8\\n"},
                           {"path": "/etc/inspector/ca.pem", "content": "-----BEGIN CERTIFICATE-----"}]}""", NO_REGISTRIES);

        assertThat(objects.env()).hasValueSatisfying(map -> {
            assertThat(map.getMetadata().getName()).isEqualTo("inspector-env");
            assertThat(map.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "inspector");
            assertThat(map.getData()).isEqualTo(Map.of("MODE", "strict", "LINE", "4"));
        });
        Container container = objects.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo("inspector-env"));
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("odd name", "x"));

        assertThat(objects.files()).hasValueSatisfying(map -> {
            assertThat(map.getMetadata().getName()).isEqualTo("inspector-files");
            assertThat(map.getData()).isEqualTo(Map.of("file-0", "threshold: 0.8\n", "file-1", "-----BEGIN CERTIFICATE-----"));
        });
        assertThat(objects.deployment().getSpec().getTemplate().getSpec().getVolumes()).singleElement()
                .satisfies(volume -> assertThat(volume.getConfigMap().getName()).isEqualTo("inspector-files"));
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath, VolumeMount::getSubPath,
                VolumeMount::getReadOnly).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/etc/inspector/rules.yaml", "file-0", true),
                org.assertj.core.groups.Tuple.tuple("/etc/inspector/ca.pem", "file-1", true));
    }

    @Test
    void registryCredentialsOfTheImagesRegistryBecomeAPullSecretTheDeploymentNames() {
        JsonNode registries = json("""
                [{"host": "reg.example", "username": "ci", "password": "s3cret"},
                 {"host": "other.example", "username": "x", "password": "y"}]""");
        AppObjects objects = build("{\"image\": \"reg.example/vision/inspector:1.4\"}", registries);

        Secret secret = objects.pullSecret().orElseThrow();
        assertThat(secret.getMetadata().getName()).isEqualTo("inspector-pull");
        assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        JsonNode config = json(new String(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")),
                StandardCharsets.UTF_8));
        assertThat(config).isEqualTo(json("""
                {"auths": {"reg.example": {"username": "ci", "password": "s3cret", "auth": "Y2k6czNjcmV0"}}}"""));
        assertThat(objects.deployment().getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement().satisfies(ref -> assertThat(ref.getName()).isEqualTo("inspector-pull"));

        assertThat(build("{\"image\": \"inspector\"}", registries).pullSecret()).as("docker.io image").isEmpty();
    }

    @Test
    void theDefaultsAreIfNotPresentNoProbeAndNoResources() {
        Container container = build("{\"image\": \"inspector\", \"healthcheck\": {\"test\": [\"NONE\"]}}", NO_REGISTRIES)
                .deployment().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(container.getLivenessProbe()).isNull();
        assertThat(container.getResources().getLimits()).isEmpty();
        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).isEmpty();
        assertThat(container.getSecurityContext()).isNull();
    }
}
