package io.edgefleet.telemetry.subscription;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/tenants/{t}/events/log?after=<event id>&types=<prefix>,...&limit=}: the tenant's logged events
 * after the given one (from the oldest retained without {@code after}), in the order they were stored, as
 * {@code {"events": [CloudEvent...], "hasMore": bool}}. An {@code after} that is unknown or older than the retention
 * answers 410 {@code resume-point-gone}. Audit entries ({@code audit.*}) are left out unless the internal caller sends
 * {@value #INCLUDE_AUDIT_HEADER}{@code : true}; the gateway forwards no such header from the outside and sets it
 * itself only when resuming the event stream of a tenant admin. {@code order=newest} reads backwards from the newest
 * event instead (the console's "recent events"; no {@code after}).
 */
final class EventLogRoutes {

    public static final String INCLUDE_AUDIT_HEADER = "X-Edgefleet-Include-Audit";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern TYPE_PREFIX = Pattern.compile("^[a-z][a-z0-9.-]{0,63}$");
    private static final Pattern EVENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private final EventLogStore store;
    private final Supplier<OffsetDateTime> oldestRetained;

    EventLogRoutes(EventLogStore store, Supplier<OffsetDateTime> oldestRetained) {
        this.store = store;
        this.oldestRetained = oldestRetained;
    }

    Future<Reply> list(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        List<String> types = types(ctx);
        int limit = limit(ctx);
        boolean includeAudit = "true".equalsIgnoreCase(ctx.request().getHeader(INCLUDE_AUDIT_HEADER));
        Optional<String> after = QueryParams.single(ctx.queryParams(), "after");
        if (newestFirst(ctx)) {
            if (after.isPresent()) {
                throw QueryParams.invalid("order=newest reads back from the newest event; it cannot be combined with 'after'");
            }
            return store.newest(tenant, types, includeAudit, limit + 1).map(documents -> Reply.ok(page(documents, limit)));
        }
        Future<Long> from = after.isEmpty() ? Future.succeededFuture(0L) : after.filter(id -> EVENT_ID.matcher(id).matches())
                .map(id -> store.find(tenant, id).map(found -> found
                        .filter(position -> !position.loggedAt().isBefore(oldestRetained.get()))
                        .map(EventLogStore.Position::position)
                        .orElseThrow(() -> gone(id))))
                .orElseGet(() -> Future.failedFuture(gone(after.get())));
        return from.compose(position -> store.after(tenant, position, types, includeAudit, limit + 1))
                .map(documents -> Reply.ok(page(documents, limit)));
    }

    private static ObjectNode page(List<String> documents, int limit) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode events = page.putArray("events");
        documents.stream().limit(limit)
                .forEach(document -> events.add(Json.parse(document.getBytes(StandardCharsets.UTF_8))));
        page.put("hasMore", documents.size() > limit);
        return page;
    }

    private static ProblemException gone(String id) {
        return new ProblemException(410, "resume-point-gone", "Resume point gone",
                "event '" + id + "' is not in the event log (unknown, or older than its retention); "
                        + "read from the oldest retained event by leaving out 'after'", List.of());
    }

    private static List<String> types(RoutingContext ctx) {
        List<String> types = new ArrayList<>();
        QueryParams.single(ctx.queryParams(), "types").ifPresent(value -> {
            for (String type : value.split(",")) {
                String prefix = type.strip();
                if (!prefix.isEmpty()) {
                    if (!TYPE_PREFIX.matcher(prefix).matches()) {
                        throw QueryParams.invalid("types must be comma-separated event type prefixes such as 'endpoint.'");
                    }
                    types.add(prefix);
                }
            }
        });
        return types;
    }

    /** {@code order=oldest} (the default: forward from the oldest or from 'after') or {@code order=newest}. */
    private static boolean newestFirst(RoutingContext ctx) {
        String order = QueryParams.single(ctx.queryParams(), "order").orElse("oldest");
        return switch (order) {
            case "oldest" -> false;
            case "newest" -> true;
            default -> throw QueryParams.invalid("order must be 'oldest' or 'newest'; got '" + order + "'");
        };
    }

    private static int limit(RoutingContext ctx) {
        Optional<String> raw = QueryParams.single(ctx.queryParams(), "limit");
        try {
            int limit = raw.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw QueryParams.invalid("limit must be a whole number between 1 and " + MAX_LIMIT);
    }
}
