package io.edgefleet.allinone.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgefleet.registry.RegistryConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every rendering of {@code k8s/} keeps, checked on what {@code kubectl kustomize} makes of each overlay.
 */
class KubernetesManifestsTest {

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static final Set<String> SERVICES = Set.of("registry", "tenancy", "deployment", "telemetry", "gateway");

    static Rendered rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Rendered::overlay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyFieldIsOneTheKubernetesApiDefines(String overlay) {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : rendered(overlay).objects()) {
            unknown.addAll(UnknownFields.in(object, object.getKind() + "/" + object.getMetadata().getName()));
        }
        assertEquals(List.of(), unknown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesRequestsAndLimits(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Rendered.Workload workload : rendered(overlay).workloads()) {
            for (Container c : workload.containers()) {
                String where = workload + " container " + c.getName();
                if (c.getReadinessProbe() == null) problems.add(where + " has no readiness probe");
                if (c.getLivenessProbe() == null) problems.add(where + " has no liveness probe");
                var resources = c.getResources();
                for (String kind : List.of("cpu", "memory")) {
                    if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(kind)) {
                        problems.add(where + " requests no " + kind);
                    }
                    if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey(kind)) {
                        problems.add(where + " has no " + kind + " limit");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(Set.of("broker", "registry", "tenancy", "deployment", "telemetry", "gateway"),
                rendered(overlay).workloads().stream().map(Rendered.Workload::name)
                        .filter(n -> !n.equals("postgres")).collect(java.util.stream.Collectors.toSet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerRunsAsNonRootWithoutPrivilegeEscalation(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Rendered.Workload workload : rendered(overlay).workloads()) {
            PodSecurityContext pod = Optional.ofNullable(workload.template().getSpec().getSecurityContext())
                    .orElse(new PodSecurityContext());
            for (Container c : workload.containers()) {
                String where = workload + " container " + c.getName();
                SecurityContext own = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
                Boolean nonRoot = own.getRunAsNonRoot() != null ? own.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
                if (!Boolean.TRUE.equals(nonRoot)) problems.add(where + " does not set runAsNonRoot");
                if (user == null || user == 0) problems.add(where + " runs as uid " + user);
                if (c.getImage().startsWith("edgefleet/") && !Long.valueOf(10001).equals(user)) {
                    problems.add(where + " runs as uid " + user + ", not the images' 10001");
                }
                if (!Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
                    problems.add(where + " does not set allowPrivilegeEscalation: false");
                }
                if (!Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
                    problems.add(where + " has a writable root file system");
                } else if (c.getVolumeMounts() == null
                        || c.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().equals("/tmp"))) {
                    problems.add(where + " has a read-only root file system but no writable /tmp");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretIsRenderedAndEverySecretRefIsOneTheDocumentedCommandMakes(String overlay) throws IOException {
        Rendered rendered = rendered(overlay);
        assertEquals(List.of(), rendered.all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList(),
                "secrets are created by the operator, never rendered from the repository");
        OperatorSecrets made = OperatorSecrets.generate();
        Set<String> documented = documentedSecretKeys();
        Set<String> refs = new TreeSet<>();
        for (Rendered.Workload workload : rendered.workloads()) {
            for (Container c : workload.containers()) {
                for (EnvVar v : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                        refs.add(v.getValueFrom().getSecretKeyRef().getName() + "/" + v.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
                for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                    assertTrue(from.getSecretRef() == null, workload + " takes a whole Secret as env");
                }
            }
        }
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            String[] nameKey = ref.split("/");
            assertTrue(made.value(nameKey[0], nameKey[1]).isPresent(), ref + " is not made by k8s/create-secrets.sh");
            assertTrue(documented.contains(ref), ref + " is not in the table of docs/kubernetes.md");
        }
    }

    /** {@code secret/key} of every row of the Secrets table: | `secret` | `key`, `key` | ... */
    private static Set<String> documentedSecretKeys() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Rendered.REPO.resolve("docs/kubernetes.md"))) {
            String[] cells = line.strip().split("\\|");
            if (cells.length > 3 && cells[1].strip().matches("`[a-z0-9-]+`")) {
                String secret = cells[1].strip().replace("`", "");
                Matcher keys = Pattern.compile("`([a-z0-9-]+)`").matcher(cells[2]);
                while (keys.find()) {
                    documented.add(secret + "/" + keys.group(1));
                }
            }
        }
        return documented;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void gatewayAndTelemetryScaleByAutoscalersAimedAtTheirDeployments(String overlay) {
        Rendered rendered = rendered(overlay);
        Set<String> scaled = new TreeSet<>();
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertEquals("Deployment", target.getKind(), hpa.getMetadata().getName());
            assertEquals("apps/v1", target.getApiVersion(), hpa.getMetadata().getName());
            Deployment deployment = rendered.find(Deployment.class, target.getName()).orElseThrow(() -> new AssertionError(
                    "HPA " + hpa.getMetadata().getName() + " targets missing Deployment " + target.getName()));
            assertNull(deployment.getSpec().getReplicas(), "Deployment " + target.getName()
                    + " sets replicas: every kubectl apply would undo its autoscaler");
            assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
            assertFalse(hpa.getSpec().getMetrics().isEmpty());
            scaled.add(target.getName());
        }
        assertEquals(Set.of("gateway", "telemetry"), scaled);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasADisruptionBudgetThatSelectsItsPods(String overlay) {
        Rendered rendered = rendered(overlay);
        Set<String> covered = new TreeSet<>();
        for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
            List<String> selected = rendered.workloads().stream()
                    .filter(w -> NetworkReach.matches(pdb.getSpec().getSelector(), w.template().getMetadata().getLabels()))
                    .map(Rendered.Workload::name).toList();
            assertEquals(1, selected.size(), "PDB " + pdb.getMetadata().getName() + " selects " + selected);
            covered.addAll(selected);
        }
        assertEquals(SERVICES, covered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsAnEdgefleetImageOfThisVersionOrPostgres(String overlay) {
        for (Rendered.Workload workload : rendered(overlay).workloads()) {
            for (Container c : workload.containers()) {
                String image = c.getImage();
                assertTrue(image.equals("edgefleet/" + workload.name() + ":" + RegistryConfig.version())
                        || image.startsWith("postgres:") && workload.name().equals("postgres"), workload + " runs " + image);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressIsDeniedByDefaultSoThatAPodAddedLaterIsClosed(String overlay) {
        List<String> denyAll = rendered(overlay).all(NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getPodSelector() != null
                        && Optional.ofNullable(p.getSpec().getPodSelector().getMatchLabels()).orElse(Map.of()).isEmpty()
                        && p.getSpec().getPodSelector().getMatchExpressions().isEmpty())
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                .map(p -> p.getMetadata().getName()).toList();
        assertEquals(List.of("default-deny-ingress"), denyAll);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void fromOutsideOnlyTheGatewayAndTheBrokersMqttListenerAreReachable(String overlay) {
        Rendered rendered = rendered(overlay);
        NetworkReach reach = NetworkReach.of(rendered);
        Set<String> open = new TreeSet<>();
        for (Rendered.Workload to : rendered.workloads()) {
            for (int port : List.of(1883, 5432, 8080, 8081, 8082, 8083, 8084, 8883, 9000)) {
                if (reach.allows(null, to, port)) {
                    open.add(to.name() + ":" + port);
                }
            }
        }
        assertEquals(Set.of("gateway:8080", "broker:1883"), open);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void insideEachPartReachesExactlyWhatItsWiringNeeds(String overlay) {
        Rendered rendered = rendered(overlay);
        NetworkReach reach = NetworkReach.of(rendered);
        Map<String, Integer> ports = Map.of("broker", 1883, "postgres", 5432, "gateway", 8080, "registry", 8081,
                "tenancy", 8082, "deployment", 8083, "telemetry", 8084);
        Set<String> needed = new TreeSet<>(Set.of("gateway>registry", "gateway>tenancy", "gateway>deployment",
                "gateway>telemetry", "broker>registry"));
        for (String service : SERVICES) {
            needed.add(service + ">broker");
            if (!service.equals("gateway")) {
                needed.add(service + ">postgres");
            }
        }
        Set<String> allowed = new TreeSet<>();
        for (Rendered.Workload from : rendered.workloads()) {
            for (Rendered.Workload to : rendered.workloads()) {
                if (!from.name().equals(to.name())
                        && reach.allows(from.template().getMetadata().getLabels(), to, ports.get(to.name()))) {
                    allowed.add(from.name() + ">" + to.name());
                }
            }
        }
        // the gateway and the broker face the outside anyway: every pod reaches them
        allowed.removeIf(flow -> (flow.endsWith(">gateway") || flow.endsWith(">broker")) && !needed.contains(flow));
        if (rendered.find(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "postgres").isEmpty()) {
            needed.removeIf(flow -> flow.endsWith(">postgres"));
        }
        assertEquals(needed, allowed);
    }
}
