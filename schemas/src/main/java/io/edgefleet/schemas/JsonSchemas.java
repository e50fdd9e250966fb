package io.edgefleet.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates payloads against edgefleet's JSON Schemas (draft 2020-12), packaged in this jar under
 * {@code /schemas/json/}.
 *
 * <p>A schema is named by its path under {@code json/} without {@code .schema.json}: {@code "heartbeat"},
 * {@code "events/endpoint.online"}, {@code "rest/endpoint-create"}. Every schema listed in
 * {@code /schemas/json/index.txt} is compiled once, when the instance is created; {@code $ref}s between
 * the files resolve through the classpath ({@value #ID_PREFIX} maps to {@code classpath:schemas/json/}),
 * so validation never touches the network. Format assertions ({@code date-time}, {@code ipv4}, ...) are on.
 *
 * <p>A schema may replace the validator's wording for a keyword with its own text, e.g.
 * {@code "errorMessage": {"pattern": "must be an absolute path (start with /)"}} next to the {@code pattern}; such
 * a text holds no colon, quote or brace, which the validator's message formatting would cut or swallow.
 *
 * <p>Instances are immutable and safe to share between threads; {@link #load()} returns one shared instance.
 */
public final class JsonSchemas {

    /** Prefix of every edgefleet schema's {@code $id}. */
    public static final String ID_PREFIX = "https://edgefleet.io/schemas/";

    private static final String RESOURCE_DIR = "schemas/json/";
    private static final String SUFFIX = ".schema.json";

    private final Map<String, JsonSchema> schemas;

    private JsonSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(ID_PREFIX, "classpath:" + RESOURCE_DIR)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .errorMessageKeyword("errorMessage")
                .pathType(PathType.LEGACY)
                .locale(Locale.ENGLISH)
                .build();
        Map<String, JsonSchema> compiled = new LinkedHashMap<>();
        for (String name : readIndex()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(ID_PREFIX + name + SUFFIX), config);
            // resolves every $ref now, so a broken schema fails at load and validation is thread-safe
            schema.initializeValidators();
            compiled.put(name, schema);
        }
        this.schemas = Map.copyOf(compiled);
    }

    /**
     * Returns the shared instance, compiling every schema on first use.
     *
     * @throws IllegalStateException if a packaged schema cannot be read or compiled
     */
    public static JsonSchemas load() {
        return Shared.INSTANCE;
    }

    /** Names of every schema this instance validates against, e.g. {@code "events/endpoint.online"}. */
    public Set<String> names() {
        return schemas.keySet();
    }

    /**
     * Validates a payload.
     *
     * @param schemaName path under {@code json/} without {@code .schema.json}, e.g. {@code "rest/endpoint-create"}
     * @param payload    the parsed payload
     * @return the violations, ordered by field then message; empty when the payload is valid
     * @throws IllegalArgumentException if no schema has that name
     */
    public List<Violation> validate(String schemaName, JsonNode payload) {
        Objects.requireNonNull(payload, "payload");
        JsonSchema schema = schemas.get(schemaName);
        if (schema == null) {
            throw new IllegalArgumentException("unknown schema '" + schemaName + "'; known schemas: "
                    + schemas.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return schema.validate(payload).stream()
                .map(JsonSchemas::toViolation)
                .distinct()
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                .toList();
    }

    /**
     * One reason a payload does not match its schema.
     *
     * @param field   JSON Pointer (RFC 6901) to the offending member: {@code "/name"}, {@code "/labels/site"},
     *                {@code ""} for the payload itself. A missing required member or an unknown member is
     *                reported at that member's pointer.
     * @param message what is wrong, e.g. {@code "must be at most 63 characters long"}
     */
    public record Violation(String field, String message) {
        public Violation {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    static Violation toViolation(ValidationMessage message) {
        JsonNodePath location = message.getInstanceLocation();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(location.getElement(i))));
        }
        if (pointsAtMember(message.getType()) && message.getProperty() != null) {
            pointer.append('/').append(escape(message.getProperty()));
        }
        return new Violation(pointer.toString(), text(message, location));
    }

    // these keywords are reported at the parent object; a caller wants to know which member is at fault
    private static boolean pointsAtMember(String keyword) {
        return "required".equals(keyword) || "additionalProperties".equals(keyword)
                || "unevaluatedProperties".equals(keyword) || "propertyNames".equals(keyword);
    }

    // getMessage() is "$.labels.site: must be ..."; the pointer already says where
    private static String text(ValidationMessage message, JsonNodePath location) {
        if (message.getError() != null) {
            return message.getError();
        }
        String prefix = location + ": ";
        String text = message.getMessage();
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> readIndex() {
        String index = RESOURCE_DIR + "index.txt";
        InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(index);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + index + " is missing");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + index, e);
        }
    }

    private static final class Shared {
        private static final JsonSchemas INSTANCE = new JsonSchemas();
    }
}
