package io.edgefleet.tenancy.partition.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import org.junit.jupiter.api.Test;

class AppStatusTest {

    private static Deployment deployment(DeploymentStatusBuilder status) {
        return new DeploymentBuilder().withNewMetadata().withName("inspector").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(1).endSpec().withStatus(status.build()).build();
    }

    @Test
    void aDeploymentWithEveryReplicaUpdatedReadyAndAvailableIsRunning() {
        AppStatus status = AppStatus.of("inspector", 3, deployment(new DeploymentStatusBuilder().withObservedGeneration(2L)
                .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)));

        assertThat(status).isEqualTo(new AppStatus("inspector", 3, "Running", "1/1", java.util.Optional.empty()));
    }

    @Test
    void anUnobservedSpecOrAMissingReplicaIsNotRunningYet() {
        assertThat(AppStatus.of("inspector", 3, deployment(new DeploymentStatusBuilder().withObservedGeneration(1L)
                .withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1))).phase()).isEqualTo("Progressing");
        AppStatus none = AppStatus.of("inspector", 3, deployment(new DeploymentStatusBuilder()
                .addToConditions(new DeploymentConditionBuilder().withType("Available").withStatus("False")
                        .withMessage("Deployment does not have minimum availability.").build())));
        assertThat(none.phase()).isEqualTo("Pending");
        assertThat(none.ready()).isEqualTo("0/1");
        assertThat(none.message()).contains("Deployment does not have minimum availability.");
    }

    @Test
    void anExceededProgressDeadlineOrAReplicaFailureIsFailedWithTheClustersMessage() {
        AppStatus stalled = AppStatus.of("inspector", 3, deployment(new DeploymentStatusBuilder()
                .addToConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet \"inspector-7d\" has timed out progressing.")
                        .build())));
        assertThat(stalled.phase()).isEqualTo("Failed");
        assertThat(stalled.message()).contains("ReplicaSet \"inspector-7d\" has timed out progressing.");

        AppStatus quota = AppStatus.of("inspector", 3, deployment(new DeploymentStatusBuilder()
                .addToConditions(new DeploymentConditionBuilder().withType("ReplicaFailure").withStatus("True")
                        .withMessage("pods \"inspector-7d-x\" is forbidden: exceeded quota").build())));
        assertThat(quota.phase()).isEqualTo("Failed");
        assertThat(quota.message()).contains("pods \"inspector-7d-x\" is forbidden: exceeded quota");

        assertThat(AppStatus.of("inspector", 3, null).phase()).isEqualTo("Failed");
    }
}
