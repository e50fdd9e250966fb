package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.labels.LabelSelector;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of a tenant's endpoints, filtered. Turns into SQL whose values are all bind parameters.
 *
 * @param status       only endpoints with this status, when present
 * @param nameContains only endpoints whose name contains this text ignoring case, when present
 * @param page         1-based page number
 * @param size         page size
 */
public record EndpointQuery(String tenant, Optional<EndpointStatus> status, LabelSelector selector,
                            Optional<String> nameContains, int page, int size) {

    public static final int MAX_SIZE = 500;

    public EndpointQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(nameContains, "nameContains");
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
    }

    /** A statement and its bind values. */
    public record Statement(String sql, Tuple params) {
    }

    /** Counts every matching endpoint (column {@code total}). */
    public Statement countStatement() {
        SqlParams params = new SqlParams();
        String where = where(params);
        return new Statement("SELECT count(*) AS total FROM endpoints WHERE " + where, params.tuple());
    }

    /** Selects this page of matching endpoints, ordered by name. */
    public Statement pageStatement() {
        SqlParams params = new SqlParams();
        String where = where(params);
        String sql = "SELECT " + RegistryQueries.ENDPOINT_COLUMNS + " FROM endpoints WHERE " + where
                + " ORDER BY lower(name), name LIMIT " + params.bind(size)
                + " OFFSET " + params.bind((long) (page - 1) * size);
        return new Statement(sql, params.tuple());
    }

    private String where(SqlParams params) {
        List<String> conditions = new ArrayList<>();
        conditions.add("tenant = " + params.bind(tenant));
        status.ifPresent(s -> conditions.add("status = " + params.bind(s.wireName())));
        nameContains.ifPresent(text -> conditions.add("strpos(lower(name), lower(" + params.bind(text) + ")) > 0"));
        for (LabelSelector.Requirement requirement : selector.requirements()) {
            conditions.add(condition(requirement, params));
        }
        return String.join(" AND ", conditions);
    }

    // matches LabelSelector.Requirement#matches: '!=' and 'notin' also select endpoints without the label
    private static String condition(LabelSelector.Requirement requirement, SqlParams params) {
        return switch (requirement.operator()) {
            case EXISTS -> "labels ? " + params.bind(requirement.key());
            case NOT_EXISTS -> "NOT (labels ? " + params.bind(requirement.key()) + ")";
            case EQUALS -> "labels @> " + params.bind(pair(requirement)) + "::text::jsonb";
            case NOT_EQUALS -> "NOT (labels @> " + params.bind(pair(requirement)) + "::text::jsonb)";
            case IN -> "(labels ->> " + params.bind(requirement.key()) + ") = ANY("
                    + params.bind(requirement.values().toArray(String[]::new)) + "::text[])";
            case NOT_IN -> "NOT coalesce((labels ->> " + params.bind(requirement.key()) + ") = ANY("
                    + params.bind(requirement.values().toArray(String[]::new)) + "::text[]), false)";
        };
    }

    private static String pair(LabelSelector.Requirement requirement) {
        ObjectNode pair = JsonNodeFactory.instance.objectNode();
        pair.put(requirement.key(), requirement.values().get(0));
        return Json.write(pair);
    }
}
