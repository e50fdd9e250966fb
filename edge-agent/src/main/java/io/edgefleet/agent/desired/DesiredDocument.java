package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.control.LinkSettings;
import io.edgefleet.agent.runtime.RegistryCredential;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A desired document the agent accepted ({@code desired.schema.json}): the complete list of apps for this endpoint.
 * Apps whose spec is invalid are part of it (so their containers are not removed) but are not applied.
 *
 * @param endpoint   the endpoint id it is for (this agent's)
 * @param generation its version; a document is applied only when its generation is above the stored one
 * @param issuedAt   when the platform issued it
 * @param apps       every app, valid or not, in document order
 * @param registries credentials for private registries; never logged
 * @param json       the document as received, which the agent stores
 */
public record DesiredDocument(String endpoint, long generation, Instant issuedAt, List<DesiredApp> apps,
                              List<RegistryCredential> registries, JsonNode json) {

    public DesiredDocument {
        apps = List.copyOf(apps);
        registries = List.copyOf(registries);
    }

    /** The link settings the document names ({@code link}), the defaults where it names none. */
    public LinkSettings link() {
        return LinkSettings.fromDesired(json == null ? null : json.get("link"));
    }

    /** The app named {@code name}, if the document lists it. */
    public Optional<DesiredApp> app(String name) {
        return apps.stream().filter(app -> app.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return "DesiredDocument[endpoint=" + endpoint + ", generation=" + generation + ", apps="
                + apps.stream().map(DesiredApp::name).toList() + "]";
    }
}
