package io.edgefleet.kit.http;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;

/** Reading query parameters the same way in every service: one value each, blank as absent, 400 otherwise. */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * The parameter's one value, stripped; empty when absent or blank.
     *
     * @throws ProblemException 400 {@code invalid-query} when the parameter is given more than once (ambiguous)
     */
    public static Optional<String> single(MultiMap params, String name) {
        List<String> values = params.getAll(name);
        if (values.size() > 1) {
            throw invalid("query parameter '" + name + "' is given " + values.size() + " times; give it once");
        }
        return values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0).strip());
    }

    /** 400 {@code invalid-query} with a detail that names the parameter and what it must be. */
    public static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-query", detail);
    }
}
