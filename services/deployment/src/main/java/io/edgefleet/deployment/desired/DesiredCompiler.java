package io.edgefleet.deployment.desired;

import io.edgefleet.deployment.app.AppTarget;
import io.edgefleet.deployment.app.TargetOverrides;
import io.edgefleet.deployment.config.SpecResolver;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles the desired documents of a tenant's endpoints: per endpoint, every app whose current revision's target
 * selects it (listed id or label selector), sorted by name, at the revision a rollout still holds the endpoint at
 * (else the current one), with the revision's pinned config sets merged in ({@link SpecResolver}) and its per-target
 * overrides applied. The document carries the credentials of exactly the registries its apps list, and the agent's
 * part of the endpoint's link profile when it has one. A document is published (retained, QoS 1, through the
 * outbox) only when its apps or their revisions differ from the last one published; its generation is the previous
 * one plus one, stored in {@code desired_state} in the caller's transaction.
 *
 * <p>jsonb travels as text ({@code $n::text::jsonb}): a Java string bound to a jsonb parameter would become a JSON
 * string. Set-based: one query for the tenant's apps, one for the endpoints in scope with their last content, then one
 * upsert and one outbox insert, each a single statement over arrays, whatever the number of endpoints. Callers hold {@link TenantLock}.
 * Each endpoint's document is compiled by {@link DesiredDocuments}, which needs no database.
 */
public final class DesiredCompiler {

    private static final String APPS = """
            SELECT a.name, a.revision, r.spec::text AS spec, r.target::text AS target, r.overrides::text AS overrides,
                   r.config_sets::text AS config_sets, r.registries::text AS registries
              FROM apps a JOIN app_revisions r ON r.tenant = a.tenant AND r.name = a.name AND r.revision = a.revision
             WHERE a.tenant = $1 ORDER BY a.name""";
    // endpoints a rollout still holds at the revision they ran: pending or waiting targets of each app's latest
    // rollout, while it is in progress or after it was aborted
    private static final String HELD = """
            SELECT ro.app, t.endpoint, t.from_revision, r.spec::text AS spec, r.overrides::text AS overrides,
                   r.config_sets::text AS config_sets, r.registries::text AS registries
              FROM rollouts ro
              JOIN rollout_targets t ON t.rollout_id = ro.id AND t.state IN ('pending', 'waiting')
              JOIN app_revisions r ON r.tenant = ro.tenant AND r.name = ro.app AND r.revision = t.from_revision
             WHERE ro.tenant = $1 AND ro.state IN ('running', 'paused', 'awaiting-promotion', 'aborted')
               AND ro.created_at = (SELECT max(l.created_at) FROM rollouts l WHERE l.tenant = ro.tenant AND l.app = ro.app)""";
    private static final String ENDPOINTS = """
            SELECT e.id, e.labels::text AS labels, e.link_profile::text AS link_profile, d.generation,
                   d.apps::text AS content
              FROM endpoints e LEFT JOIN desired_state d ON d.tenant = e.tenant AND d.endpoint = e.id
             WHERE e.tenant = $1 AND e.deleted_at IS NULL AND ($2::text[] IS NULL OR e.id = ANY($2::text[]))""";
    // one statement for all changed endpoints, whatever their number (unnest of arrays, not a batch of rows)
    private static final String UPSERT = """
            INSERT INTO desired_state (tenant, endpoint, generation, apps, issued_at)
            SELECT $1, u.endpoint, u.generation, u.apps::jsonb, $5
              FROM unnest($2::text[], $3::int8[], $4::text[]) AS u(endpoint, generation, apps)
            ON CONFLICT (tenant, endpoint) DO UPDATE
               SET generation = EXCLUDED.generation, apps = EXCLUDED.apps, issued_at = EXCLUDED.issued_at""";
    private static final String OUTBOX = "INSERT INTO outbox (topic, payload, retain, qos) VALUES ($1, $2, true, 1)";
    private static final String OUTBOX_ALL = """
            INSERT INTO outbox (topic, payload, retain, qos)
            SELECT u.topic, u.payload, true, 1
              FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(topic, payload, n) ORDER BY u.n""";
    private static final String FORGET = """
            DELETE FROM desired_state WHERE tenant = $1 AND ($2::text[] IS NULL OR endpoint = ANY($2::text[]))
            RETURNING endpoint""";

    private final JsonSchemas schemas;
    private final SpecResolver resolver;

    /** @param resolver merges the config sets into the specs and yields the registry credentials */
    public DesiredCompiler(JsonSchemas schemas, SpecResolver resolver) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The retained topic of an endpoint's desired document. */
    public static String topic(String tenant, String endpoint) {
        return "edge/v1/" + tenant + "/" + endpoint + "/desired";
    }

    /**
     * Recompiles the documents of some of the tenant's endpoints and queues those that changed.
     *
     * @param endpointIds the endpoints to look at; null for every endpoint of the tenant
     * @return how many documents were queued
     */
    public Future<Integer> recompute(SqlConnection tx, String tenant, List<String> endpointIds) {
        String[] ids = endpointIds == null ? null : endpointIds.toArray(String[]::new);
        return tx.preparedQuery(APPS).execute(Tuple.of(tenant))
                .compose(appRows -> resolver.load(tx, tenant).compose(resolution -> {
                    List<DesiredDocuments.CompiledApp> apps = new ArrayList<>();
                    for (Row row : appRows) {
                        apps.add(new DesiredDocuments.CompiledApp(row.getString("name"), row.getInteger("revision"),
                                resolution.spec(Json.parse(Buffer.buffer(row.getString("spec"))),
                                        row.getString("config_sets")),
                                AppTarget.fromJson(Json.parse(Buffer.buffer(row.getString("target")))),
                                overrides(row.getString("overrides")),
                                SpecResolver.Resolution.registryNames(row.getString("registries"))));
                    }
                    return tx.preparedQuery(HELD).execute(Tuple.of(tenant)).compose(heldRows -> {
                        Map<String, DesiredDocuments.Held> held = held(heldRows, resolution);
                        return tx.preparedQuery(ENDPOINTS).execute(Tuple.tuple().addString(tenant)
                                .addArrayOfString(ids))
                                .compose(endpointRows -> publishChanged(tx, tenant, apps, held, endpointRows, resolution));
                    });
                }));
    }

    /**
     * Forgets the documents of endpoints that are gone and queues an empty retained payload on each topic that held
     * one, so the broker drops it.
     *
     * @param endpointIds the endpoints; null for every endpoint of the tenant
     * @return how many topics were cleared
     */
    public Future<Integer> clear(SqlConnection tx, String tenant, List<String> endpointIds) {
        String[] ids = endpointIds == null ? null : endpointIds.toArray(String[]::new);
        return tx.preparedQuery(FORGET).execute(Tuple.tuple().addString(tenant).addArrayOfString(ids)).compose(rows -> {
            List<Tuple> outbox = new ArrayList<>();
            for (Row row : rows) {
                outbox.add(Tuple.of(topic(tenant, row.getString("endpoint")), Buffer.buffer()));
            }
            return outbox.isEmpty() ? Future.succeededFuture(0)
                    : tx.preparedQuery(OUTBOX).executeBatch(outbox).map(outbox.size());
        });
    }

    private Future<Integer> publishChanged(SqlConnection tx, String tenant, List<DesiredDocuments.CompiledApp> apps,
                                           Map<String, DesiredDocuments.Held> held, Iterable<Row> endpoints,
                                           SpecResolver.Resolution resolution) {
        OffsetDateTime issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
        DesiredDocuments documents = new DesiredDocuments(schemas, apps, held, resolution);
        List<String> changed = new ArrayList<>();
        List<Long> generations = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<Buffer> documentsToPublish = new ArrayList<>();
        for (Row row : endpoints) {
            String endpoint = row.getString("id");
            DesiredDocuments.Compiled compiled = documents.compile(endpoint, row.getString("labels"),
                    row.getString("link_profile"), row.getLong("generation"), row.getString("content"), issuedAt);
            if (compiled == null) {
                continue;
            }
            changed.add(endpoint);
            generations.add(compiled.generation());
            contents.add(compiled.content());
            topics.add(topic(tenant, endpoint));
            documentsToPublish.add(compiled.document());
        }
        if (changed.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return tx.preparedQuery(UPSERT).execute(Tuple.tuple().addString(tenant)
                        .addArrayOfString(changed.toArray(String[]::new)).addArrayOfLong(generations.toArray(Long[]::new))
                        .addArrayOfString(contents.toArray(String[]::new)).addOffsetDateTime(issuedAt))
                .compose(v -> tx.preparedQuery(OUTBOX_ALL).execute(Tuple.tuple()
                        .addArrayOfString(topics.toArray(String[]::new))
                        .addArrayOfBuffer(documentsToPublish.toArray(Buffer[]::new))))
                .map(changed.size());
    }

    private static Map<String, DesiredDocuments.Held> held(Iterable<Row> rows, SpecResolver.Resolution resolution) {
        Map<String, DesiredDocuments.Held> held = new HashMap<>();
        Map<String, DesiredDocuments.Held> byRevision = new HashMap<>();
        for (Row row : rows) {
            String app = row.getString("app");
            int revision = row.getInteger("from_revision");
            // many endpoints are held at the same revision: parse each revision once
            DesiredDocuments.Held entry = byRevision.computeIfAbsent(app + "@" + revision,
                    k -> new DesiredDocuments.Held(revision,
                            resolution.spec(Json.parse(Buffer.buffer(row.getString("spec"))), row.getString("config_sets")),
                            overrides(row.getString("overrides")),
                            SpecResolver.Resolution.registryNames(row.getString("registries"))));
            held.put(DesiredDocuments.heldKey(app, row.getString("endpoint")), entry);
        }
        return held;
    }

    private static TargetOverrides overrides(String json) {
        return json == null ? TargetOverrides.NONE : TargetOverrides.fromJson(Json.parse(Buffer.buffer(json)));
    }
}
