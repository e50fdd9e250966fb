package io.edgefleet.deployment.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import io.edgefleet.deployment.config.SpecResolver;
import io.edgefleet.deployment.registry.RegistrySeal;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles the desired documents of a tenant's Kubernetes partitions: per partition, every app whose current revision
 * targets it, sorted by name, with its spec (pinned config sets merged in), and the credentials of the registries
 * those apps list. A document is published (retained, QoS 1, through the outbox) only when
 * its apps or their revisions differ from the last one published, with the previous generation plus one, stored in
 * {@code partition_desired} in the caller's transaction. A partition no app targets any more gets a document with no
 * apps (the tenancy service then deletes what it had applied there); its row stays so the generation keeps growing.
 * Callers hold the tenant's lock, like for {@code DesiredCompiler}.
 */
public final class PartitionDesiredCompiler {

    private static final String APPS = """
            SELECT a.name, a.revision, r.spec::text AS spec, r.target->>'partition' AS partition,
                   r.config_sets::text AS config_sets, r.registries::text AS registries
              FROM apps a JOIN app_revisions r ON r.tenant = a.tenant AND r.name = a.name AND r.revision = a.revision
             WHERE a.tenant = $1 AND r.target ? 'partition' ORDER BY a.name""";
    private static final String PUBLISHED = """
            SELECT partition, generation, apps::text AS content FROM partition_desired WHERE tenant = $1""";
    private static final String UPSERT = """
            INSERT INTO partition_desired (tenant, partition, generation, apps, issued_at)
            VALUES ($1, $2, $3, $4::text::jsonb, $5)
            ON CONFLICT (tenant, partition) DO UPDATE
               SET generation = EXCLUDED.generation, apps = EXCLUDED.apps, issued_at = EXCLUDED.issued_at""";
    private static final String OUTBOX = "INSERT INTO outbox (topic, payload, retain, qos) VALUES ($1, $2, true, 1)";
    private static final String FORGET = "DELETE FROM partition_desired WHERE tenant = $1 RETURNING partition";
    private static final String FORGET_STATE = "DELETE FROM partition_state WHERE tenant = $1";

    private final JsonSchemas schemas;
    private final SpecResolver resolver;

    /** @param resolver merges the apps' config sets into their specs and yields the registry credentials they use */
    public PartitionDesiredCompiler(JsonSchemas schemas, SpecResolver resolver) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The retained topic of a partition's desired document. */
    public static String topic(String tenant, String partition) {
        return "fleet/v1/" + tenant + "/partitions/" + partition + "/desired";
    }

    /**
     * Recompiles the documents of every partition of the tenant that has, or had, an app targeted at it, and queues
     * those that changed.
     *
     * @return how many documents were queued
     */
    public Future<Integer> recompute(SqlConnection tx, String tenant) {
        return tx.preparedQuery(APPS).execute(Tuple.of(tenant))
                .compose(appRows -> resolver.load(tx, tenant).compose(resolution -> {
                    Map<String, List<CompiledApp>> wanted = new TreeMap<>();
                    for (Row row : appRows) {
                        wanted.computeIfAbsent(row.getString("partition"), p -> new ArrayList<>()).add(new CompiledApp(
                                row.getString("name"), row.getInteger("revision"),
                                resolution.spec(Json.parse(Buffer.buffer(row.getString("spec"))), row.getString("config_sets")),
                                SpecResolver.Resolution.registryNames(row.getString("registries"))));
                    }
                    return tx.preparedQuery(PUBLISHED).execute(Tuple.of(tenant))
                            .compose(published -> publishChanged(tx, tenant, wanted, published, resolution));
                }));
    }

    /**
     * Forgets the documents and states of a purged tenant's partitions and queues an empty retained payload on each
     * desired topic, which clears it on the broker and tells the tenancy service to delete what it applied.
     *
     * @return how many topics were cleared
     */
    public static Future<Integer> clear(SqlConnection tx, String tenant) {
        return tx.preparedQuery(FORGET).execute(Tuple.of(tenant)).compose(rows -> {
            List<Tuple> outbox = new ArrayList<>();
            rows.forEach(row -> outbox.add(Tuple.of(topic(tenant, row.getString("partition")), Buffer.buffer())));
            Future<Void> queued = outbox.isEmpty() ? Future.succeededFuture()
                    : tx.preparedQuery(OUTBOX).executeBatch(outbox).mapEmpty();
            return queued.compose(v -> tx.preparedQuery(FORGET_STATE).execute(Tuple.of(tenant))).map(outbox.size());
        });
    }

    private Future<Integer> publishChanged(SqlConnection tx, String tenant, Map<String, List<CompiledApp>> wanted,
                                           Iterable<Row> published, SpecResolver.Resolution resolution) {
        Map<String, Row> before = new TreeMap<>();
        published.forEach(row -> before.put(row.getString("partition"), row));
        Map<String, List<CompiledApp>> all = new TreeMap<>(wanted);
        before.keySet().forEach(partition -> all.putIfAbsent(partition, List.of()));
        OffsetDateTime issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        List<Tuple> states = new ArrayList<>();
        List<Tuple> outbox = new ArrayList<>();
        all.forEach((partition, apps) -> {
            TreeSet<String> names = new TreeSet<>();
            apps.forEach(app -> names.addAll(app.registries()));
            List<RegistrySeal.Credential> registries = resolution.credentials(names);
            ArrayNode content = JsonNodeFactory.instance.arrayNode();
            apps.forEach(app -> content.addObject().put("name", app.name()).put("revision", app.revision()));
            // a registry's new password is a new version: the partition gets it like an endpoint does
            registries.forEach(r -> content.addObject().put("registry", r.name()).put("version", r.version()));
            Row previous = before.get(partition);
            if (previous != null && content.equals(Json.parse(Buffer.buffer(previous.getString("content"))))) {
                return;
            }
            long generation = previous == null ? 1 : previous.getLong("generation") + 1;
            ObjectNode document = document(tenant, partition, generation, issuedAt, apps, registries);
            List<JsonSchemas.Violation> violations = schemas.validate("partition-desired", document);
            if (!violations.isEmpty()) {
                // only stored, validated specs get here: a violation means the schemas and this code disagree
                throw new IllegalStateException("compiled desired document of partition " + partition + " breaks the schema at "
                        + violations.get(0).field() + ": " + violations.get(0).message());
            }
            states.add(Tuple.of(tenant, partition, generation, Json.write(content), issuedAt));
            outbox.add(Tuple.of(topic(tenant, partition), Json.buffer(document)));
        });
        if (states.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return tx.preparedQuery(UPSERT).executeBatch(states)
                .compose(v -> tx.preparedQuery(OUTBOX).executeBatch(outbox))
                .map(states.size());
    }

    private static ObjectNode document(String tenant, String partition, long generation, OffsetDateTime issuedAt,
                                       List<CompiledApp> apps, List<RegistrySeal.Credential> registries) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("tenant", tenant);
        document.put("partition", partition);
        document.put("generation", generation);
        document.put("issuedAt", App.format(issuedAt));
        ArrayNode list = document.putArray("apps");
        apps.forEach(app -> list.addObject().put("name", app.name()).put("revision", app.revision()).set("spec", app.spec()));
        ArrayNode credentials = document.putArray("registries");
        registries.forEach(r -> credentials.addObject().put("host", r.host()).put("username", r.username())
                .put("password", r.password()));
        return document;
    }

    /** An app at its current revision, as the partition's document lists it. */
    private record CompiledApp(String name, int revision, JsonNode spec, List<String> registries) {
    }
}
