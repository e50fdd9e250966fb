package io.edgefleet.tenancy.audit;

import static io.edgefleet.kit.http.QueryParams.invalid;
import static io.edgefleet.kit.http.QueryParams.single;

import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the audit log's query parameters. Every value is checked against what a stored entry can hold, so text
 * that could never match (an injection attempt, a typo) is a 400 {@code invalid-query} naming the parameter.
 */
final class AuditParams {

    static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    static final Pattern ACTOR = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
    static final Pattern ACTION = Pattern.compile("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$");
    static final Pattern ACTION_PREFIX = Pattern.compile("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*\\.\\*$");
    static final Pattern TARGET = Pattern.compile("^/[^\\x00-\\x1f\\x7f]*$");
    static final Set<String> OUTCOMES = Set.of("success", "denied", "failure");
    static final int MAX_ACTION = 128;
    static final int MAX_TARGET = 512;

    private static final List<String> COMMON = List.of("actor", "action", "outcome", "target", "since", "until",
            "limit", "cursor");

    private AuditParams() {
    }

    /**
     * @param logTenant the tenant whose log is asked for; empty for the platform's log, which also takes {@code tenant}
     * @throws ProblemException 400 {@code invalid-query} naming the parameter
     */
    static AuditQuery parse(MultiMap params, Optional<String> logTenant) {
        Set<String> known = new TreeSet<>(COMMON);
        if (logTenant.isEmpty()) {
            known.add("tenant");
        }
        Set<String> unknown = new TreeSet<>(params.names());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid("unknown query parameter(s) " + unknown + "; known: " + String.join(", ", known));
        }
        Optional<String> tenant = matching(params, "tenant", TENANT, 40, "a tenant id");
        Optional<String> actor = matching(params, "actor", ACTOR, 128, "an actor id (a UUID, 'bootstrap' or a service name)");
        Optional<String> action = single(params, "action");
        Optional<String> exactAction = action.filter(a -> ACTION.matcher(a).matches());
        Optional<String> actionPrefix = action.filter(a -> ACTION_PREFIX.matcher(a).matches())
                .map(a -> a.substring(0, a.length() - 1));
        if (action.isPresent() && (action.get().length() > MAX_ACTION || exactAction.isEmpty() && actionPrefix.isEmpty())) {
            throw invalid("query parameter 'action' must be an action such as endpoints.create or a prefix such as endpoints.*");
        }
        Optional<String> outcome = single(params, "outcome");
        if (outcome.isPresent() && !OUTCOMES.contains(outcome.get())) {
            throw invalid("query parameter 'outcome' must be one of success, denied, failure");
        }
        Optional<String> target = matching(params, "target", TARGET, MAX_TARGET,
                "a path starting with / (the start of the targets to list)");
        Optional<Instant> since = instant(params, "since");
        Optional<Instant> until = instant(params, "until");
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw invalid("query parameter 'since' must be before 'until'");
        }
        int limit = limit(params);
        Optional<AuditCursor> cursor = single(params, "cursor").map(text -> AuditCursor.decode(text)
                .orElseThrow(() -> invalid("query parameter 'cursor' is not a cursor this API issued;"
                        + " pass the 'next' of the previous page as it is")));
        return new AuditQuery(logTenant, tenant, actor, exactAction, actionPrefix, outcome, target, since, until, limit,
                cursor);
    }

    private static Optional<String> matching(MultiMap params, String name, Pattern pattern, int maxLength, String what) {
        Optional<String> value = single(params, name);
        if (value.isPresent() && (value.get().length() > maxLength || !pattern.matcher(value.get()).matches())) {
            throw invalid("query parameter '" + name + "' must be " + what);
        }
        return value;
    }

    private static Optional<Instant> instant(MultiMap params, String name) {
        return single(params, name).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid("query parameter '" + name + "' must be an ISO-8601 time with an offset, e.g."
                        + " 2025-06-01T08:00:00Z (write a + offset as %2B)");
            }
        });
    }

    private static int limit(MultiMap params) {
        Optional<String> text = single(params, "limit");
        if (text.isEmpty()) {
            return AuditQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= AuditQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like any value out of range
        }
        throw invalid("query parameter 'limit' must be an integer from 1 to " + AuditQuery.MAX_LIMIT);
    }
}
