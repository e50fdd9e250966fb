package io.edgefleet.deployment.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A tag pushed to a registry, read from a notification envelope.
 *
 * @param host       the registry host (and port) the push went to, null when the event does not say
 * @param repository the repository path on that registry, e.g. {@code team/app}
 */
public record RegistryPush(String host, String repository, String tag) {

    public RegistryPush {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
    }

    /**
     * The tag pushes of an envelope that passed {@code rest/registry-notification}, in envelope order without
     * repeats; other actions and pushes without a tag (layers, pushes by digest) are left out.
     */
    public static List<RegistryPush> of(JsonNode envelope) {
        Set<RegistryPush> pushes = new LinkedHashSet<>();
        for (JsonNode event : envelope.get("events")) {
            JsonNode target = event.path("target");
            String tag = target.path("tag").asText("");
            String repository = target.path("repository").asText("");
            if (!event.get("action").asText().equals("push") || tag.isEmpty() || repository.isEmpty()) {
                continue;
            }
            String host = event.path("request").path("host").asText("");
            pushes.add(new RegistryPush(host.isEmpty() ? null : host, repository, tag));
        }
        return new ArrayList<>(pushes);
    }
}
