package io.edgefleet.allinone.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The objects {@code kubectl kustomize k8s/overlays/<overlay>} renders. The kubectl used is {@code EDGEFLEET_KUBECTL}
 * when set (e.g. Debian's 1.20 with kustomize v2.0.3), {@code kubectl} on the PATH otherwise.
 */
record Rendered(String overlay, String yaml, List<HasMetadata> objects) {

    static final Path REPO = locateRepo();

    static Rendered overlay(String overlay) {
        String yaml = kustomize(REPO.resolve("k8s/overlays").resolve(overlay));
        Object parsed = new KubernetesSerialization().unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(item -> objects.add((HasMetadata) item));
        } else {
            objects.add((HasMetadata) parsed);
        }
        return new Rendered(overlay, yaml, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** Deployments and StatefulSets, as workloads with a pod template. */
    List<Workload> workloads() {
        return Stream.concat(
                all(Deployment.class).stream().map(d -> new Workload("Deployment", d.getMetadata().getName(),
                        d.getSpec().getTemplate())),
                all(StatefulSet.class).stream().map(s -> new Workload("StatefulSet", s.getMetadata().getName(),
                        s.getSpec().getTemplate()))).toList();
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no workload named " + name));
    }

    /** A Deployment or StatefulSet. */
    record Workload(String kind, String name, PodTemplateSpec template) {

        List<Container> containers() {
            List<Container> all = new ArrayList<>(template.getSpec().getContainers());
            Optional.ofNullable(template.getSpec().getInitContainers()).ifPresent(all::addAll);
            return all;
        }

        Container container() {
            return template.getSpec().getContainers().get(0);
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    private static String kustomize(Path dir) {
        String kubectl = Optional.ofNullable(System.getenv("EDGEFLEET_KUBECTL")).orElse("kubectl");
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(kubectl + " kustomize " + dir + " did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(kubectl + " kustomize " + dir + " failed (" + process.exitValue() + "): "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl + " (install kubectl or Debian's kubernetes-client)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path locateRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("k8s/overlays"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no k8s/overlays above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
