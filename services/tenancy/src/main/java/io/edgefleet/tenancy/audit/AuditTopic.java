package io.edgefleet.tenancy.audit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topic an audit entry arrived on: {@code fleet/v1/{tenant}/events/audit.recorded} (an entry of that tenant) or
 * {@code platform/v1/events/audit.recorded} (a platform-level entry, tenant null).
 */
record AuditTopic(String tenant) {

    static final String SHORT_TYPE = "audit.recorded";
    /** Both topics, split between the tenancy replicas. */
    static final String TENANT_FILTER = "$share/tenancy/fleet/v1/+/events/" + SHORT_TYPE;
    static final String PLATFORM_FILTER = "$share/tenancy/platform/v1/events/" + SHORT_TYPE;

    private static final Pattern TENANT_TOPIC = Pattern.compile("^fleet/v1/([a-z][a-z0-9-]{1,39})/events/audit\\.recorded$");
    private static final String PLATFORM_TOPIC = "platform/v1/events/" + SHORT_TYPE;

    static Optional<AuditTopic> parse(String topic) {
        if (PLATFORM_TOPIC.equals(topic)) {
            return Optional.of(new AuditTopic(null));
        }
        Matcher matcher = TENANT_TOPIC.matcher(topic);
        return matcher.matches() ? Optional.of(new AuditTopic(matcher.group(1))) : Optional.empty();
    }

    boolean platform() {
        return tenant == null;
    }

    /** The schema of the CloudEvent envelope on this topic: platform events carry no tenant. */
    String envelopeSchema() {
        return platform() ? "platform-cloudevent" : "cloudevent";
    }
}
