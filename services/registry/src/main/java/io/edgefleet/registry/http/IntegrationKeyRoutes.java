package io.edgefleet.registry.http;

import io.edgefleet.kit.http.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.InternalAuth;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.registry.endpoint.Credentials;
import io.edgefleet.registry.integration.IntegrationKey;
import io.edgefleet.registry.integration.IntegrationKeyStore;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/integration-keys/...}: create (the secret is in this answer only), list, get and
 * revoke the read-only MQTT credentials of factory systems. Mount after {@link TenantGuard}.
 */
final class IntegrationKeyRoutes {

    static final String BASE = "/api/v1/tenants/:tenant/integration-keys";
    static final String CREATE = "rest/integration-key-create";
    /** Longest {@code X-Edgefleet-Principal} kept as {@code createdBy} (the gateway sends far shorter ones). */
    static final int MAX_PRINCIPAL = 200;

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationKeyRoutes.class);

    private final IntegrationKeyStore store;
    private final JsonSchemas schemas;

    IntegrationKeyRoutes(IntegrationKeyStore store, JsonSchemas schemas) {
        this.store = Objects.requireNonNull(store, "store");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    void mount(Router router) {
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE).handler(Reply.of(this::list));
        router.get(BASE + "/:id").handler(Reply.of(this::get));
        router.delete(BASE + "/:id").handler(Reply.of(this::revoke));
    }

    private Future<Reply> create(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String createdBy = createdBy(ctx);
        JsonNode body = Bodies.json(ctx);
        Instant expiresAt = validate(body);
        String name = body.get("name").asText();
        return store.create(tenant, name, expiresAt, createdBy)
                .recover(failure -> failure instanceof IntegrationKeyStore.NameTakenException
                        ? Future.failedFuture(new ProblemException(409, "name-taken", "Conflict", failure.getMessage(),
                                List.of(new FieldError("/name", "is already used by another integration key of this tenant"))))
                        : TenantGuard.problem(failure, tenant))
                .map(created -> {
                    IntegrationKey key = created.key();
                    LOG.info("integration key {} '{}' created in tenant {} by {}", key.id(), key.name(), tenant, createdBy);
                    ObjectNode json = key.toJson();
                    json.put("secret", created.secret());
                    return Reply.created(json, ctx.request().path() + "/" + key.id());
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        if (!ctx.queryParams().isEmpty()) {
            throw ProblemException.badRequest("invalid-query", "the integration key list takes no query parameters; got "
                    + ctx.queryParams().names());
        }
        return store.list(ctx.pathParam("tenant")).map(keys -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            keys.forEach(key -> items.add(key.toJson()));
            return Reply.ok(body);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        return idOf(ctx).map(id -> store.get(ctx.pathParam("tenant"), id))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()))
                .map(found -> Reply.ok(found.orElseThrow(() -> notFound(ctx)).toJson()));
    }

    private Future<Reply> revoke(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return idOf(ctx).map(id -> store.revoke(tenant, id)).orElseGet(() -> Future.succeededFuture(false))
                .map(revoked -> {
                    if (!revoked) {
                        throw notFound(ctx);
                    }
                    LOG.info("integration key {} of tenant {} revoked by {}", ctx.pathParam("id"), tenant, createdBy(ctx));
                    return Reply.noContent();
                });
    }

    /** @return the body's expiry, null when it has none; a 422 naming every bad field otherwise */
    private Instant validate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        schemas.validate(CREATE, body).forEach(v -> errors.add(new FieldError(v.field(), v.message())));
        Instant expiresAt = null;
        if (errors.isEmpty() && body.hasNonNull("expiresAt")) {
            try {
                expiresAt = OffsetDateTime.parse(body.get("expiresAt").asText()).toInstant();
                if (!expiresAt.isAfter(Instant.now())) {
                    errors.add(new FieldError("/expiresAt", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("/expiresAt", "is not an RFC 3339 timestamp with an offset"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return expiresAt;
    }

    private static String createdBy(RoutingContext ctx) {
        String principal = InternalAuth.principal(ctx).orElse("internal");
        if (principal.length() > MAX_PRINCIPAL) {
            throw ProblemException.badRequest("invalid-principal", InternalAuth.PRINCIPAL_HEADER + " is longer than "
                    + MAX_PRINCIPAL + " characters");
        }
        return principal;
    }

    // an id that cannot exist is answered like one that does not: 404 without a query
    private static Optional<String> idOf(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return Credentials.isIntegrationKeyId(id) ? Optional.of(id) : Optional.empty();
    }

    private static ProblemException notFound(RoutingContext ctx) {
        return ProblemException.notFound("integration key '" + ctx.pathParam("id") + "' does not exist in tenant '"
                + ctx.pathParam("tenant") + "'");
    }
}
