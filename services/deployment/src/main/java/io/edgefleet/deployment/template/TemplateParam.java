package io.edgefleet.deployment.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One declared param of a template, already checked for consistency by {@link TemplateDefinition}.
 *
 * @param values       the allowed strings of an {@code enum} param, else empty
 * @param defaultValue the value of an optional param when an instantiation leaves it out; null for a required one
 * @param pattern      what a whole {@code string} value must match, or null
 * @param min          inclusive lower bound of an {@code integer} or {@code number} param, or null
 * @param max          inclusive upper bound, or null
 */
public record TemplateParam(String name, Type type, List<String> values, JsonNode defaultValue, boolean required,
                            Pattern pattern, BigDecimal min, BigDecimal max) {

    /** Longest string an instantiation may give a {@code string} param. */
    public static final int MAX_STRING = 4096;

    /** What values a param takes. */
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN, ENUM;

        static Type parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TemplateParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
    }

    /** Why {@code value} does not fit this param, or empty when it does. */
    public Optional<String> problemWith(JsonNode value) {
        return switch (type) {
            case STRING -> string(value);
            case INTEGER -> value.isIntegralNumber() ? bounds(value.decimalValue()) : Optional.of("must be an integer");
            case NUMBER -> value.isNumber() ? bounds(value.decimalValue()) : Optional.of("must be a number");
            case BOOLEAN -> value.isBoolean() ? Optional.empty() : Optional.of("must be true or false");
            case ENUM -> value.isTextual() && values.contains(value.asText()) ? Optional.empty()
                    : Optional.of("must be one of " + values);
        };
    }

    private Optional<String> string(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.of("must be a string");
        }
        if (value.asText().length() > MAX_STRING) {
            return Optional.of("must be at most " + MAX_STRING + " characters");
        }
        if (pattern != null && !pattern.matcher(value.asText()).matches()) {
            return Optional.of("must match the pattern " + pattern.pattern());
        }
        return Optional.empty();
    }

    private Optional<String> bounds(BigDecimal number) {
        if (min != null && number.compareTo(min) < 0) {
            return Optional.of("must be at least " + min.toPlainString());
        }
        if (max != null && number.compareTo(max) > 0) {
            return Optional.of("must be at most " + max.toPlainString());
        }
        return Optional.empty();
    }

    /** How a value of this param reads inside a longer string. */
    static String render(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.asText();
    }
}
