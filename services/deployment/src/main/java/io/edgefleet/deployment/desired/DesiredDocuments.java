package io.edgefleet.deployment.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.app.TargetOverrides;
import io.edgefleet.deployment.config.SpecResolver;
import io.edgefleet.deployment.registry.RegistrySeal;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.buffer.Buffer;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of {@link DesiredCompiler} that involves no database: with a tenant's apps, the revisions rollouts hold
 * endpoints at and the tenant's config sets and registries loaded once, it compiles one endpoint's desired content
 * and, when that differs from the last one, the next document (schema-checked, serialised as it is published).
 *
 * <p>One instance serves one compile run, on one thread. The documents of a run that share their content (the same
 * apps at the same revisions, overridden alike, the same registries) differ only in endpoint id and generation, which
 * the compiler sets from stored, well-formed values: the first of them is checked against the schema, the others are
 * not. Checking each one cost more than all the rest of the compile (a fleet has few distinct contents).
 */
public final class DesiredDocuments {

    private final JsonSchemas schemas;
    private final List<CompiledApp> apps;
    private final Map<String, Held> held;
    private final SpecResolver.Resolution resolution;
    private final Set<String> checkedContents = new HashSet<>();

    /**
     * @param apps the tenant's apps at their current revisions, sorted by name
     * @param held the revisions rollouts hold endpoints at, by {@link #heldKey}
     */
    public DesiredDocuments(JsonSchemas schemas, List<CompiledApp> apps, Map<String, Held> held,
                            SpecResolver.Resolution resolution) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.apps = List.copyOf(apps);
        this.held = Map.copyOf(held);
        this.resolution = Objects.requireNonNull(resolution, "resolution");
    }

    /** The key of {@code held}: an app on one endpoint. */
    public static String heldKey(String app, String endpoint) {
        return app + "/" + endpoint;
    }

    /**
     * Compiles one endpoint's document.
     *
     * @param labelsJson         the endpoint's labels as a JSON object text
     * @param previousGeneration the generation last published, null if none
     * @param previousContent    the content last published as JSON text, null if none
     * @return the new document, or null when the content is what was published last
     * @throws IllegalStateException when the compiled document breaks the desired schema (a bug: only validated
     *                               specs get here)
     */
    public Compiled compile(String endpoint, String labelsJson, Long previousGeneration, String previousContent,
                            OffsetDateTime issuedAt) {
        return compile(endpoint, labelsJson, null, previousGeneration, previousContent, issuedAt);
    }

    /**
     * Compiles one endpoint's document, with the agent's part of its link profile ({@link #agentLink}).
     *
     * @param linkProfileJson the endpoint's link profile as JSON text, null for none (the agent's defaults)
     * @see #compile(String, String, Long, String, OffsetDateTime)
     */
    public Compiled compile(String endpoint, String labelsJson, String linkProfileJson, Long previousGeneration,
                            String previousContent, OffsetDateTime issuedAt) {
        Map<String, String> labels = labels(labelsJson);
        ObjectNode link = agentLink(linkProfileJson);
        List<Placed> selected = apps.stream().filter(app -> app.target().selects(endpoint, labels))
                .map(app -> place(app, held.get(heldKey(app.name(), endpoint)), endpoint, labels)).toList();
        List<RegistrySeal.Credential> registries = resolution.credentials(registryNames(selected));
        ArrayNode content = content(selected, registries);
        if (link != null) {
            // a new keep alive or backoff is a new generation, so an agent that was away gets it with the rest
            content.addObject().set("link", link);
        }
        JsonNode before = previousContent == null ? JsonNodeFactory.instance.arrayNode()
                : Json.parse(Buffer.buffer(previousContent));
        if (content.equals(before)) {
            return null;
        }
        long generation = previousGeneration == null ? 1 : previousGeneration + 1;
        ObjectNode document = document(endpoint, generation, issuedAt, selected, registries);
        if (link != null) {
            document.set("link", link.deepCopy());
        }
        String contentText = Json.write(content);
        if (!checkedContents.contains(contentText)) {
            List<JsonSchemas.Violation> violations = schemas.validate("desired", document);
            if (!violations.isEmpty()) {
                throw new IllegalStateException("compiled desired document of " + endpoint + " breaks the schema at "
                        + violations.get(0).field() + ": " + violations.get(0).message());
            }
            checkedContents.add(contentText);
        }
        return new Compiled(generation, contentText, Json.buffer(document));
    }

    /**
     * A compiled document.
     *
     * @param content  what {@code desired_state.apps} stores: apps with revisions, registries with versions
     * @param document the retained payload
     */
    public record Compiled(long generation, String content, Buffer document) {
    }

    /** An app at its current revision, with its target and overrides parsed once for all endpoints. */
    public record CompiledApp(String name, int revision, JsonNode spec, AppTarget target, TargetOverrides overrides,
                              List<String> registries) {
    }

    /** A revision a rollout holds endpoints at, with its config sets merged in. */
    public record Held(int revision, JsonNode spec, TargetOverrides overrides, List<String> registries) {
    }

    /** An app as placed on one endpoint; {@code overridden} is the digest of an overridden spec, else null. */
    private record Placed(String name, int revision, JsonNode spec, String overridden, List<String> registries) {
    }

    /** The app as this endpoint gets it: at the revision a rollout holds it at, else the current one, overridden. */
    private static Placed place(CompiledApp app, Held held, String endpoint, Map<String, String> labels) {
        int revision = held == null ? app.revision() : held.revision();
        JsonNode spec = held == null ? app.spec() : held.spec();
        TargetOverrides overrides = held == null ? app.overrides() : held.overrides();
        JsonNode effective = overrides.apply(spec, endpoint, labels);
        // an override makes this endpoint's spec differ from the revision's: the content records that it did and how,
        // so that a label change that adds or drops an override republishes the document
        String overridden = effective == spec ? null : SpecDigest.of(effective);
        return new Placed(app.name(), revision, effective, overridden,
                held == null ? app.registries() : held.registries());
    }

    /**
     * What of a link profile the agent applies ({@code desired.schema.json#/$defs/link}): keepAliveSeconds and
     * reconnectBackoff, or null when the profile sets neither. Leaving {@code link} out then keeps documents readable
     * for agents that predate link profiles and keeps the content, so the generation, of such endpoints unchanged.
     */
    static ObjectNode agentLink(String linkProfileJson) {
        if (linkProfileJson == null) {
            return null;
        }
        JsonNode profile = Json.parse(Buffer.buffer(linkProfileJson));
        ObjectNode link = JsonNodeFactory.instance.objectNode();
        for (String member : List.of("keepAliveSeconds", "reconnectBackoff")) {
            if (profile.hasNonNull(member)) {
                link.set(member, profile.get(member).deepCopy());
            }
        }
        return link.isEmpty() ? null : link;
    }

    /** The apps with their revisions, then the registries with their versions (a new password is a new version). */
    private static ArrayNode content(List<Placed> selected, List<RegistrySeal.Credential> registries) {
        ArrayNode content = JsonNodeFactory.instance.arrayNode();
        for (Placed app : selected) {
            ObjectNode entry = content.addObject().put("name", app.name()).put("revision", app.revision());
            if (app.overridden() != null) {
                entry.put("overridden", app.overridden());
            }
        }
        for (RegistrySeal.Credential registry : registries) {
            content.addObject().put("registry", registry.name()).put("version", registry.version());
        }
        return content;
    }

    /** Only the registries the endpoint's apps use: no endpoint learns credentials it does not need. */
    private static TreeSet<String> registryNames(List<Placed> selected) {
        TreeSet<String> names = new TreeSet<>();
        selected.forEach(app -> names.addAll(app.registries()));
        return names;
    }

    private static ObjectNode document(String endpoint, long generation, OffsetDateTime issuedAt,
                                       List<Placed> selected, List<RegistrySeal.Credential> registries) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("endpoint", endpoint);
        document.put("generation", generation);
        document.put("issuedAt", App.format(issuedAt));
        ArrayNode apps = document.putArray("apps");
        for (Placed app : selected) {
            apps.addObject().put("name", app.name()).put("revision", app.revision()).set("spec", app.spec());
        }
        ArrayNode credentials = document.putArray("registries");
        for (RegistrySeal.Credential registry : registries) {
            credentials.addObject().put("host", registry.host()).put("username", registry.username())
                    .put("password", registry.password());
        }
        return document;
    }

    private static Map<String, String> labels(String json) {
        Map<String, String> labels = new HashMap<>();
        Json.parse(Buffer.buffer(json)).fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
