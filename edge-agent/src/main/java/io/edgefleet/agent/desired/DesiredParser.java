package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.runtime.RegistryCredential;
import io.edgefleet.schemas.JsonSchemas;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a desired document against {@code desired.schema.json}, {@link AppSpec#validate()} and what only the agent
 * knows (its endpoint id). A problem confined to one app's entry (e.g. a negative memory limit or port 70000 in its
 * spec) makes that app invalid and leaves the rest of the document usable; any other problem refuses the document.
 */
public final class DesiredParser {

    static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{1,62}$");
    private static final Pattern APP_FIELD = Pattern.compile("^/apps/(\\d+)(/.+)$");

    private final JsonSchemas schemas;
    private final String endpointId;

    public DesiredParser(JsonSchemas schemas, String endpointId) {
        this.schemas = schemas;
        this.endpointId = endpointId;
    }

    /** What became of a document. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /** The document can be applied (some of its apps may be invalid, see {@link DesiredApp#problem()}). */
    public record Accepted(DesiredDocument document) implements Outcome {
    }

    /**
     * The document cannot be applied at all; nothing changes.
     *
     * @param generation its generation when readable, else {@code null}
     * @param reason     the first problem, naming its field
     * @param appNames   the names of the apps it lists, as far as they are readable
     */
    public record Refused(Long generation, String reason, List<String> appNames) implements Outcome {
    }

    /** The generation of a document, when it has a readable one (to skip old documents before checking them). */
    public static Long generation(JsonNode document) {
        JsonNode generation = document == null ? null : document.get("generation");
        return generation != null && generation.canConvertToLong() && generation.isIntegralNumber()
                ? generation.asLong() : null;
    }

    /** Reads raw bytes; a payload that is not a JSON object is refused. */
    public Outcome parse(byte[] payload) {
        JsonNode json;
        try {
            json = Json.tree(payload);
        } catch (IOException e) {
            return new Refused(null, "not JSON: " + e.getMessage().lines().findFirst().orElse(""), List.of());
        }
        return parse(json);
    }

    /** Checks a parsed document. */
    public Outcome parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new Refused(null, "not a JSON object", List.of());
        }
        Long generation = generation(json);
        List<String> names = readableNames(json);
        Map<Integer, String> appProblems = new HashMap<>();
        for (JsonSchemas.Violation violation : schemas.validate("desired", json)) {
            Matcher field = APP_FIELD.matcher(violation.field());
            int index = field.matches() ? Integer.parseInt(field.group(1)) : -1;
            boolean ofOneApp = index >= 0 && index < names.size() && names.get(index) != null
                    && !field.group(2).equals("/name");
            if (!ofOneApp) {
                return new Refused(generation, describe(violation), present(names));
            }
            appProblems.putIfAbsent(index, describe(violation));
        }
        String endpoint = json.get("endpoint").asText();
        if (!endpoint.equals(endpointId)) {
            return new Refused(generation, "/endpoint: the document is for endpoint " + endpoint + ", this agent is "
                    + endpointId, present(names));
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                return new Refused(generation, "/apps: the app name '" + name + "' is used twice", names);
            }
        }
        List<RegistryCredential> registries = registries(json.get("registries"));
        Set<String> hosts = new HashSet<>();
        for (RegistryCredential registry : registries) {
            if (!hosts.add(registry.host().toLowerCase(java.util.Locale.ROOT))) {
                return new Refused(generation, "/registries: the host '" + registry.host() + "' is listed twice",
                        names);
            }
        }
        List<DesiredApp> apps = new ArrayList<>();
        JsonNode appsJson = json.get("apps");
        for (int i = 0; i < appsJson.size(); i++) {
            apps.add(app(appsJson.get(i), i, appProblems.get(i)));
        }
        Instant issuedAt = OffsetDateTime.parse(json.get("issuedAt").asText()).toInstant();
        return new Accepted(new DesiredDocument(endpoint, generation, issuedAt, apps, registries, json));
    }

    private static DesiredApp app(JsonNode app, int index, String schemaProblem) {
        String name = app.get("name").asText();
        JsonNode revisionJson = app.get("revision");
        Integer revision = revisionJson != null && revisionJson.canConvertToInt() && revisionJson.asInt() >= 1
                ? revisionJson.asInt() : null;
        if (schemaProblem != null) {
            return DesiredApp.invalid(name, revision, "invalid spec: " + schemaProblem);
        }
        if (revision == null) {
            // the schema caps it, so only a document from a platform with an older schema gets here
            return DesiredApp.invalid(name, null, "invalid spec: /apps/" + index + "/revision: must be at most "
                    + Integer.MAX_VALUE);
        }
        AppSpec spec = AppSpec.fromJson(app.get("spec"));
        List<String> problems = spec.validate();
        if (!problems.isEmpty()) {
            return DesiredApp.invalid(name, revision, "invalid spec: /apps/" + index + "/spec" + problems.get(0));
        }
        return DesiredApp.valid(name, revision, spec, LogShipping.fromSpec(app.get("spec")));
    }

    private static List<RegistryCredential> registries(JsonNode registries) {
        List<RegistryCredential> credentials = new ArrayList<>();
        if (registries != null) {
            registries.forEach(entry -> credentials.add(new RegistryCredential(entry.get("host").asText(),
                    entry.get("username").asText(), entry.get("password").asText())));
        }
        return credentials;
    }

    /** The name of each app entry, {@code null} where it is not a valid app name. */
    private static List<String> readableNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        JsonNode apps = json.get("apps");
        if (apps != null && apps.isArray()) {
            for (JsonNode app : apps) {
                JsonNode name = app.get("name");
                names.add(name != null && name.isTextual() && APP_NAME.matcher(name.asText()).matches()
                        ? name.asText() : null);
            }
        }
        return names;
    }

    private static List<String> present(List<String> names) {
        return names.stream().filter(java.util.Objects::nonNull).distinct().toList();
    }

    private static String describe(JsonSchemas.Violation violation) {
        return (violation.field().isEmpty() ? "document" : violation.field()) + ": " + violation.message();
    }
}
