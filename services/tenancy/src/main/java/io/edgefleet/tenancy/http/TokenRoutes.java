package io.edgefleet.tenancy.http;

import io.edgefleet.kit.http.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.tenant.TenantStore;
import io.edgefleet.tenancy.token.ApiTokenStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/tenants/{tenant}/tokens[/{id}]} and the gateway's {@code /internal/v1/tokens/introspect}. */
final class TokenRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(TokenRoutes.class);

    private final ApiTokenStore tokens;
    private final TenantStore tenants;
    private final JsonSchemas schemas;

    TokenRoutes(ApiTokenStore tokens, TenantStore tenants, JsonSchemas schemas) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    void mount(Router router) {
        router.post("/api/v1/tenants/:tenant/tokens").handler(Reply.of(this::create));
        router.get("/api/v1/tenants/:tenant/tokens").handler(Reply.of(this::list));
        router.delete("/api/v1/tenants/:tenant/tokens/:id").handler(Reply.of(this::revoke));
        router.post("/internal/v1/tokens/introspect").handler(Reply.of(this::introspect));
    }

    private Future<Reply> create(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/token-create");
        OffsetDateTime expiresAt = expiresAt(body.path("expiresAt").asText());
        return existingTenant(tenant)
                .compose(v -> tokens.create(tenant, body.path("name").asText(), body.path("role").asText(), expiresAt,
                        TenantRoutes.principal(ctx)))
                .map(created -> {
                    LOG.info("API token {} ({}) created in tenant {} by {}", created.token().id(), created.token().role(),
                            tenant, TenantRoutes.principal(ctx));
                    ObjectNode json = created.token().toJson();
                    json.put("token", created.secret());
                    return Reply.created(json, ctx.request().path() + "/" + created.token().id());
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return existingTenant(tenant).compose(v -> tokens.list(tenant)).map(all -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            all.forEach(t -> items.add(t.toJson()));
            return Reply.ok(body);
        });
    }

    private Future<Reply> revoke(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no such API token in tenant '" + tenant + "'");
        }
        return existingTenant(tenant).compose(v -> tokens.revoke(tenant, id)).map(revoked -> {
            if (!revoked) {
                throw ProblemException.notFound("no live API token " + id + " in tenant '" + tenant + "'");
            }
            LOG.info("API token {} revoked in tenant {} by {}", id, tenant, TenantRoutes.principal(ctx));
            return Reply.noContent();
        });
    }

    private Future<Reply> introspect(RoutingContext ctx) {
        String secret = Bodies.validJson(ctx, schemas, "rest/token-introspect").path("token").asText();
        return tokens.introspect(secret).map(found -> {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("active", found.isPresent());
            found.ifPresent(t -> json.put("tenant", t.tenant()).put("role", t.role()).put("tokenId", t.id().toString())
                    .put("name", t.name())
                    .put("expiresAt", t.expiresAt().toInstant().toString()));
            return Reply.ok(json);
        });
    }

    private Future<Void> existingTenant(String tenant) {
        return tenants.get(tenant).map(found -> {
            found.orElseThrow(() -> TenantRoutes.notFound(tenant));
            return null;
        });
    }

    private static OffsetDateTime expiresAt(String text) {
        OffsetDateTime expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(List.of(new FieldError("/expiresAt", "must be an RFC 3339 date-time")));
        }
        if (!expiresAt.isAfter(OffsetDateTime.now())) {
            throw ProblemException.validation(List.of(new FieldError("/expiresAt", "must be in the future")));
        }
        return expiresAt;
    }
}
