package io.edgefleet.tenancy.partition.workload;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kubernetes objects of one app in a partition: always a Deployment; a Service when the app has ports; a ConfigMap
 * {@code <app>-env} with its environment, a ConfigMap {@code <app>-files} with its files and a Secret
 * {@code <app>-pull} with the registry credentials its image needs, each when there is something to hold.
 */
record AppObjects(String app, int revision, Deployment deployment, Optional<Service> service, Optional<ConfigMap> env,
                  Optional<ConfigMap> files, Optional<Secret> pullSecret) {

    AppObjects {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(pullSecret, "pullSecret");
    }

    /** In the order they are applied: what the Deployment refers to comes first, so its pods find it. */
    List<HasMetadata> inApplyOrder() {
        List<HasMetadata> objects = new ArrayList<>();
        env.ifPresent(objects::add);
        files.ifPresent(objects::add);
        pullSecret.ifPresent(objects::add);
        objects.add(deployment);
        service.ifPresent(objects::add);
        return objects;
    }
}
