package io.edgefleet.kit.http;

import java.util.List;
import java.util.Objects;

/**
 * An HTTP error to answer with an RFC 9457 problem document. Throw it (or fail a route's future with it);
 * {@link Problems#failureHandler()} renders it.
 */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;
    private final transient List<FieldError> errors;

    /**
     * @param slug   last segment of the problem {@code type} URI, e.g. {@code "not-found"}
     * @param detail human-readable explanation of this occurrence; shown to the caller
     * @param errors invalid fields (may be empty)
     */
    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(status + " " + slug + ": " + detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.slug = Objects.requireNonNull(slug, "slug");
        this.title = Objects.requireNonNull(title, "title");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, slug, "Bad request", detail, List.of());
    }

    /** 422 {@code validation}: the body is JSON but breaks the contract. */
    public static ProblemException validation(List<FieldError> errors) {
        return new ProblemException(422, "validation", "Validation failed",
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid", errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, List.of());
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, List.of());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of());
    }

    /** 502: a service this one depends on failed. */
    public static ProblemException badGateway(String detail) {
        return new ProblemException(502, "bad-gateway", "Bad gateway", detail, List.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "unavailable", "Service unavailable", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
