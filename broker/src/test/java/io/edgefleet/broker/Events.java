package io.edgefleet.broker;

import java.util.UUID;

/** CloudEvents as the services publish them on {@code fleet/v1/{tenant}/events/{type}}. */
final class Events {

    private Events() {
    }

    static String topic(String tenant, String type) {
        return "fleet/v1/" + tenant + "/events/" + type;
    }

    /** @param data the {@code data} member as JSON */
    static String event(String type, String tenant, String subject, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/edgefleet/test","type":"io.edgefleet.%s.v1",
                 "time":"2026-01-01T00:00:00Z","subject":"%s","tenant":"%s","datacontenttype":"application/json",
                 "data":%s}""".formatted(UUID.randomUUID(), type, subject, tenant, data);
    }

    static String tenantEvent(String type, String tenant, String status) {
        return event(type, tenant, tenant, "{\"tenant\":\"%s\",\"displayName\":\"Tenant %s\",\"status\":\"%s\"}"
                .formatted(tenant, tenant, status));
    }

    /** An audit entry as the gateway records it: it names the user's email and source address. */
    static String auditRecorded(String tenant, String action) {
        return event("audit.recorded", tenant, action, """
                {"tenant":"%s","actor":{"kind":"user","id":"%s","name":"admin@%s.example"},"action":"%s",
                 "target":"/api/v1/tenants/%s/endpoints","method":"POST","status":201,"outcome":"success",
                 "sourceIp":"10.0.0.7","time":"2026-01-01T00:00:00Z"}""".formatted(tenant, UUID.randomUUID(), tenant,
                action, tenant));
    }

    static String keyRevoked(String tenant, String keyId) {
        return event("integration-key.revoked", tenant, keyId, ("{\"keyId\":\"%s\",\"tenant\":\"%s\",\"name\":\"mes\","
                + "\"revokedAt\":\"2026-01-01T00:00:00Z\",\"cause\":\"revoked\"}").formatted(keyId, tenant));
    }
}
