package io.edgefleet.kit.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.events.NulCharacters;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/** Request bodies: parse as JSON and check against the REST schemas. Needs a {@code BodyHandler} on the route. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * Wraps a body handler so that form and multipart bodies are refused (415 {@code unsupported-media-type}) before it
     * decodes them: a body handler decodes those by their Content-Type before any route sees them and fails, with one
     * exception or another, on what it cannot decode (a field over its size limit, an empty field name), which ended
     * as a 500. No API takes forms.
     */
    public static Handler<RoutingContext> refusingForms(Handler<RoutingContext> bodyHandler) {
        return ctx -> {
            String type = ctx.request().getHeader("Content-Type");
            String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                ctx.fail(new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                        "form and multipart bodies are not accepted; send JSON with Content-Type: application/json",
                        List.of()));
                return;
            }
            bodyHandler.handle(ctx);
        };
    }

    /**
     * The request body as a JSON object.
     *
     * @throws ProblemException 400 {@code malformed-json} when the body is missing, not JSON, or not an object
     */
    public static JsonNode json(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ProblemException.badRequest("malformed-json", "request body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("malformed-json", "request body is not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw ProblemException.badRequest("malformed-json",
                    "request body must be a JSON object, got " + node.getNodeType().toString().toLowerCase());
        }
        List<FieldError> nul = NulCharacters.find(node).stream()
                .map(pointer -> new FieldError(pointer, "must not contain the NUL character (U+0000)"))
                .toList();
        if (!nul.isEmpty()) {
            throw ProblemException.validation(nul);
        }
        return node;
    }

    /**
     * Validates a body against a schema.
     *
     * @throws ProblemException 422 {@code validation} listing every violation as a {@link FieldError}
     */
    public static void validate(JsonSchemas schemas, String schemaName, JsonNode body) {
        List<FieldError> errors = schemas.validate(schemaName, body).stream()
                .map(v -> new FieldError(v.field(), v.message()))
                .toList();
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    /** {@link #json} then {@link #validate}. */
    public static JsonNode validJson(RoutingContext ctx, JsonSchemas schemas, String schemaName) {
        JsonNode body = json(ctx);
        validate(schemas, schemaName, body);
        return body;
    }
}
