package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionSpecTest {

    private static PartitionSpec spec(String cpu, String memory, String defaultCpu, String defaultMemory, String requestCpu,
                                      String requestMemory, String maxCpu, String maxMemory) {
        return new PartitionSpec(new PartitionSpec.Quota(cpu, memory, 20), new PartitionSpec.Limits(defaultCpu, defaultMemory,
                requestCpu, requestMemory, Optional.ofNullable(maxCpu), Optional.ofNullable(maxMemory)));
    }

    private static List<String> invalidFields(PartitionSpec spec) {
        try {
            spec.validate();
            return List.of();
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.errors().stream().map(FieldError::field).toList();
        }
    }

    @Test
    void aConsistentSpecPasses() {
        assertThat(invalidFields(spec("4", "8Gi", "500m", "512Mi", "100m", "128Mi", "2", "4Gi"))).isEmpty();
        assertThat(invalidFields(spec("2.5", "4G", "1", "1Gi", "0.25", "256Mi", null, null))).isEmpty();
    }

    @Test
    void zeroAndUnitMistakesAreRefusedAtTheirField() {
        assertThat(invalidFields(spec("0", "8Gi", "500m", "512Mi", "100m", "128Mi", null, null))).containsExactly("/quota/cpu");
        assertThat(invalidFields(spec("4", "512m", "500m", "512Mi", "100m", "128Mi", null, null)))
                .contains("/quota/memory");
        assertThat(invalidFields(spec("4", "8Gi", "0.0001", "512Mi", "0.0001", "128Mi", null, null)))
                .contains("/limits/defaultCpu", "/limits/defaultRequestCpu");
        assertThat(invalidFields(spec("4", "8Gi", "lots", "512Mi", "100m", "128Mi", null, null)))
                .containsExactly("/limits/defaultCpu");
    }

    @Test
    void requestsMayNotExceedLimitsNorDefaultsTheMaximaOrTheQuota() {
        assertThat(invalidFields(spec("4", "8Gi", "500m", "512Mi", "600m", "1Gi", null, null)))
                .containsExactlyInAnyOrder("/limits/defaultRequestCpu", "/limits/defaultRequestMemory");
        assertThat(invalidFields(spec("4", "8Gi", "3", "512Mi", "100m", "128Mi", "2", "256Mi")))
                .containsExactlyInAnyOrder("/limits/defaultCpu", "/limits/defaultMemory");
        assertThat(invalidFields(spec("1", "256Mi", "2", "512Mi", "100m", "128Mi", null, null)))
                .containsExactlyInAnyOrder("/limits/defaultCpu", "/limits/defaultMemory");
    }

    @Test
    void aPatchReplacesOnlyTheGivenMembersAndNullClearsAMaximum() {
        PartitionSpec before = spec("4", "8Gi", "500m", "512Mi", "100m", "128Mi", "2", "4Gi");
        PartitionSpec after = before.patched(Json.parse("{\"quota\":{\"cpu\":\"6\"},\"limits\":{\"maxCpu\":null}}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(after.quota()).isEqualTo(new PartitionSpec.Quota("6", "8Gi", 20));
        assertThat(after.limits().maxCpu()).isEmpty();
        assertThat(after.limits().maxMemory()).contains("4Gi");
        assertThat(after.limits().defaultCpu()).isEqualTo("500m");
    }

    @Test
    void theObjectsCarryTheSpecAndTheTenantsLabelsAndGroup() {
        PartitionSpec spec = spec("4", "8Gi", "500m", "512Mi", "100m", "128Mi", "2", null);
        assertThat(PartitionObjects.namespace("acme", "line-3")).isEqualTo("ef-acme-line-3");
        assertThat(PartitionObjects.namespaceObject("acme", "line-3").getMetadata().getLabels())
                .containsEntry("edgefleet.io/tenant", "acme").containsEntry("edgefleet.io/partition", "line-3");

        Map<String, Quantity> hard = PartitionObjects.quota("acme", "line-3", spec.quota()).getSpec().getHard();
        assertThat(hard).containsOnlyKeys("requests.cpu", "limits.cpu", "requests.memory", "limits.memory", "pods");
        assertThat(hard.get("limits.memory")).isEqualTo(new Quantity("8Gi"));
        assertThat(hard.get("pods")).isEqualTo(new Quantity("20"));

        LimitRangeItem item = PartitionObjects.limitRange("acme", "line-3", spec.limits()).getSpec().getLimits().get(0);
        assertThat(item.getType()).isEqualTo("Container");
        assertThat(item.getDefault()).containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("512Mi"));
        assertThat(item.getDefaultRequest()).containsEntry("cpu", new Quantity("100m"));
        assertThat(item.getMax()).containsOnlyKeys("cpu");

        RoleBinding binding = PartitionObjects.roleBinding("acme", "line-3");
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("ef-acme-line-3");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("edit");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("Group");
            assertThat(subject.getName()).isEqualTo("edgefleet:tenant:acme");
        });
    }

    @Test
    void theLongestTenantAndPartitionNamesStillMakeAValidNamespaceName() {
        String namespace = PartitionObjects.namespace("t" + "x".repeat(39), "p" + "y".repeat(18));
        assertThat(namespace).hasSize(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
}
