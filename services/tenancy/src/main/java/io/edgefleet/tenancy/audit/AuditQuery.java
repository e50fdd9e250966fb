package io.edgefleet.tenancy.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to list of the audit log: whose log, the filters (all must hold), and the page.
 *
 * @param logTenant    a tenant's log; empty: the platform's log (every entry)
 * @param tenant       only entries recorded for this tenant (platform log only)
 * @param actor        only entries of this actor id
 * @param action       only this action
 * @param actionPrefix only actions that start with this text, which ends with a dot (from {@code endpoints.*})
 * @param outcome      only this outcome
 * @param targetPrefix only targets that start with this path
 * @param since        only entries at or after this time
 * @param until        only entries before this time
 * @param limit        page size, 1 to {@link #MAX_LIMIT}
 * @param after        continue after this cursor
 */
record AuditQuery(Optional<String> logTenant, Optional<String> tenant, Optional<String> actor,
                         Optional<String> action, Optional<String> actionPrefix, Optional<String> outcome,
                         Optional<String> targetPrefix, Optional<Instant> since, Optional<Instant> until, int limit,
                         Optional<AuditCursor> after) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    AuditQuery {
        Objects.requireNonNull(logTenant, "logTenant");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actionPrefix, "actionPrefix");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(targetPrefix, "targetPrefix");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }
}
