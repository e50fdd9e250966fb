package io.edgefleet.kit.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.vertx.core.Handler;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every HTTP error of a service as an RFC 9457 problem document ({@code application/problem+json}):
 * {@code type} ({@value #TYPE_PREFIX}{@code <slug>}), {@code title}, {@code status}, {@code detail},
 * {@code instance} (the request path) and, for validation failures, {@code errors}.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "https://edgefleet.io/problems/";
    public static final String CONTENT_TYPE = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /**
     * Installs the failure handler on every route and problem answers for unknown paths (404) and wrong
     * methods (405). Call once per router.
     */
    public static Router install(Router router) {
        router.route().failureHandler(failureHandler());
        router.errorHandler(404, ctx -> send(ctx, new ProblemException(404, "not-found", "Not found",
                "no resource at " + ctx.request().path(), List.of())));
        router.errorHandler(405, ctx -> send(ctx, new ProblemException(405, "method-not-allowed",
                "Method not allowed", ctx.request().method() + " is not allowed on " + ctx.request().path(), List.of())));
        return router;
    }

    /**
     * A router failure handler: {@link ProblemException} as is; a Vert.x {@link HttpException} with its
     * status; {@link DecodeException} as 400 {@code malformed-json}; anything else as 500 with a generic
     * detail and an ERROR log naming the request.
     */
    public static Handler<RoutingContext> failureHandler() {
        return ctx -> {
            if (ctx.response().headWritten()) {
                LOG.warn("failure after the response started on {} {}", ctx.request().method(), ctx.request().path(),
                        ctx.failure());
                ctx.response().reset();
                return;
            }
            send(ctx, toProblem(ctx));
        };
    }

    static ProblemException toProblem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof DecodeException) {
            return ProblemException.badRequest("malformed-json", "request body is not valid JSON");
        }
        if (failure instanceof HttpException http) {
            return fromStatus(http.getStatusCode(), http.getPayload());
        }
        if (failure == null) {
            return fromStatus(ctx.statusCode(), null);
        }
        LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
        return new ProblemException(500, "internal", "Internal server error",
                "the server failed to handle the request; see its log", List.of());
    }

    private static ProblemException fromStatus(int status, String payload) {
        int code = status >= 400 && status <= 599 ? status : 500;
        HttpResponseStatus known = HttpResponseStatus.valueOf(code);
        String title = known.reasonPhrase();
        String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (code == 413) {
            slug = "payload-too-large";
        }
        String detail = payload != null && !payload.isBlank() ? payload : title;
        if (code >= 500) {
            LOG.error("request failed with status {}", code);
        }
        return new ProblemException(code, slug, title, detail, List.of());
    }

    /** Ends the response with the problem document. */
    public static void send(RoutingContext ctx, ProblemException problem) {
        ObjectNode doc = Json.mapper().createObjectNode()
                .put("type", TYPE_PREFIX + problem.slug())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("instance", ctx.request().path());
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = doc.putArray("errors");
            problem.errors().forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(Json.write(doc));
    }
}
