package io.edgefleet.kit.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds U+0000 in JSON documents from outside. PostgreSQL {@code text} and {@code jsonb} cannot hold it and no field
 * of the platform has a use for it, so REST bodies and MQTT payloads holding it are refused where they come in.
 */
public final class NulCharacters {

    private NulCharacters() {
    }

    /** JSON pointers of every string (or property name's object) that holds U+0000; empty when there is none. */
    public static List<String> find(JsonNode document) {
        // every inbound message passes here and almost none holds U+0000: pointers are built only for one that does
        if (!contains(document)) {
            return List.of();
        }
        List<String> pointers = new ArrayList<>();
        find(document, "", pointers);
        return pointers;
    }

    private static boolean contains(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (field.getKey().indexOf('\u0000') >= 0 || contains(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (contains(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void find(JsonNode node, String pointer, List<String> pointers) {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\u0000') >= 0) {
                pointers.add(pointer);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().indexOf('\u0000') >= 0) {
                    pointers.add(pointer);
                } else {
                    find(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"),
                            pointers);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                find(node.get(i), pointer + "/" + i, pointers);
            }
        }
    }
}
