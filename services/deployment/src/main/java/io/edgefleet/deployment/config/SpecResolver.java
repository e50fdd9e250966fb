package io.edgefleet.deployment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.registry.RegistrySeal;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.FieldError;
import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves what apps take from config sets and registries: at an app write, the references of the body (checked,
 * pinned to a version, the merged spec checked against the app-spec schema); at a compile, the pinned versions and
 * the registry credentials of every app of a tenant ({@link Resolution}). Callers hold the tenant's lock.
 */
public final class SpecResolver {

    private static final String NEWEST = "SELECT name, version FROM config_sets WHERE tenant = $1 AND name = ANY($2::text[])";
    private static final String VERSIONS = """
            SELECT name, version, entries::text AS entries, files::text AS files, created_at, created_by
              FROM config_set_versions
             WHERE tenant = $1 AND (name || '@' || version) = ANY($2::text[])""";
    // the versions the current revisions of the tenant's apps pin
    private static final String PINNED = """
            SELECT DISTINCT ref->>'name' || '@' || (ref->>'resolvedVersion') AS key
              FROM apps a JOIN app_revisions r ON r.tenant = a.tenant AND r.name = a.name AND r.revision = a.revision,
                   jsonb_array_elements(r.config_sets) ref
             WHERE a.tenant = $1 AND r.config_sets IS NOT NULL""";
    private static final String KNOWN_REGISTRIES = "SELECT name FROM registries WHERE tenant = $1 AND name = ANY($2::text[])";

    private final JsonSchemas schemas;
    private final RegistrySeal registries;

    public SpecResolver(JsonSchemas schemas, RegistrySeal registries) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.registries = Objects.requireNonNull(registries, "registries");
    }

    /**
     * Checks and pins the references of an app write. A reference keeps its resolvedVersion when it has one (a
     * rollback restores the versions it recorded), else takes the version asked for, else the newest.
     *
     * @throws ProblemException (422) naming an unknown set, version or registry, or the first schema violation of the
     *                          merged spec (e.g. more env variables than a spec may hold)
     */
    public Future<ConfigRefs> resolve(SqlConnection tx, String tenant, ConfigRefs requested, JsonNode spec) {
        if (requested.configSets() == null && requested.registries() == null) {
            return Future.succeededFuture(requested);
        }
        List<String> setNames = new ArrayList<>();
        if (requested.configSets() != null) {
            requested.configSets().forEach(ref -> setNames.add(ref.get("name").asText()));
        }
        List<String> registryNames = new ArrayList<>();
        if (requested.registries() != null) {
            requested.registries().forEach(name -> registryNames.add(name.asText()));
        }
        return tx.preparedQuery(NEWEST).execute(names(tenant, setNames)).compose(rows -> {
            Map<String, Integer> newest = new HashMap<>();
            rows.forEach(row -> newest.put(row.getString("name"), row.getInteger("version")));
            List<FieldError> errors = new ArrayList<>();
            ArrayNode pinned = pin(requested.configSets(), newest, errors);
            return tx.preparedQuery(KNOWN_REGISTRIES).execute(names(tenant, registryNames))
                    .compose(known -> {
                        Set<String> found = new java.util.HashSet<>();
                        known.forEach(row -> found.add(row.getString("name")));
                        for (int i = 0; i < registryNames.size(); i++) {
                            if (!found.contains(registryNames.get(i))) {
                                errors.add(new FieldError("/registries/" + i, "no registry named '"
                                        + registryNames.get(i) + "' in this tenant"));
                            }
                        }
                        if (!errors.isEmpty()) {
                            return Future.failedFuture(ProblemException.validation(errors));
                        }
                        ConfigRefs resolved = new ConfigRefs(pinned, requested.registries());
                        return versions(tx, tenant, keys(pinned)).map(versions -> checked(spec, resolved, versions));
                    });
        });
    }

    /** Loads what compiling the tenant's apps needs: the pinned versions and the registries. */
    public Future<Resolution> load(SqlConnection tx, String tenant) {
        return tx.preparedQuery(PINNED).execute(Tuple.of(tenant)).compose(rows -> {
            Set<String> keys = new LinkedHashSet<>();
            rows.forEach(row -> keys.add(row.getString("key")));
            return versions(tx, tenant, keys);
        }).compose(versions -> registries.credentials(tx, tenant).map(creds -> new Resolution(versions, creds)));
    }

    private static ArrayNode pin(ArrayNode refs, Map<String, Integer> newest, List<FieldError> errors) {
        if (refs == null) {
            return null;
        }
        ArrayNode pinned = refs.deepCopy();
        for (int i = 0; i < pinned.size(); i++) {
            ObjectNode ref = (ObjectNode) pinned.get(i);
            String name = ref.get("name").asText();
            Integer last = newest.get(name);
            if (last == null) {
                errors.add(new FieldError("/configSets/" + i + "/name", "no config set named '" + name
                        + "' in this tenant"));
                continue;
            }
            int version = ref.has("resolvedVersion") ? ref.get("resolvedVersion").asInt()
                    : ref.has("version") ? ref.get("version").asInt() : last;
            if (version < 1 || version > last) {
                errors.add(new FieldError("/configSets/" + i + "/version", "config set '" + name + "' has no version "
                        + version + " (newest " + last + ")"));
                continue;
            }
            ref.put("resolvedVersion", version);
        }
        return pinned;
    }

    private ConfigRefs checked(JsonNode spec, ConfigRefs resolved, Map<String, SetVersion> versions) {
        JsonNode merged = ConfigMerge.apply(spec, resolved.configSets(), versions);
        List<JsonSchemas.Violation> violations = schemas.validate("app-spec", merged);
        if (!violations.isEmpty()) {
            JsonSchemas.Violation first = violations.get(0);
            throw ProblemException.validation(List.of(new FieldError("/configSets", "with its config sets the spec"
                    + " breaks the app spec at " + first.field() + ": " + first.message())));
        }
        return resolved;
    }

    private static Set<String> keys(ArrayNode pinned) {
        Set<String> keys = new LinkedHashSet<>();
        if (pinned != null) {
            pinned.forEach(ref -> keys.add(SetVersion.key(ref.get("name").asText(), ref.get("resolvedVersion").asInt())));
        }
        return keys;
    }

    private static Future<Map<String, SetVersion>> versions(SqlConnection tx, String tenant, Set<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return tx.preparedQuery(VERSIONS).execute(names(tenant, keys)).map(rows -> {
            Map<String, SetVersion> versions = new HashMap<>();
            rows.forEach(row -> {
                SetVersion version = version(row);
                versions.put(SetVersion.key(version.name(), version.version()), version);
            });
            return versions;
        });
    }

    /** Tenant and a text array; {@code Tuple.of} would spread the array into parameters of its own. */
    private static Tuple names(String tenant, java.util.Collection<String> names) {
        return Tuple.tuple().addString(tenant).addArrayOfString(names.toArray(String[]::new));
    }

    static SetVersion version(Row row) {
        return new SetVersion(row.getString("name"), row.getInteger("version"),
                (ObjectNode) Json.parse(Buffer.buffer(row.getString("entries"))),
                (ObjectNode) Json.parse(Buffer.buffer(row.getString("files"))), row.getOffsetDateTime("created_at"),
                row.getString("created_by"));
    }

    /** What the compiler needs for one tenant: the pinned config set versions and the registry credentials. */
    public static final class Resolution {
        private final Map<String, SetVersion> versions;
        private final Map<String, RegistrySeal.Credential> registries;

        /**
         * @param versions   the config set versions the apps pin, by {@link SetVersion#key}
         * @param registries the tenant's registries with their passwords opened, by name
         */
        public Resolution(Map<String, SetVersion> versions, Map<String, RegistrySeal.Credential> registries) {
            this.versions = versions;
            this.registries = registries;
        }

        /** The spec an app's desired entry carries: its own spec with its config sets merged in. */
        public JsonNode spec(JsonNode spec, String configSetsColumn) {
            if (configSetsColumn == null) {
                return spec;
            }
            return ConfigMerge.apply(spec, (ArrayNode) Json.parse(Buffer.buffer(configSetsColumn)), versions);
        }

        /** The registry names of an app's {@code registries} column. */
        public static List<String> registryNames(String registriesColumn) {
            List<String> names = new ArrayList<>();
            if (registriesColumn != null) {
                Json.parse(Buffer.buffer(registriesColumn)).forEach(name -> names.add(name.asText()));
            }
            return names;
        }

        /** The credentials of the named registries, sorted by name; names the tenant no longer has are skipped. */
        public List<RegistrySeal.Credential> credentials(Set<String> names) {
            return names.stream().sorted().map(registries::get).filter(Objects::nonNull).toList();
        }
    }
}
