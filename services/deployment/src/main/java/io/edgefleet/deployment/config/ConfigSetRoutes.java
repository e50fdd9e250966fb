package io.edgefleet.deployment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.http.Callers;
import io.edgefleet.deployment.http.PathNames;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.Reply;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/config-sets/...}: create, list, get (newest version), update (a new version, and
 * the next revision of every app that follows the set), versions, one version, delete (409 while apps use it). Mount
 * after {@code CallerTenants.requireTenantInPath()} and a body handler of {@link #BODY_LIMIT_BYTES}.
 */
public final class ConfigSetRoutes {

    public static final String BASE = "/api/v1/tenants/:tenant/config-sets";
    /** Largest file content, counted in UTF-8 bytes. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    /** Largest request body: 16 files of 1 MiB with room for JSON escapes and the entries; larger ones get 413. */
    public static final long BODY_LIMIT_BYTES = 24L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSetRoutes.class);

    private final ConfigSetStore store;
    private final JsonSchemas schemas;

    public ConfigSetRoutes(ConfigSetStore store, JsonSchemas schemas) {
        this.store = Objects.requireNonNull(store, "store");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    public void mount(Router router) {
        router.post(BASE).handler(Reply.of(this::create));
        router.get(BASE).handler(Reply.of(this::list));
        router.get(BASE + "/:name").handler(Reply.of(this::get));
        router.put(BASE + "/:name").handler(Reply.of(this::update));
        router.delete(BASE + "/:name").handler(Reply.of(this::delete));
        router.get(BASE + "/:name/versions").handler(Reply.of(this::versions));
        router.get(BASE + "/:name/versions/:version").handler(Reply.of(this::version));
    }

    private Future<Reply> create(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/config-set-create");
        String name = body.get("name").asText();
        return store.create(tenant, name, entries(body), files(body), Callers.principal(ctx))
                .recover(failure -> Future.failedFuture(failure instanceof ConfigSetStore.NameTakenException
                        ? ProblemException.conflict("config-set-exists", failure.getMessage()) : failure))
                .map(set -> {
                    LOG.info("config set {} created in tenant {} by {}", name, tenant, Callers.principal(ctx));
                    return Reply.created(set.toJson(), "/api/v1/tenants/" + tenant + "/config-sets/" + name);
                });
    }

    private Future<Reply> list(RoutingContext ctx) {
        return store.list(ctx.pathParam("tenant")).map(sets -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            for (SetVersion set : sets) {
                // the list names keys and files only; content can be large
                ObjectNode item = set.summary();
                set.entries().fieldNames().forEachRemaining(item.withArray("keys")::add);
                set.files().fieldNames().forEachRemaining(item.withArray("fileNames")::add);
                page.withArray("items").add(item);
            }
            page.withArray("items");
            return Reply.ok(page);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        String name = name(ctx);
        return store.get(ctx.pathParam("tenant"), name)
                .map(set -> Reply.ok(set.orElseThrow(() -> notFound(name)).toJson()));
    }

    private Future<Reply> update(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        JsonNode body = Bodies.validJson(ctx, schemas, "rest/config-set-update");
        return store.update(tenant, name, entries(body), files(body), Callers.principal(ctx)).map(found -> {
            ConfigSetStore.Change change = found.orElseThrow(() -> notFound(name));
            if (change.changed()) {
                LOG.info("config set {} of tenant {} is at version {} (update by {}), {} app(s) follow it", name,
                        tenant, change.set().version(), Callers.principal(ctx), change.appsUpdated().size());
            }
            ObjectNode json = change.set().toJson();
            change.appsUpdated().forEach(app -> json.withArray("appsUpdated").addObject()
                    .put("name", app.name()).put("revision", app.revision()));
            json.withArray("appsUpdated");
            return Reply.ok(json);
        });
    }

    private Future<Reply> delete(RoutingContext ctx) {
        String tenant = ctx.pathParam("tenant");
        String name = name(ctx);
        return store.delete(tenant, name)
                .recover(failure -> Future.failedFuture(failure instanceof ConfigSetStore.InUseException
                        ? ProblemException.conflict("config-set-in-use", failure.getMessage()) : failure))
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(name);
                    }
                    LOG.info("config set {} deleted from tenant {} by {}", name, tenant, Callers.principal(ctx));
                    return Reply.noContent();
                });
    }

    private Future<Reply> versions(RoutingContext ctx) {
        String name = name(ctx);
        return store.versions(ctx.pathParam("tenant"), name).map(versions -> {
            if (versions.isEmpty()) {
                throw notFound(name);
            }
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            versions.stream().map(SetVersion::summary).forEach(page.putArray("items")::add);
            return Reply.ok(page);
        });
    }

    private Future<Reply> version(RoutingContext ctx) {
        String name = name(ctx);
        String text = ctx.pathParam("version");
        int version = text.matches("^[1-9][0-9]{0,8}$") ? Integer.parseInt(text) : -1;
        if (version < 1) {
            throw ProblemException.notFound("config set '" + name + "' has no such version");
        }
        return store.version(ctx.pathParam("tenant"), name, version).map(found -> Reply.ok(found.orElseThrow(() ->
                ProblemException.notFound("config set '" + name + "' has no version " + version
                        + " in this tenant")).toJson()));
    }

    private static ObjectNode entries(JsonNode body) {
        return body.hasNonNull("entries") ? (ObjectNode) body.get("entries").deepCopy()
                : JsonNodeFactory.instance.objectNode();
    }

    /** The files of a schema-valid body; 422 naming each file above {@link #MAX_FILE_BYTES} in UTF-8. */
    static ObjectNode files(JsonNode body) {
        ObjectNode files = body.hasNonNull("files") ? (ObjectNode) body.get("files").deepCopy()
                : JsonNodeFactory.instance.objectNode();
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> file : files.properties()) {
            int bytes = file.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_FILE_BYTES) {
                errors.add(new FieldError("/files/" + file.getKey(), "a file may hold at most " + MAX_FILE_BYTES
                        + " bytes (1 MiB) in UTF-8, this one has " + bytes));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return files;
    }

    private static String name(RoutingContext ctx) {
        return PathNames.name(ctx, "config set", "tenant");
    }

    private static ProblemException notFound(String name) {
        return PathNames.notFound(name, "config set", "tenant");
    }

}
