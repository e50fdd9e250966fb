package io.edgefleet.tenancy.partition;

import java.util.Map;

/**
 * A partition's ResourceQuota status as its cluster reports it: the limits the cluster enforces and what the
 * namespace uses of them, by Kubernetes resource name ({@code requests.cpu}, {@code limits.memory}, {@code pods}).
 */
public record PartitionUsage(Map<String, String> hard, Map<String, String> used) {

    public PartitionUsage {
        hard = Map.copyOf(hard);
        used = Map.copyOf(used);
    }
}
