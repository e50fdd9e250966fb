package io.edgefleet.tenancy.partition.workload;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One app's entry in a {@code partition-state} document, read from its Deployment.
 *
 * @param phase   Pending, Progressing, Running or Failed
 * @param ready   ready replicas over wanted replicas, e.g. {@code 1/1}
 * @param message why the app is not Running, when known
 */
record AppStatus(String name, int revision, String phase, String ready, Optional<String> message) {

    static final int MAX_MESSAGE = 4096;

    AppStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(ready, "ready");
        message = message.map(text -> text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text);
    }

    /** An app whose objects could not be applied. */
    static AppStatus failed(String name, int revision, String reason) {
        return new AppStatus(name, revision, "Failed", "0/1", Optional.of(reason));
    }

    /**
     * The status of a Deployment applied at {@code revision}: Failed when its rollout stopped (progress deadline
     * exceeded, a replica set that cannot create pods), Running when the controller saw the latest spec and every
     * wanted replica is updated, ready and available, Pending while none is ready, Progressing otherwise.
     *
     * @param deployment the Deployment as the cluster has it now; null when it is gone
     */
    static AppStatus of(String name, int revision, Deployment deployment) {
        if (deployment == null) {
            return failed(name, revision, "the Deployment is missing from the partition's namespace");
        }
        int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        int ready = count(status.getReadyReplicas());
        String readiness = ready + "/" + wanted;
        List<DeploymentCondition> conditions = Optional.ofNullable(status.getConditions()).orElse(List.of());
        for (DeploymentCondition condition : conditions) {
            boolean stalled = "Progressing".equals(condition.getType()) && "False".equals(condition.getStatus());
            boolean replicaFailure = "ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus());
            if (stalled || replicaFailure) {
                return new AppStatus(name, revision, "Failed", readiness, Optional.ofNullable(condition.getMessage()));
            }
        }
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
        if (observed && ready >= wanted && count(status.getUpdatedReplicas()) >= wanted
                && count(status.getAvailableReplicas()) >= wanted) {
            return new AppStatus(name, revision, "Running", readiness, Optional.empty());
        }
        if (ready == 0) {
            return new AppStatus(name, revision, "Pending", readiness, conditions.stream()
                    .filter(c -> "Available".equals(c.getType()) && "False".equals(c.getStatus()))
                    .map(DeploymentCondition::getMessage).filter(Objects::nonNull).findFirst());
        }
        return new AppStatus(name, revision, "Progressing", readiness, Optional.empty());
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", name).put("revision", revision)
                .put("phase", phase).put("ready", ready);
        message.ifPresent(text -> json.put("message", text));
        return json;
    }

    private static int count(Integer replicas) {
        return replicas == null ? 0 : replicas;
    }
}
