package io.edgefleet.kit.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kubernetes-style label selector over endpoint labels: requirements joined by commas, all of which must hold.
 * The registry filters endpoint lists with it and the deployment service targets apps with it.
 *
 * <pre>
 *   site=qingdao          label present with that value ('==' means the same)
 *   site!=qingdao         label absent or with another value
 *   line in (a,b)         label present with one of the values
 *   line notin (a,b)      label absent or with none of the values
 *   gpu                   label present
 *   !gpu                  label absent
 * </pre>
 *
 * Spaces are allowed between tokens. An empty (or blank) selector selects everything. Keys and values
 * follow the label syntax of {@code common.schema.json} ({@code labelKey}, {@code labelValue}).
 *
 * @param requirements the requirements, in the order written
 */
public record LabelSelector(List<Requirement> requirements) {

    /** Selects every endpoint. */
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    // same syntax as common.schema.json#/$defs/labelKey and labelValue; LabelSelectorTest checks they agree
    static final Pattern KEY = Pattern.compile("^(?:(?=[^/]{1,253}/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
            + "(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    static final Pattern VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$");

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** What a requirement checks. */
    public enum Operator { EXISTS, NOT_EXISTS, EQUALS, NOT_EQUALS, IN, NOT_IN }

    /**
     * One condition on one label.
     *
     * @param key      the label key
     * @param operator what is checked
     * @param values   one value for EQUALS/NOT_EQUALS, one or more for IN/NOT_IN, none otherwise
     */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
                case EQUALS -> values.get(0).equals(value);
                case NOT_EQUALS -> !values.get(0).equals(value);
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
            };
        }
    }

    /** A selector that cannot be parsed; {@link #position()} is the 1-based character where the problem is. */
    public static final class InvalidSelectorException extends IllegalArgumentException {
        private final int position;

        InvalidSelectorException(String problem, int position) {
            super(problem + " at character " + position);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    /**
     * Parses a selector.
     *
     * @throws InvalidSelectorException naming what is wrong and where
     */
    public static LabelSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        return new LabelSelector(new Parser(text).selector());
    }

    /** Whether labels satisfy every requirement (the same meaning the SQL translation has). */
    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(requirement -> requirement.matches(labels));
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<Requirement> selector() {
            List<Requirement> requirements = new ArrayList<>();
            skipSpaces();
            if (atEnd()) {
                return requirements;
            }
            do {
                requirements.add(requirement());
                skipSpaces();
            } while (accept(","));
            if (!atEnd()) {
                throw error("expected ',' or the end of the selector but found '" + text.charAt(pos) + "'");
            }
            return requirements;
        }

        private Requirement requirement() {
            skipSpaces();
            if (accept("!")) {
                skipSpaces();
                return new Requirement(key(), Operator.NOT_EXISTS, List.of());
            }
            String key = key();
            skipSpaces();
            if (atEnd() || peek(",")) {
                return new Requirement(key, Operator.EXISTS, List.of());
            }
            if (accept("==") || accept("=")) {
                return new Requirement(key, Operator.EQUALS, List.of(value(true)));
            }
            if (accept("!=")) {
                return new Requirement(key, Operator.NOT_EQUALS, List.of(value(true)));
            }
            int operatorAt = pos;
            String operator = word();
            if (operator.equals("in") || operator.equals("notin")) {
                return new Requirement(key, operator.equals("in") ? Operator.IN : Operator.NOT_IN, valueSet());
            }
            pos = operatorAt;
            throw error("expected '=', '==', '!=', 'in' or 'notin' after label key '" + key + "'");
        }

        private List<String> valueSet() {
            skipSpaces();
            if (!accept("(")) {
                throw error("expected '(' to start the value list");
            }
            List<String> values = new ArrayList<>();
            do {
                values.add(value(false));
                skipSpaces();
            } while (accept(","));
            if (!accept(")")) {
                throw error(atEnd() ? "expected ',' or ')' but the selector ended" : "expected ',' or ')'");
            }
            return values;
        }

        private String key() {
            int start = pos;
            String key = word();
            if (key.isEmpty()) {
                throw error(atEnd() ? "expected a label key but the selector ended" : "expected a label key");
            }
            if (!KEY.matcher(key).matches()) {
                pos = start;
                throw error("invalid label key '" + key + "'");
            }
            return key;
        }

        private String value(boolean mayBeEmpty) {
            skipSpaces();
            int start = pos;
            String value = word();
            if (value.isEmpty() && !mayBeEmpty) {
                throw error("expected a label value");
            }
            if (!VALUE.matcher(value).matches()) {
                pos = start;
                throw error("invalid label value '" + value + "'");
            }
            return value;
        }

        // key and value characters; '/' only makes sense in keys and the key check rejects it in odd places
        private String word() {
            int start = pos;
            while (!atEnd() && isWordChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private static boolean isWordChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '/';
        }

        private boolean accept(String token) {
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private boolean peek(String token) {
            return text.startsWith(token, pos);
        }

        private void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private InvalidSelectorException error(String problem) {
            return new InvalidSelectorException(problem, pos + 1);
        }
    }
}
