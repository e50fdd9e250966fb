package io.edgefleet.gateway.access;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the public API: its name (the audit log's {@code action}), method and path template, the
 * service that answers it and who may call it.
 *
 * @param template a path such as {@code /api/v1/tenants/{tenant}/endpoints/{id}}; {@code {tenant}} names the tenant
 *                 the call is about, other {@code {...}} parts match one path segment
 * @param service  {@code registry}, {@code tenancy}, or {@code gateway} for what the gateway answers itself
 * @param audited  whether every call is recorded in the audit trail: every mutating operation, and reads that act on
 *                 a machine (a container's logs or inspect document are fetched by a command to the agent)
 */
public record Operation(String name, HttpMethod method, String template, String service, Access access,
                        boolean audited) {

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    public Operation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(access, "access");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("operation name '" + name + "' is not like 'endpoints.create'");
        }
        if (!template.startsWith("/api/v1/")) {
            throw new IllegalArgumentException("operation path '" + template + "' is outside /api/v1/");
        }
        if (access.kind() == Access.Kind.TENANT && !template.contains("{tenant}")) {
            throw new IllegalArgumentException("tenant access needs a {tenant} in '" + template + "'");
        }
        if (!audited && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            throw new IllegalArgumentException("operation " + name + " changes something and must be audited");
        }
    }

    /** An operation audited when it mutates, as most are. */
    public Operation(String name, HttpMethod method, String template, String service, Access access) {
        this(name, method, template, service, access, method != HttpMethod.GET && method != HttpMethod.HEAD);
    }

    /** Whether calling it changes something (it is then always audited). */
    public boolean mutates() {
        return method != HttpMethod.GET && method != HttpMethod.HEAD;
    }

    Pattern pathPattern() {
        Matcher placeholders = PLACEHOLDER.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (placeholders.find()) {
            regex.append(Pattern.quote(template.substring(last, placeholders.start())));
            regex.append(placeholders.group(1).equals("tenant") ? "(?<tenant>[^/]+)" : "[^/]+");
            last = placeholders.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        return Pattern.compile(regex.toString());
    }

    /** A call matched to its operation, with the tenant its path names (empty when the path has none). */
    public record Match(Operation operation, Optional<String> tenant) {
    }
}
