package io.edgefleet.registry.http;

import static io.edgefleet.kit.http.QueryParams.invalid;
import static io.edgefleet.kit.http.QueryParams.single;

import io.edgefleet.kit.http.ProblemException;
import io.edgefleet.registry.endpoint.EndpointQuery;
import io.edgefleet.registry.endpoint.EndpointStatus;
import io.edgefleet.kit.labels.LabelSelector;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads the query parameters of the endpoint list; every problem is a 400 naming the parameter. */
final class ListParams {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_PAGE = 1_000_000;
    static final int MAX_SELECTOR_LENGTH = 4096;
    static final int MAX_NAME_CONTAINS_LENGTH = 63;

    private static final Set<String> KNOWN = Set.of("status", "selector", "nameContains", "page", "size");

    private ListParams() {
    }

    static EndpointQuery parse(String tenant, MultiMap params) {
        Set<String> unknown = new TreeSet<>(params.names());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw invalid("unknown query parameter(s) " + unknown + "; known: status, selector, nameContains, page, size");
        }
        Optional<EndpointStatus> status = single(params, "status").map(text -> EndpointStatus.fromWireName(text)
                .orElseThrow(() -> invalid("query parameter 'status' must be one of pending, online, offline; got '"
                        + text + "'")));
        LabelSelector selector = single(params, "selector").map(ListParams::selector).orElse(LabelSelector.EVERYTHING);
        Optional<String> nameContains = single(params, "nameContains");
        if (nameContains.isPresent() && nameContains.get().length() > MAX_NAME_CONTAINS_LENGTH) {
            throw invalid("query parameter 'nameContains' must be at most " + MAX_NAME_CONTAINS_LENGTH
                    + " characters long (names are no longer)");
        }
        int page = integer(params, "page", 1, 1, MAX_PAGE);
        int size = integer(params, "size", DEFAULT_SIZE, 1, EndpointQuery.MAX_SIZE);
        return new EndpointQuery(tenant, status, selector, nameContains, page, size);
    }

    private static LabelSelector selector(String text) {
        if (text.length() > MAX_SELECTOR_LENGTH) {
            throw invalid("query parameter 'selector' must be at most " + MAX_SELECTOR_LENGTH + " characters long");
        }
        try {
            return LabelSelector.parse(text);
        } catch (LabelSelector.InvalidSelectorException e) {
            throw invalid("query parameter 'selector' is invalid: " + e.getMessage());
        }
    }

    private static int integer(MultiMap params, String name, int def, int min, int max) {
        Optional<String> text = single(params, name);
        if (text.isEmpty()) {
            return def;
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw invalid("query parameter '" + name + "' must be an integer; got '" + text.get() + "'");
        }
        if (value < min || value > max) {
            throw invalid("query parameter '" + name + "' must be between " + min + " and " + max + "; got " + value);
        }
        return value;
    }
}
