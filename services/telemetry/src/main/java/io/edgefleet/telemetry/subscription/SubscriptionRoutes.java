package io.edgefleet.telemetry.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/tenants/{t}/event-subscriptions}: create (the answer carries the signing secret, the only time it is
 * shown), list, get, update (PATCH), delete; {@code .../{id}/deliveries?status=pending|delivered|dead&limit=} lists
 * the subscription's webhook deliveries newest first, {@code POST .../{id}/deliveries/{delivery}/redeliver} sends a
 * dead one again. Bodies are checked against {@code rest/event-subscription-create} and {@code -update}.
 */
final class SubscriptionRoutes {

    static final int MAX_DELIVERIES = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriptionStore store;
    private final WebhookDeliveries deliveries;
    private final JsonSchemas schemas;

    SubscriptionRoutes(SubscriptionStore store, WebhookDeliveries deliveries, JsonSchemas schemas) {
        this.store = store;
        this.deliveries = deliveries;
        this.schemas = schemas;
    }

    void mount(Router router) {
        String base = "/api/v1/tenants/:tenant/event-subscriptions";
        router.post(base).handler(Reply.of(this::create));
        router.get(base).handler(Reply.of(this::list));
        router.get(base + "/:id").handler(Reply.of(this::get));
        router.patch(base + "/:id").handler(Reply.of(this::update));
        router.delete(base + "/:id").handler(Reply.of(this::delete));
        router.get(base + "/:id/deliveries").handler(Reply.of(this::deliveries));
        router.post(base + "/:id/deliveries/:delivery/redeliver").handler(Reply.of(this::redeliver));
    }

    private Future<Reply> create(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/event-subscription-create");
        requireUsableUrl(body);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        String tenant = ctx.pathParam("tenant");
        return store.create(tenant, body, secret).map(created -> {
            ObjectNode answer = created.toJson();
            answer.put("secret", secret);
            return Reply.created(answer, "/api/v1/tenants/" + tenant + "/event-subscriptions/" + created.id());
        });
    }

    private Future<Reply> list(RoutingContext ctx) {
        return store.list(ctx.pathParam("tenant")).map(all -> {
            ObjectNode answer = Json.mapper().createObjectNode();
            ArrayNode items = answer.putArray("items");
            all.forEach(subscription -> items.add(subscription.toJson()));
            return Reply.ok(answer);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        UUID id = id(ctx, "id");
        return store.get(ctx.pathParam("tenant"), id).map(found -> Reply.ok(found.orElseThrow(() -> notFound(id)).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx) {
        UUID id = id(ctx, "id");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/event-subscription-update");
        requireUsableUrl(body);
        return store.update(ctx.pathParam("tenant"), id, body)
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(id)).toJson()));
    }

    private Future<Reply> delete(RoutingContext ctx) {
        UUID id = id(ctx, "id");
        return store.delete(ctx.pathParam("tenant"), id).map(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return Reply.noContent();
        });
    }

    private Future<Reply> deliveries(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        UUID id = id(ctx, "id");
        Optional<String> status = QueryParams.single(ctx.queryParams(), "status");
        if (status.isPresent() && !WebhookDeliveries.STATUSES.contains(status.get())) {
            throw QueryParams.invalid("status must be one of " + String.join(", ", WebhookDeliveries.STATUSES));
        }
        int limit = limit(ctx);
        return store.get(tenant, id)
                .compose(found -> found.isEmpty() ? Future.failedFuture(notFound(id))
                        : deliveries.list(tenant, SubscriptionStore.OWNER_KIND, id.toString(), status, limit))
                .map(rows -> {
                    ObjectNode answer = Json.mapper().createObjectNode();
                    ArrayNode items = answer.putArray("items");
                    rows.forEach(row -> items.add(Json.parse(row.toJson().toBuffer())));
                    return Reply.ok(answer);
                });
    }

    private Future<Reply> redeliver(RoutingContext ctx) {
        UUID id = id(ctx, "id");
        UUID delivery = id(ctx, "delivery");
        return deliveries.redeliver(ctx.pathParam("tenant"), SubscriptionStore.OWNER_KIND, id.toString(), delivery)
                .map(row -> Reply.ok(Json.parse(row.orElseThrow(() -> ProblemException.notFound(
                        "subscription " + id + " has no dead delivery " + delivery)).toJson().toBuffer())));
    }

    /** The schema's pattern lets through a few URLs Java cannot send to (e.g. with '|'): refuse them here. */
    private static void requireUsableUrl(JsonNode body) {
        if (!body.hasNonNull("url")) {
            return;
        }
        try {
            URI url = new URI(body.path("url").asText());
            if (url.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // falls through to the problem below
        }
        throw ProblemException.validation(List.of(new FieldError("/url",
                "must be an http or https URL with a valid host name")));
    }

    private static int limit(RoutingContext ctx) {
        Optional<String> raw = QueryParams.single(ctx.queryParams(), "limit");
        try {
            int limit = raw.map(Integer::parseInt).orElse(100);
            if (limit >= 1 && limit <= MAX_DELIVERIES) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw QueryParams.invalid("limit must be a whole number between 1 and " + MAX_DELIVERIES);
    }

    private static UUID id(RoutingContext ctx, String name) {
        try {
            return UUID.fromString(ctx.pathParam(name));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no " + (name.equals("id") ? "subscription" : "delivery") + " '"
                    + ctx.pathParam(name) + "'");
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("no event subscription " + id);
    }
}
