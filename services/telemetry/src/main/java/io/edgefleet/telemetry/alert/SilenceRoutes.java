package io.edgefleet.telemetry.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/tenants/{tenant}/silences}: create, list ({@code ?state=all} includes expired ones), read, replace, delete. */
final class SilenceRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/silences";
    private static final Logger LOG = LoggerFactory.getLogger(SilenceRoutes.class);

    private final SilenceStore silences;
    private final JsonSchemas schemas;

    SilenceRoutes(Pool pool, JsonSchemas schemas) {
        this.silences = new SilenceStore(pool);
        this.schemas = schemas;
    }

    void mount(Router router) {
        router.get(BASE).handler(Reply.of(this::list));
        router.post(BASE).handler(Reply.of(ctx -> {
            Silence silence = parse(ctx, UUID.randomUUID());
            return silences.insert(silence).map(created -> {
                LOG.info("silence {} created in tenant {} by {} until {}", created.id(), created.tenant(),
                        created.createdBy(), created.endsAt());
                return Reply.created(created.toJson(now()), ctx.request().path().replaceAll("/+$", "") + "/" + created.id());
            });
        }));
        router.get(BASE + "/:id").handler(Reply.of(ctx -> silences.get(tenant(ctx), ChannelRoutes.id(ctx))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(ctx)).toJson(now())))));
        router.put(BASE + "/:id").handler(Reply.of(ctx -> {
            Silence silence = parse(ctx, ChannelRoutes.id(ctx));
            return silences.update(silence).map(updated -> {
                if (!updated) {
                    throw notFound(ctx);
                }
                return Reply.ok(silence.toJson(now()));
            });
        }));
        router.delete(BASE + "/:id").handler(Reply.of(ctx -> silences.delete(tenant(ctx), ChannelRoutes.id(ctx))
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(ctx);
                    }
                    return Reply.noContent();
                })));
    }

    private Future<Reply> list(RoutingContext ctx) {
        String state = QueryParams.single(ctx.queryParams(), "state").orElse("active");
        if (!state.equals("active") && !state.equals("all")) {
            throw QueryParams.invalid("query parameter 'state' must be active or all, got '" + state + "'");
        }
        return silences.list(tenant(ctx), state.equals("all"), now()).map(all -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            page.putArray("items");
            all.forEach(s -> page.withArray("items").add(s.toJson(now())));
            return Reply.ok(page);
        });
    }

    private Silence parse(RoutingContext ctx, UUID id) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/silence");
        OffsetDateTime startsAt = body.hasNonNull("startsAt") ? OffsetDateTime.parse(body.get("startsAt").asText()) : now();
        OffsetDateTime endsAt = OffsetDateTime.parse(body.get("endsAt").asText());
        if (!endsAt.isAfter(startsAt)) {
            throw ProblemException.validation(List.of(new FieldError("/endsAt", "must be after startsAt")));
        }
        return new Silence(id, tenant(ctx), Silence.matchers(body.get("matchers")), startsAt, endsAt,
                InternalAuth.principal(ctx).orElse("unknown"), body.get("comment").asText());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String tenant(RoutingContext ctx) {
        return ctx.pathParam("tenant");
    }

    private static ProblemException notFound(RoutingContext ctx) {
        return ProblemException.notFound("silence '" + ctx.pathParam("id") + "' does not exist");
    }
}
