package io.edgefleet.tenancy.http;

import io.edgefleet.kit.http.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.tenancy.tenant.TenantStore;
import io.edgefleet.tenancy.user.PasswordHasher;
import io.edgefleet.tenancy.user.PasswordPolicy;
import io.edgefleet.tenancy.user.User;
import io.edgefleet.tenancy.user.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/users[/{id}]}, {@code /api/v1/tenants/{tenant}/members} (list) and {@code .../members/{userId}}. */
final class UserRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);

    private final Vertx vertx;
    private final UserStore users;
    private final TenantStore tenants;
    private final PasswordHasher hasher;
    private final JsonSchemas schemas;

    UserRoutes(Vertx vertx, UserStore users, TenantStore tenants, PasswordHasher hasher, JsonSchemas schemas) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.users = Objects.requireNonNull(users, "users");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    void mount(Router router) {
        router.post("/api/v1/users").handler(Reply.of(this::create));
        router.get("/api/v1/users").handler(Reply.of(this::list));
        router.get("/api/v1/users/:id").handler(Reply.of(this::get));
        router.patch("/api/v1/users/:id").handler(Reply.of(this::update));
        router.delete("/api/v1/users/:id").handler(Reply.of(this::delete));
        router.get("/api/v1/tenants/:tenant/members").handler(Reply.of(this::listMembers));
        router.put("/api/v1/tenants/:tenant/members/:userId").handler(Reply.of(this::putMember));
        router.delete("/api/v1/tenants/:tenant/members/:userId").handler(Reply.of(this::deleteMember));
    }

    private Future<Reply> create(RoutingContext ctx) {
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/user-create");
        String email = body.path("email").asText();
        String password = body.path("password").asText();
        PasswordPolicy.check(password, email);
        return hash(password)
                .compose(hash -> users.create(email, body.path("displayName").asText(), hash,
                        body.path("platformAdmin").asBoolean(false)))
                .recover(UserRoutes::conflictOnEmail)
                .map(user -> {
                    LOG.info("user {} created by {} (platform admin: {})", user.id(), TenantRoutes.principal(ctx),
                            user.platformAdmin());
                    return Reply.created(user.toJson(), "/api/v1/users/" + user.id());
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        return users.list().map(all -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            all.forEach(u -> items.add(u.toJson()));
            return Reply.ok(body);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        UUID id = userId(ctx, "id");
        return users.get(id).map(user -> Reply.ok(user.orElseThrow(() -> notFound(id)).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx) {
        UUID id = userId(ctx, "id");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/user-update");
        String displayName = body.hasNonNull("displayName") ? body.get("displayName").asText() : null;
        Boolean admin = body.hasNonNull("platformAdmin") ? body.get("platformAdmin").asBoolean() : null;
        Future<String> hash = Future.succeededFuture(null);
        if (body.has("password")) {
            String password = body.path("password").asText();
            hash = users.get(id).compose(user -> {
                PasswordPolicy.check(password, user.orElseThrow(() -> notFound(id)).email());
                return hash(password);
            });
        }
        return hash.compose(h -> users.update(id, displayName, h, admin))
                .map(user -> {
                    User updated = user.orElseThrow(() -> notFound(id));
                    LOG.info("user {} updated by {} (password changed: {})", id, TenantRoutes.principal(ctx), body.has("password"));
                    return Reply.ok(updated.toJson());
                });
    }

    private Future<Reply> delete(RoutingContext ctx) {
        UUID id = userId(ctx, "id");
        return users.delete(id).map(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            LOG.info("user {} deleted by {}", id, TenantRoutes.principal(ctx));
            return Reply.noContent();
        });
    }

    private Future<Reply> listMembers(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        return existingTenant(tenant).compose(v -> users.members(tenant)).map(members -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            var items = body.putArray("items");
            members.forEach(m -> items.addObject().put("userId", m.id().toString()).put("email", m.email())
                    .put("displayName", m.displayName()).put("role", m.memberships().get(tenant)));
            return Reply.ok(body);
        });
    }

    private Future<Reply> putMember(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        UUID id = userId(ctx, "userId");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/tenant-member");
        String role = body.path("role").asText();
        return existingTenant(tenant)
                .compose(v -> users.putMembership(tenant, id, role))
                .map(done -> {
                    if (!done) {
                        throw notFound(id);
                    }
                    LOG.info("user {} is {} of tenant {}, set by {}", id, role, tenant, TenantRoutes.principal(ctx));
                    ObjectNode json = JsonNodeFactory.instance.objectNode();
                    json.put("tenant", tenant).put("userId", id.toString()).put("role", role);
                    return Reply.ok(json);
                });
    }

    private Future<Reply> deleteMember(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        UUID id = userId(ctx, "userId");
        return existingTenant(tenant)
                .compose(v -> users.deleteMembership(tenant, id))
                .map(done -> {
                    if (!done) {
                        throw ProblemException.notFound("user " + id + " is not a member of tenant '" + tenant + "'");
                    }
                    LOG.info("user {} removed from tenant {} by {}", id, tenant, TenantRoutes.principal(ctx));
                    return Reply.noContent();
                });
    }

    private Future<Void> existingTenant(String tenant) {
        return tenants.get(tenant).map(found -> {
            found.orElseThrow(() -> TenantRoutes.notFound(tenant));
            return null;
        });
    }

    private Future<String> hash(String password) {
        return vertx.executeBlocking(() -> hasher.hash(password), false);
    }

    private static UUID userId(RoutingContext ctx, String param) {
        String raw = ctx.pathParam(param);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no user with id '" + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw) + "'");
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("no user with id " + id);
    }

    private static <T> Future<T> conflictOnEmail(Throwable e) {
        return Future.failedFuture(e instanceof UserStore.EmailTakenException
                ? ProblemException.conflict("email-taken", e.getMessage()) : e);
    }
}
