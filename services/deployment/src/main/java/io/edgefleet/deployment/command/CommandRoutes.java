package io.edgefleet.deployment.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.http.Callers;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commands API (mount after {@code CallerTenants.requireTenantInPath()}):
 * {@code POST .../endpoints/{e}/containers/{c}/actions/{action}} with the action's args as an optional JSON body,
 * {@code GET .../containers/{c}/logs?tail=&since=&timestamps=} and {@code GET .../containers/{c}/inspect} each issue a
 * command, valid for the endpoint's link profile's {@code commandTtlSeconds} (else the configured TTL), and wait for
 * its reply ({@code ?wait=} seconds, else the link profile's {@code replyTimeoutSeconds}, else the configured wait): 200 with the answered command
 * whatever the agent's status (SUCCEEDED, FAILED, NOT_FOUND, ...: the command resource exists and is answered; the
 * {@code status} says how it went), 202 with {@code Location} of the command to poll when no reply came in time.
 * {@code GET /api/v1/tenants/{t}/commands/{id}} reads one, {@code GET /api/v1/tenants/{t}/commands?endpoint=&limit=}
 * the newest ones.
 */
public final class CommandRoutes {

    static final String CONTAINER = "/api/v1/tenants/:tenant/endpoints/:endpoint/containers/:container";
    static final String COMMANDS = "/api/v1/tenants/:tenant/commands";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private static final Pattern ENDPOINT = Pattern.compile("^ep-[a-z2-7]{12}$");
    // command.schema.json#/properties/target/properties/container
    private static final Pattern CONTAINER_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$");
    private static final Pattern COMMAND_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

    private final CommandSender sender;
    private final CommandStore store;
    private final CommandArgs args;
    private final CommandSettings settings;

    public CommandRoutes(CommandSender sender, CommandStore store, CommandArgs args, CommandSettings settings) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.store = Objects.requireNonNull(store, "store");
        this.args = Objects.requireNonNull(args, "args");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public void mount(Router router) {
        router.post(CONTAINER + "/actions/:action").handler(Reply.of(this::action));
        router.get(CONTAINER + "/logs").handler(Reply.of(this::logs));
        router.get(CONTAINER + "/inspect").handler(Reply.of(ctx -> issue(ctx, CommandType.INSPECT,
                JsonNodeFactory.instance.objectNode())));
        router.get(COMMANDS + "/:id").handler(Reply.of(this::get));
        router.get(COMMANDS).handler(Reply.of(this::list));
    }

    private Future<Reply> action(RoutingContext ctx) {
        String action = ctx.pathParam("action");
        CommandType type = CommandType.ofAction(action).orElseThrow(() -> new ProblemException(404, "action-not-found",
                "Not found", "no container action '" + (action.matches("^[a-z]{1,20}$") ? action : "?")
                + "'; the actions are start, stop, kill, restart, pause, resume, remove", List.of()));
        boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
        JsonNode body = hasBody ? Bodies.json(ctx) : JsonNodeFactory.instance.objectNode();
        return issue(ctx, type, args.fromBody(type, body));
    }

    private Future<Reply> logs(RoutingContext ctx) {
        return issue(ctx, CommandType.LOGS, args.logsFromQuery(ctx.queryParams()));
    }

    private Future<Reply> issue(RoutingContext ctx, CommandType type, ObjectNode commandArgs) {
        String tenant = ctx.pathParam("tenant");
        String endpoint = ctx.pathParam("endpoint");
        String container = ctx.pathParam("container");
        if (!ENDPOINT.matcher(endpoint).matches()) {
            throw endpointNotFound();
        }
        if (!CONTAINER_NAME.matcher(container).matches()) {
            throw ProblemException.badRequest("invalid-container", "the container must be a container id or name: a "
                    + "letter or digit followed by letters, digits, dots, underscores or hyphens, at most 255");
        }
        Optional<Duration> askedWait = waitOf(ctx);
        return store.endpoint(tenant, endpoint).compose(known -> {
            if (known.isEmpty()) {
                return Future.failedFuture(endpointNotFound());
            }
            CommandSettings.Timings timings = settings.timings(known.get().linkProfile());
            return sender.send(tenant, endpoint, type, container, commandArgs, Callers.principal(ctx),
                    askedWait.orElse(timings.replyWait()), timings.ttl());
        }).map(outcome -> {
            ObjectNode json = outcome.command().toJson(now());
            String location = "/api/v1/tenants/" + tenant + "/commands/" + outcome.command().id();
            return outcome.answered() ? new Reply(200, json, location) : new Reply(202, json, location);
        });
    }

    private Future<Reply> get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!COMMAND_ID.matcher(id).matches()) {
            throw ProblemException.notFound("no such command in this tenant");
        }
        return store.get(ctx.pathParam("tenant"), id).map(command -> Reply.ok(command
                .orElseThrow(() -> ProblemException.notFound("no command " + id + " in this tenant")).toJson(now())));
    }

    private Future<Reply> list(RoutingContext ctx) {
        String endpoint = QueryParams.single(ctx.queryParams(), "endpoint").orElse(null);
        if (endpoint != null && !ENDPOINT.matcher(endpoint).matches()) {
            throw QueryParams.invalid("query parameter 'endpoint' must be an endpoint id (ep- and 12 base32 characters)");
        }
        int limit = QueryParams.single(ctx.queryParams(), "limit").map(text -> {
            try {
                int value = Integer.parseInt(text);
                if (value >= 1 && value <= MAX_LIMIT) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw QueryParams.invalid("query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT);
        }).orElse(DEFAULT_LIMIT);
        OffsetDateTime now = now();
        return store.recent(ctx.pathParam("tenant"), endpoint, limit).map(commands -> {
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            ArrayNode items = page.putArray("items");
            commands.forEach(c -> items.add(c.toJson(now)));
            return Reply.ok(page);
        });
    }

    /** The call's {@code ?wait=}, at most the configured maximum; empty when the call names none. */
    private Optional<Duration> waitOf(RoutingContext ctx) {
        return QueryParams.single(ctx.queryParams(), "wait").map(text -> {
            double seconds;
            try {
                seconds = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw QueryParams.invalid("query parameter 'wait' must be a number of seconds, 0 or more");
            }
            return Duration.ofMillis((long) Math.min(seconds * 1000, settings.maxWait().toMillis()));
        });
    }

    private static ProblemException endpointNotFound() {
        return new ProblemException(404, "endpoint-not-found", "Not found", "no such endpoint in this tenant", List.of());
    }


    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
