package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /api/v1/tenants/{tenant}/alerts} ({@code state=firing} (default), {@code pending}, {@code resolved} or
 * {@code all}; {@code limit} 1-500, default 100; {@code cursor} from the previous page's {@code next}), newest first,
 * and {@code GET .../alerts/{id}}.
 */
final class AlertRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/alerts";
    private static final Set<String> STATES = Set.of("firing", "pending", "resolved", "all");

    private final AlertStore alerts;

    AlertRoutes(Pool pool) {
        this.alerts = new AlertStore(pool);
    }

    void mount(Router router) {
        router.get(BASE).handler(Reply.of(this::page));
        router.get(BASE + "/:id").handler(Reply.of(ctx -> alerts.get(ctx.pathParam("tenant"), ChannelRoutes.id(ctx))
                .map(found -> Reply.ok(found.orElseThrow(() -> ProblemException.notFound(
                        "alert '" + ctx.pathParam("id") + "' does not exist")).toApiJson()))));
    }

    private Future<Reply> page(RoutingContext ctx) {
        String state = QueryParams.single(ctx.queryParams(), "state").orElse("firing");
        if (!STATES.contains(state)) {
            throw QueryParams.invalid("query parameter 'state' must be firing, pending, resolved or all, got '" + state + "'");
        }
        int limit = limit(QueryParams.single(ctx.queryParams(), "limit").orElse("100"));
        OffsetDateTime afterTime = null;
        UUID afterId = null;
        String cursor = QueryParams.single(ctx.queryParams(), "cursor").orElse(null);
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(" ", 2);
                afterTime = OffsetDateTime.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                throw QueryParams.invalid("query parameter 'cursor' is not a cursor this API returned");
            }
        }
        return alerts.page(ctx.pathParam("tenant"), state.equals("all") ? null : state, afterTime, afterId, limit + 1)
                .map(found -> {
                    ObjectNode page = JsonNodeFactory.instance.objectNode();
                    page.putArray("items");
                    List<Alert> shown = found.subList(0, Math.min(limit, found.size()));
                    shown.forEach(a -> page.withArray("items").add(a.toApiJson()));
                    if (found.size() > limit) {
                        Alert last = shown.get(shown.size() - 1);
                        page.put("next", Base64.getUrlEncoder().withoutPadding().encodeToString(
                                (Alert.time(last.activeSince()) + " " + last.id()).getBytes(StandardCharsets.UTF_8)));
                    } else {
                        page.putNull("next");
                    }
                    return Reply.ok(page);
                });
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw QueryParams.invalid("query parameter 'limit' must be an integer from 1 to 500, got '" + text + "'");
    }
}
