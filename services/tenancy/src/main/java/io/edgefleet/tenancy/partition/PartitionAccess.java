package io.edgefleet.tenancy.partition;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.tenancy.tenant.Tenant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant's Kubernetes access to one partition (its RoleBinding): what the tenant's status asks for, what the
 * cluster was last seen to accept, and why the last attempt to bring the two together failed, if it did.
 *
 * @param wanted        {@link State#GRANTED} while the tenant is active, {@link State#SUSPENDED} while it is disabled
 * @param inCluster     what the cluster holds as far as this service knows
 * @param lastError     why the last attempt to change the binding failed; empty once one succeeds
 * @param lastAttemptAt when the service last changed or tried to change the binding for a status (empty: never)
 */
public record PartitionAccess(State wanted, State inCluster, Optional<String> lastError,
                              Optional<OffsetDateTime> lastAttemptAt) {

    /** Whether the tenant's group has its RoleBinding in the partition's namespace. */
    public enum State {
        GRANTED, SUSPENDED;

        /** The access a tenant status asks for: only an active tenant's people reach its namespaces. */
        static State forTenantStatus(String status) {
            return Tenant.ACTIVE.equals(status) ? GRANTED : SUSPENDED;
        }

        static State parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }

        /** As stored and shown: {@code granted}, {@code suspended}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PartitionAccess {
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(inCluster, "inCluster");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
    }

    /** Whether the cluster holds what the tenant's status asks for; false means a retry is due. */
    public boolean reconciled() {
        return wanted == inCluster;
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("state", wanted.text()).put("inCluster", inCluster.text()).put("reconciled", reconciled())
                .put("lastError", lastError.orElse(null))
                .put("lastAttemptAt", lastAttemptAt.map(t -> t.toInstant().toString()).orElse(null));
        return json;
    }
}
