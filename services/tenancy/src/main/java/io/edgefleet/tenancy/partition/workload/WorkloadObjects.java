package io.edgefleet.tenancy.partition.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.tenancy.partition.PartitionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Translates one app of a partition desired document into its {@link AppObjects}. Pure: the same app gives the same
 * objects, so applying a document twice changes nothing. Every object carries {@value #NAME_LABEL} = the app's name,
 * {@code app.kubernetes.io/managed-by=edgefleet}, the tenant and partition labels and {@value #REVISION_LABEL}, which
 * is also on the pod template, so a new revision rolls the pods even when only a ConfigMap changed.
 *
 * <p>Not translated (they describe a Docker host, not a pod): volumes, network, labels, restartPolicy (a Deployment's
 * pods always restart), init, logOptions, gpus, and a user given by name.
 */
public final class WorkloadObjects {

    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String REVISION_LABEL = "edgefleet.io/revision";
    /** Keys a ConfigMap accepts; other variable names are set on the container directly. */
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");
    private static final String FILES_VOLUME = "edgefleet-files";

    private WorkloadObjects() {
    }

    /**
     * @param app        one entry of the document's {@code apps} (name, revision, spec)
     * @param registries the document's {@code registries}; those whose host is the image's registry go into the pull
     *                   secret
     */
    public static AppObjects build(String tenant, String partition, JsonNode app, JsonNode registries) {
        String name = app.get("name").asText();
        int revision = app.get("revision").asInt();
        JsonNode spec = app.get("spec");
        String namespace = PartitionObjects.namespace(tenant, partition);
        Map<String, String> labels = labels(tenant, partition, name, revision);
        Optional<ConfigMap> env = envConfigMap(spec, meta(name + "-env", namespace, labels));
        Optional<ConfigMap> files = filesConfigMap(spec, meta(name + "-files", namespace, labels));
        Optional<Secret> pull = pullSecret(spec, registries, meta(name + "-pull", namespace, labels));
        Deployment deployment = deployment(name, spec, meta(name, namespace, labels), labels, env, files, pull);
        Optional<Service> service = spec.path("ports").isEmpty() ? Optional.empty()
                : Optional.of(service(name, spec, meta(name, namespace, labels)));
        return new AppObjects(name, revision, deployment, service, env, files, pull);
    }

    /** What the Deployment selects its pods by: the labels that never change for an app. */
    static Map<String, String> selector(String app) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME_LABEL, app);
        selector.put(PartitionObjects.MANAGED_BY_LABEL, PartitionObjects.MANAGED_BY);
        return selector;
    }

    private static Map<String, String> labels(String tenant, String partition, String app, int revision) {
        Map<String, String> labels = selector(app);
        labels.put(PartitionObjects.TENANT_LABEL, tenant);
        labels.put(PartitionObjects.PARTITION_LABEL, partition);
        labels.put(REVISION_LABEL, String.valueOf(revision));
        return labels;
    }

    private static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
    }

    private static Deployment deployment(String name, JsonNode spec, ObjectMeta meta, Map<String, String> labels,
                                         Optional<ConfigMap> env, Optional<ConfigMap> files, Optional<Secret> pull) {
        ContainerBuilder container = new ContainerBuilder().withName(name).withImage(spec.get("image").asText())
                .withImagePullPolicy(ContainerParts.pullPolicy(spec)).withPorts(ContainerParts.ports(spec))
                .withResources(ContainerParts.resources(spec)).withEnv(inlineEnv(spec));
        if (spec.has("entrypoint")) {
            container.withCommand(strings(spec.get("entrypoint")));
        }
        if (spec.has("command")) {
            container.withArgs(strings(spec.get("command")));
        }
        if (spec.has("workingDir")) {
            container.withWorkingDir(spec.get("workingDir").asText());
        }
        env.ifPresent(map -> container.addNewEnvFrom().withNewConfigMapRef().withName(map.getMetadata().getName())
                .endConfigMapRef().endEnvFrom());
        ContainerParts.probe(spec).ifPresent(probe -> {
            container.withReadinessProbe(probe);
            if (spec.path("restartOnUnhealthy").asBoolean(false)) {
                container.withLivenessProbe(probe);
            }
        });
        ContainerParts.numericUser(spec).ifPresent(ids -> container.withNewSecurityContext().withRunAsUser(ids[0])
                .withRunAsGroup(ids.length > 1 ? ids[1] : null).endSecurityContext());
        PodSpecBuilder pod = new PodSpecBuilder().withHostAliases(ContainerParts.hostAliases(spec));
        files.ifPresent(map -> {
            pod.addNewVolume().withName(FILES_VOLUME).withNewConfigMap().withName(map.getMetadata().getName())
                    .endConfigMap().endVolume();
            int index = 0;
            for (JsonNode file : spec.path("files")) {
                container.addToVolumeMounts(new VolumeMountBuilder().withName(FILES_VOLUME)
                        .withMountPath(file.get("path").asText()).withSubPath(fileKey(index++)).withReadOnly(true).build());
            }
        });
        pull.ifPresent(secret -> pod.addNewImagePullSecret(secret.getMetadata().getName()));
        pod.withContainers(container.build());
        return new DeploymentBuilder().withMetadata(meta).withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(selector(name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod.build()).endTemplate()
                .endSpec().build();
    }

    /** A ClusterIP Service: each port on its host port when the spec publishes it, else on the container port. */
    private static Service service(String name, JsonNode spec, ObjectMeta meta) {
        Map<String, ServicePort> ports = new LinkedHashMap<>();
        for (JsonNode port : spec.path("ports")) {
            String portName = ContainerParts.portName(port);
            ports.putIfAbsent(portName, new ServicePortBuilder().withName(portName)
                    .withPort(port.has("hostPort") ? port.get("hostPort").asInt() : port.get("containerPort").asInt())
                    .withTargetPort(new IntOrString(portName))
                    .withProtocol(port.path("protocol").asText("tcp").toUpperCase()).build());
        }
        return new ServiceBuilder().withMetadata(meta).withNewSpec().withType("ClusterIP").withSelector(selector(name))
                .withPorts(new ArrayList<>(ports.values())).endSpec().build();
    }

    private static Optional<ConfigMap> envConfigMap(JsonNode spec, ObjectMeta meta) {
        Map<String, String> data = new LinkedHashMap<>();
        spec.path("env").properties().forEach(e -> {
            if (CONFIG_MAP_KEY.matcher(e.getKey()).matches()) {
                data.put(e.getKey(), e.getValue().asText());
            }
        });
        return data.isEmpty() ? Optional.empty() : Optional.of(new ConfigMapBuilder().withMetadata(meta).withData(data).build());
    }

    /** Variables whose names a ConfigMap refuses as keys (a space, a colon): set on the container itself. */
    private static List<EnvVar> inlineEnv(JsonNode spec) {
        List<EnvVar> env = new ArrayList<>();
        spec.path("env").properties().forEach(e -> {
            if (!CONFIG_MAP_KEY.matcher(e.getKey()).matches()) {
                env.add(new EnvVar(e.getKey(), e.getValue().asText(), null));
            }
        });
        return env;
    }

    /** The spec's {@code files} ([{path, content}], when present) under keys file-0, file-1, ... */
    private static Optional<ConfigMap> filesConfigMap(JsonNode spec, ObjectMeta meta) {
        Map<String, String> data = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode file : spec.path("files")) {
            data.put(fileKey(index++), file.path("content").asText());
        }
        return data.isEmpty() ? Optional.empty() : Optional.of(new ConfigMapBuilder().withMetadata(meta).withData(data).build());
    }

    private static String fileKey(int index) {
        return "file-" + index;
    }

    /** A kubernetes.io/dockerconfigjson Secret with the credentials of the image's registry, if the document has them. */
    private static Optional<Secret> pullSecret(JsonNode spec, JsonNode registries, ObjectMeta meta) {
        String host = ContainerParts.registryHost(spec.get("image").asText());
        ObjectNode auths = JsonNodeFactory.instance.objectNode();
        for (JsonNode registry : registries) {
            if (host.equals(registry.get("host").asText())) {
                String user = registry.get("username").asText();
                String password = registry.get("password").asText();
                auths.putObject(host).put("username", user).put("password", password)
                        .put("auth", base64(user + ":" + password));
            }
        }
        if (auths.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.set("auths", auths);
        return Optional.of(new SecretBuilder().withMetadata(meta).withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", base64(Json.write(config))).build());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }
}
