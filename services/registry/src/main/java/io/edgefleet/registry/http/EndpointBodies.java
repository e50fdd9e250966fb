package io.edgefleet.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.http.Bodies;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.registry.endpoint.LinkProfiles;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Create and update bodies: JSON (else 400), valid against their schema, with a time zone Java knows from the IANA
 * database and a link profile whose reconnect delays are in order ({@link LinkProfiles#check}); else 422 naming every
 * field at fault.
 */
final class EndpointBodies {

    static final String CREATE = "rest/endpoint-create";
    static final String UPDATE = "rest/endpoint-update";

    private static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    private final JsonSchemas schemas;

    EndpointBodies(JsonSchemas schemas) {
        this.schemas = schemas;
    }

    JsonNode create(RoutingContext ctx) {
        return valid(ctx, CREATE);
    }

    JsonNode update(RoutingContext ctx) {
        return valid(ctx, UPDATE);
    }

    private JsonNode valid(RoutingContext ctx, String schema) {
        JsonNode body = Bodies.json(ctx);
        List<FieldError> errors = new ArrayList<>();
        schemas.validate(schema, body).forEach(v -> errors.add(new FieldError(v.field(), v.message())));
        JsonNode timezone = body.get("timezone");
        boolean timezoneReported = errors.stream().anyMatch(e -> e.field().equals("/timezone"));
        if (!timezoneReported && timezone != null && timezone.isTextual() && !ZONES.contains(timezone.asText())) {
            errors.add(new FieldError("/timezone", "'" + timezone.asText()
                    + "' is not a known IANA time zone (e.g. Europe/Berlin, Asia/Shanghai, UTC)"));
        }
        if (errors.isEmpty() && body.hasNonNull("linkProfile")) {
            errors.addAll(LinkProfiles.check(LinkProfiles.expand(body.get("linkProfile")), "/linkProfile"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return body;
    }
}
