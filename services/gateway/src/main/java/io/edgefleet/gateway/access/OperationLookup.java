package io.edgefleet.gateway.access;

import io.edgefleet.gateway.Calls;
import io.edgefleet.kit.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Finds the operation a call is for: 404 when the path is not part of the API, 405 when the method is not, 400
 * when the path or query holds an encoded NUL ({@code %00}), which no identifier or filter may contain and which
 * PostgreSQL text cannot hold.
 */
public final class OperationLookup implements Handler<RoutingContext> {

    private final ApiCatalog catalog;

    public OperationLookup(ApiCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (ctx.request().uri().contains("%00")) {
            ctx.fail(ProblemException.badRequest("invalid-characters",
                    "the request path or query contains an encoded NUL character (%00)"));
            return;
        }
        var match = catalog.find(ctx.request().method(), path);
        if (match.isPresent()) {
            Calls.operation(ctx, match.get());
            ctx.next();
            return;
        }
        Set<String> allowed = catalog.methodsAt(path);
        if (allowed.isEmpty()) {
            ctx.fail(ProblemException.notFound("No API resource at " + path));
        } else {
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            ctx.fail(new ProblemException(405, "method-not-allowed", "Method not allowed",
                    ctx.request().method() + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed),
                    List.of()));
        }
    }
}
