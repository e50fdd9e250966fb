package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A PATCH body (valid against {@code rest/endpoint-update}): members present replace the stored value,
 * members absent keep it, {@code labels} replaces the whole map, {@code linkProfile} the whole profile (a preset
 * expanded by {@link LinkProfiles}), {@code null} clears a text field or the profile.
 */
public record EndpointPatch(JsonNode body) {

    /** The fields a patch can change, in the names {@code endpoint.updated} reports. */
    public static final List<String> FIELDS = List.of("labels", "description", "location", "timezone", "linkProfile");

    public EndpointPatch {
        Objects.requireNonNull(body, "body");
    }

    /** The endpoint as it would be after this patch (timestamps unchanged). */
    public Endpoint applyTo(Endpoint current) {
        Map<String, String> labels = body.has("labels") ? NewEndpoint.labels(body.get("labels")) : current.labels();
        return new Endpoint(current.id(), current.tenant(), current.name(), labels,
                body.has("description") ? NewEndpoint.text(body, "description") : current.description(),
                body.has("location") ? NewEndpoint.text(body, "location") : current.location(),
                body.has("timezone") ? NewEndpoint.text(body, "timezone") : current.timezone(),
                body.has("linkProfile") ? LinkProfiles.expand(body.get("linkProfile")) : current.linkProfile(),
                current.status(), current.statusSince(), current.lastSeenAt(), current.heartbeatIntervalSeconds(),
                current.facts(), current.agentVersion(), current.observedGeneration(), current.createdAt(),
                current.updatedAt());
    }

    /** Names of the fields whose value differs between two versions of an endpoint. */
    public static List<String> changed(Endpoint before, Endpoint after) {
        List<String> changed = new ArrayList<>();
        if (!before.labels().equals(after.labels())) {
            changed.add("labels");
        }
        if (!Objects.equals(before.description(), after.description())) {
            changed.add("description");
        }
        if (!Objects.equals(before.location(), after.location())) {
            changed.add("location");
        }
        if (!Objects.equals(before.timezone(), after.timezone())) {
            changed.add("timezone");
        }
        if (!Objects.equals(before.linkProfile(), after.linkProfile())) {
            changed.add("linkProfile");
        }
        return changed;
    }
}
