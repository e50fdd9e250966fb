package io.edgefleet.kit.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * A JSON answer of a route: status, body (null for none) and a {@code Location} (null for none). Every answer carries
 * {@code Cache-Control: no-store}: bodies may hold a secret shown once or fleet data that must not sit in caches.
 */
public record Reply(int status, JsonNode body, String location) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body, null);
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, location);
    }

    public static Reply noContent() {
        return new Reply(204, null, null);
    }

    /**
     * A route handler that runs {@code action} and sends its reply; a failure, thrown or as a failed future, goes to
     * the router's problem handler.
     */
    public static Handler<RoutingContext> of(Function<RoutingContext, Future<Reply>> action) {
        return ctx -> {
            Future<Reply> reply;
            try {
                reply = action.apply(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            reply.onSuccess(answer -> answer.send(ctx)).onFailure(ctx::fail);
        };
    }

    private void send(RoutingContext ctx) {
        var response = ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
        if (location != null) {
            response.putHeader("Location", location);
        }
        if (body == null) {
            response.end();
            return;
        }
        response.putHeader("Content-Type", "application/json").end(Json.write(body));
    }
}
