package io.edgefleet.registry.endpoint;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Collects bind values while SQL text is assembled, so that values never become part of the text. */
final class SqlParams {

    private final List<Object> values = new ArrayList<>();

    /** Adds a value and returns its placeholder ({@code $1}, {@code $2}, ...). */
    String bind(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    Tuple tuple() {
        return Tuple.from(values);
    }
}
