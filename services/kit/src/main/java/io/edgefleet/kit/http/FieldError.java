package io.edgefleet.kit.http;

import java.util.Objects;

/**
 * One invalid field of a request.
 *
 * @param field JSON Pointer to the field, e.g. {@code "/name"}; {@code ""} for the body itself
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
