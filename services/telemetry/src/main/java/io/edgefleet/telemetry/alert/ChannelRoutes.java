package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.telemetry.notify.WebhookDeliveries;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/notification-channels}: webhooks and Alertmanagers. A webhook's secret is shown
 * once, in the answer to the POST that created it (generated when the body has none), never again.
 */
final class ChannelRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/notification-channels";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRoutes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final ChannelStore channels;
    private final JsonSchemas schemas;
    private final WebhookDeliveries webhooks;

    ChannelRoutes(Pool pool, JsonSchemas schemas, WebhookDeliveries webhooks) {
        this.pool = pool;
        this.channels = new ChannelStore(pool);
        this.schemas = schemas;
        this.webhooks = webhooks;
    }

    void mount(Router router) {
        router.get(BASE).handler(Reply.of(ctx -> channels.list(tenant(ctx)).map(all -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            page.putArray("items");
            all.forEach(c -> page.withArray("items").add(c.toJson(false)));
            return Reply.ok(page);
        })));
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE + "/:id").handler(Reply.of(ctx -> channels.get(tenant(ctx), id(ctx))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(ctx)).toJson(false)))));
        router.put(BASE + "/:id").handler(Reply.of(this::update));
        router.delete(BASE + "/:id").handler(Reply.of(this::delete));
        router.get(BASE + "/:id/deliveries").handler(Reply.of(this::deliveries));
        router.post(BASE + "/:id/deliveries/:delivery/redeliver").handler(Reply.of(this::redeliver));
    }

    private Future<Reply> delete(RoutingContext ctx) {
        UUID id = id(ctx);
        return pool.withTransaction(tx -> new ChannelStore(tx).delete(tenant(ctx), id).compose(deleted -> {
            if (!deleted) {
                throw notFound(ctx);
            }
            return webhooks.cancel(tx, tenant(ctx), ChannelNotifier.OWNER_KIND, id.toString());
        })).map(cancelled -> {
            LOG.info("notification channel {} of tenant {} deleted; {} pending deliveries cancelled", id, tenant(ctx),
                    cancelled);
            return Reply.noContent();
        });
    }

    private Future<Reply> deliveries(RoutingContext ctx) {
        UUID id = id(ctx);
        Optional<String> status = QueryParams.single(ctx.queryParams(), "status");
        if (status.isPresent() && !WebhookDeliveries.STATUSES.contains(status.get())) {
            throw QueryParams.invalid("query parameter 'status' must be one of " + WebhookDeliveries.STATUSES
                    + ", got '" + status.get() + "'");
        }
        return channels.get(tenant(ctx), id).compose(found -> {
            found.orElseThrow(() -> notFound(ctx));
            return webhooks.list(tenant(ctx), ChannelNotifier.OWNER_KIND, id.toString(), status, 100);
        }).map(rows -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            page.putArray("items");
            rows.forEach(row -> page.withArray("items").add(Json.parse(row.toJson().toBuffer())));
            return Reply.ok(page);
        });
    }

    private Future<Reply> redeliver(RoutingContext ctx) {
        UUID delivery;
        try {
            delivery = UUID.fromString(ctx.pathParam("delivery"));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("delivery '" + ctx.pathParam("delivery") + "' does not exist");
        }
        return webhooks.redeliver(tenant(ctx), ChannelNotifier.OWNER_KIND, id(ctx).toString(), delivery)
                .map(found -> Reply.ok(Json.parse(found.orElseThrow(() -> ProblemException.notFound(
                        "no dead delivery '" + delivery + "' of this channel")).toJson().toBuffer())));
    }

    /** 422 at /url for a URL that matches the schema's pattern but that Java cannot send to. */
    private JsonNode validBody(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/notification-channel");
        String url = body.get("url").asText();
        try {
            URI uri = new URI(Channel.ALERTMANAGER.equals(body.get("kind").asText())
                    ? url.replaceAll("/+$", "") + "/api/v2/alerts" : url);
            if (uri.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
        } catch (URISyntaxException e) {
            throw ProblemException.validation(List.of(new FieldError("/url", "is not a URL that can be sent to: "
                    + e.getReason())));
        }
        return body;
    }

    private Future<Reply> create(RoutingContext ctx) {
        JsonNode body = validBody(ctx);
        String kind = body.get("kind").asText();
        String secret = !Channel.WEBHOOK.equals(kind) ? null
                : body.hasNonNull("secret") ? body.get("secret").asText() : newSecret();
        Channel channel = new Channel(UUID.randomUUID(), tenant(ctx), body.get("name").asText(), kind,
                body.get("url").asText(), secret, body.path("default").asBoolean(false));
        return channels.insert(channel).recover(ChannelRoutes::conflict).map(created -> {
            LOG.info("notification channel {} ({} {}) created in tenant {}", created.id(), kind, created.name(), tenant(ctx));
            return Reply.created(created.toJson(true), ctx.request().path().replaceAll("/+$", "") + "/" + created.id());
        });
    }

    private Future<Reply> update(RoutingContext ctx) {
        JsonNode body = validBody(ctx);
        UUID id = id(ctx);
        return channels.get(tenant(ctx), id).compose(found -> {
            Channel current = found.orElseThrow(() -> notFound(ctx));
            String kind = body.get("kind").asText();
            String secret = !Channel.WEBHOOK.equals(kind) ? null
                    : body.hasNonNull("secret") ? body.get("secret").asText()
                    : current.secret() != null ? current.secret() : newSecret();
            Channel changed = new Channel(id, tenant(ctx), body.get("name").asText(), kind, body.get("url").asText(),
                    secret, body.path("default").asBoolean(false));
            // a secret generated because the channel became a webhook is shown, like at creation
            boolean showSecret = current.secret() == null && secret != null && !body.hasNonNull("secret");
            return channels.update(changed).recover(ChannelRoutes::conflict)
                    .map(v -> Reply.ok(changed.toJson(showSecret)));
        });
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static <T> Future<T> conflict(Throwable failure) {
        return Future.failedFuture(failure instanceof ChannelStore.NameTakenException
                ? ProblemException.conflict("notification-channel-exists", failure.getMessage()) : failure);
    }

    private static String tenant(RoutingContext ctx) {
        return ctx.pathParam("tenant");
    }

    static UUID id(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("'" + ctx.pathParam("id") + "' does not exist");
        }
    }

    private static ProblemException notFound(RoutingContext ctx) {
        return ProblemException.notFound("notification channel '" + ctx.pathParam("id") + "' does not exist");
    }
}
