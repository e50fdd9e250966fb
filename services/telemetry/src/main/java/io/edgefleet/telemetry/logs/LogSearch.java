package io.edgefleet.telemetry.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.http.QueryParams;
import io.edgefleet.kit.http.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/tenants/{t}/logs}: stored log lines of the tenant, newest first, filtered by {@code endpoint},
 * {@code container}, {@code app}, {@code stream} (stdout/stderr), a time range {@code from} (inclusive) ..
 * {@code to} (exclusive) and {@code q} (the text contains it, case-insensitive); {@code limit} 1..1000 (default
 * 100). The answer's {@code next}, when present, is an opaque cursor: passing it as {@code cursor} with the same
 * filters returns the following (older) lines, so paging never skips or repeats a line that is already stored.
 */
final class LogSearch {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_QUERY_CHARS = 256;
    private static final Pattern ENDPOINT = Pattern.compile("^ep-[a-z2-7]{12}$");
    private static final Pattern APP = Pattern.compile("^[a-z0-9][a-z0-9_.-]{1,62}$");
    private static final Pattern CURSOR = Pattern.compile("^([0-9T:.+Z-]{16,40})\\|(\\d{1,19})$");

    private final Pool pool;

    LogSearch(Pool pool) {
        this.pool = pool;
    }

    Future<Reply> search(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        String tenant = ctx.pathParam("tenant");
        StringBuilder sql = new StringBuilder(
                "SELECT id, endpoint, container, app, stream, ts, text FROM logs WHERE tenant = $1");
        Tuple args = Tuple.of(tenant);
        Optional<String> endpoint = QueryParams.single(params, "endpoint");
        if (endpoint.isPresent()) {
            require(ENDPOINT.matcher(endpoint.get()).matches(), "endpoint must be an endpoint id such as ep-abcdefgh2345");
            condition(sql, args, "endpoint = $", endpoint.get());
        }
        Optional<String> container = QueryParams.single(params, "container");
        if (container.isPresent()) {
            require(container.get().length() <= 256, "container must be at most 256 characters");
            condition(sql, args, "container = $", container.get());
        }
        Optional<String> app = QueryParams.single(params, "app");
        if (app.isPresent()) {
            require(APP.matcher(app.get()).matches(), "app must be an app name (2 to 63 lowercase letters, digits, . _ -)");
            condition(sql, args, "app = $", app.get());
        }
        Optional<String> stream = QueryParams.single(params, "stream");
        if (stream.isPresent()) {
            require(stream.get().equals("stdout") || stream.get().equals("stderr"), "stream must be stdout or stderr");
            condition(sql, args, "stream = $", stream.get());
        }
        Optional<OffsetDateTime> from = time(params, "from");
        Optional<OffsetDateTime> to = time(params, "to");
        if (from.isPresent() && to.isPresent()) {
            require(from.get().isBefore(to.get()), "from must be before to");
        }
        from.ifPresent(value -> condition(sql, args, "ts >= $", value));
        to.ifPresent(value -> condition(sql, args, "ts < $", value));
        Optional<String> q = QueryParams.single(params, "q");
        if (q.isPresent()) {
            require(q.get().length() <= MAX_QUERY_CHARS, "q must be at most " + MAX_QUERY_CHARS + " characters");
            condition(sql, args, "text ILIKE $", "%" + likeEscaped(q.get()) + "%");
        }
        Optional<String> cursor = QueryParams.single(params, "cursor");
        if (cursor.isPresent()) {
            Cursor position = decode(cursor.get());
            args.addOffsetDateTime(position.ts()).addLong(position.id());
            sql.append(" AND (ts, id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(')');
        }
        int limit = limit(params);
        args.addInteger(limit + 1);
        sql.append(" ORDER BY ts DESC, id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> Reply.ok(page(rows, limit)));
    }

    private static ObjectNode page(RowSet<Row> rows, int limit) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode lines = page.putArray("lines");
        Row last = null;
        int count = 0;
        for (Row row : rows) {
            if (count++ == limit) {
                page.put("next", encode(last));
                break;
            }
            ObjectNode line = lines.addObject();
            line.put("endpoint", row.getString("endpoint"));
            line.put("container", row.getString("container"));
            if (row.getString("app") != null) {
                line.put("app", row.getString("app"));
            }
            line.put("stream", row.getString("stream"));
            line.put("at", row.getOffsetDateTime("ts").toString());
            line.put("text", row.getString("text"));
            last = row;
        }
        return page;
    }

    private static void condition(StringBuilder sql, Tuple args, String expression, Object value) {
        args.addValue(value);
        sql.append(" AND ").append(expression).append(args.size());
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Optional<OffsetDateTime> time(MultiMap params, String name) {
        Optional<String> raw = QueryParams.single(params, name);
        try {
            return raw.map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            throw QueryParams.invalid(name + " must be an RFC 3339 timestamp such as 2026-01-31T08:00:00Z");
        }
    }

    private static int limit(MultiMap params) {
        Optional<String> raw = QueryParams.single(params, "limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            require(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
            return limit;
        } catch (NumberFormatException e) {
            throw QueryParams.invalid("limit must be a whole number between 1 and " + MAX_LIMIT);
        }
    }

    private static String encode(Row row) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (row.getOffsetDateTime("ts") + "|" + row.getLong("id")).getBytes(StandardCharsets.US_ASCII));
    }

    /** Where a page ended: the last line's time and id. */
    private record Cursor(OffsetDateTime ts, long id) {
    }

    private static Cursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            var matcher = CURSOR.matcher(text);
            if (matcher.matches()) {
                return new Cursor(OffsetDateTime.parse(matcher.group(1)), Long.parseLong(matcher.group(2)));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // falls through to the problem below
        }
        throw QueryParams.invalid("cursor is not one this API returned; pass the 'next' of the previous page");
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw QueryParams.invalid(detail);
        }
    }
}
