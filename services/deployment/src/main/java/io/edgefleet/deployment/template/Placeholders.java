package io.edgefleet.deployment.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} placeholders in the string values of a JSON document (object keys are never placeholders).
 * Substitution is one pass over the template's text: what a param value contains, even {@code ${...}}, is copied as
 * inert text and never expanded again.
 */
public final class Placeholders {

    /** Every {@code ${...}}; what is between the braces must then be a param name. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Placeholders() {
    }

    /** The param names each string value refers to, by the JSON Pointer of the value (only values that refer to some). */
    public static Map<String, Set<String>> references(JsonNode document) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        strings(document, "", (pointer, text) -> {
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                found.computeIfAbsent(pointer, p -> new LinkedHashSet<>()).add(matcher.group(1));
            }
        });
        return found;
    }

    /** The param names referred to at {@code pointer} and beneath it. */
    public static Set<String> referencesUnder(JsonNode document, String pointer) {
        Set<String> names = new LinkedHashSet<>();
        references(document).forEach((at, refs) -> {
            if (at.equals(pointer) || at.startsWith(pointer + "/")) {
                names.addAll(refs);
            }
        });
        return names;
    }

    /**
     * A copy of {@code document} with the given values put in. A string that is exactly one placeholder takes the
     * value itself (a number stays a number); elsewhere a value is rendered as text. Placeholders without a value
     * stay as they are.
     */
    public static JsonNode substitute(JsonNode document, Map<String, JsonNode> values) {
        if (document.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            document.properties().forEach(member -> copy.set(member.getKey(), substitute(member.getValue(), values)));
            return copy;
        }
        if (document.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            document.forEach(item -> copy.add(substitute(item, values)));
            return copy;
        }
        if (!document.isTextual()) {
            return document.deepCopy();
        }
        String text = document.asText();
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches() && values.containsKey(whole.group(1))) {
            return values.get(whole.group(1)).deepCopy();
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = values.get(matcher.group(1));
            String replacement = value == null ? matcher.group() : TemplateParam.render(value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return JsonNodeFactory.instance.textNode(out.toString());
    }

    private static void strings(JsonNode node, String pointer, BiConsumer<String, String> visitor) {
        if (node.isObject()) {
            node.properties().forEach(member -> strings(member.getValue(), pointer + "/" + escape(member.getKey()), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                strings(node.get(i), pointer + "/" + i, visitor);
            }
        } else if (node.isTextual()) {
            visitor.accept(pointer, node.asText());
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
