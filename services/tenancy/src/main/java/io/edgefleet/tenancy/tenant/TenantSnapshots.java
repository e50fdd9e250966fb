package io.edgefleet.tenancy.tenant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;

/**
 * The retained tenant snapshot on {@code fleet/v1/{tenant}/tenant} ({@code tenant-state.schema.json}), queued through
 * the outbox in the caller's transaction. A subscriber to {@code fleet/v1/+/tenant} thereby learns every current
 * tenant and its status at once; a deleted tenant's topic is cleared with an empty retained payload.
 */
final class TenantSnapshots {

    private TenantSnapshots() {
    }

    /** {@code fleet/v1/{tenant}/tenant}. */
    static String topic(String tenant) {
        return "fleet/v1/" + tenant + "/tenant";
    }

    /** The snapshot document of a tenant as it is now. */
    static ObjectNode state(Tenant tenant) {
        return JsonNodeFactory.instance.objectNode()
                .put("tenant", tenant.id())
                .put("displayName", tenant.displayName())
                .put("status", tenant.status())
                .put("createdAt", tenant.createdAt().toInstant().toString())
                .put("updatedAt", tenant.updatedAt().toInstant().toString());
    }

    /** Queues the tenant's snapshot, replacing the retained one. */
    static Future<Void> publish(SqlConnection tx, Tenant tenant) {
        return Outbox.append(tx, topic(tenant.id()), Buffer.buffer(Json.write(state(tenant))), true);
    }

    /** Queues the empty retained payload that removes a deleted tenant's snapshot. */
    static Future<Void> clear(SqlConnection tx, String tenant) {
        return Outbox.append(tx, topic(tenant), Buffer.buffer(), true);
    }
}
