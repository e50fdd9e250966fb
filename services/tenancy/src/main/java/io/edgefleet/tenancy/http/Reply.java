package io.edgefleet.tenancy.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.tenancy.tenant.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/** A response to send: status, JSON body (null for none), Location (null for none). Shared by the routes of every package. */
public record Reply(int status, JsonNode body, String location) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body, null);
    }

    static Optional<Reply> okTenant(Optional<Tenant> tenant) {
        return tenant.map(t -> ok(t.toJson()));
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, location);
    }

    public static Reply noContent() {
        return new Reply(204, null, null);
    }

    /** Runs the action and sends its reply; a failure (thrown or failed future) goes to the router's problem handler. */
    public static Handler<RoutingContext> of(Function<RoutingContext, Future<Reply>> action) {
        return ctx -> {
            Future<Reply> reply;
            try {
                reply = action.apply(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            reply.onSuccess(r -> r.send(ctx)).onFailure(ctx::fail);
        };
    }

    private void send(RoutingContext ctx) {
        var response = ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
        if (location != null) {
            response.putHeader("Location", location);
        }
        if (body == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(Json.write(body));
        }
    }
}
