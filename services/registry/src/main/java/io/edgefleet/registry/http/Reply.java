package io.edgefleet.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * A response to send: status, JSON body (null for none) and a {@code Location} (null for none). Every answer carries
 * {@code Cache-Control: no-store}: bodies may hold a secret or fleet data that must not sit in caches.
 */
record Reply(int status, JsonNode body, String location) {

    static Reply ok(JsonNode body) {
        return new Reply(200, body, null);
    }

    static Reply created(JsonNode body, String location) {
        return new Reply(201, body, location);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }

    /** A route handler that runs {@code action} and sends its reply, or fails the route with its failure. */
    static Handler<RoutingContext> handler(Function<RoutingContext, Future<Reply>> action) {
        return ctx -> action.apply(ctx).onSuccess(reply -> reply.send(ctx)).onFailure(ctx::fail);
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
