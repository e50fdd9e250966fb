package io.edgefleet.schemas.hostile;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile JSON for input tests: documents that are not JSON at all, and valid documents with one part replaced by
 * something wrong (a wrong type, hostile text, a huge array, deep nesting, a missing or unknown member).
 */
public final class HostileJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HostileJson() {
    }

    /** A valid example shipped in the schemas jar, e.g. {@code example("heartbeat.valid")}, {@code "rest/endpoint-create.valid"}. */
    public static JsonNode example(String name) {
        String resource = "schemas/examples/" + name + ".json";
        try (InputStream in = HostileJson.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + resource + " on the classpath");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON bytes of a tree (lone surrogates become escapes, as a careless client would send them). */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes that are not one JSON document: truncated, trailing garbage, broken UTF-8, far too deep, JSON5-isms. */
    public static Arbitrary<byte[]> malformed(JsonNode valid) {
        byte[] text = bytes(valid);
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, text.length - 1)
                .map(end -> Arrays.copyOf(text, end));
        Arbitrary<byte[]> trailing = Arbitraries.of("}", "]", " x", ",", "{}", " {\"a\":1}", "\u0000", "nul")
                .map(tail -> concat(text, tail.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<byte[]> brokenUtf8 = Combinators.combine(
                        Arbitraries.integers().between(0, text.length - 1),
                        Arbitraries.of(new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xff},
                                new byte[] {(byte) 0xe2, (byte) 0x82},
                                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}))
                .as((at, bad) -> insideFirstString(text, bad, at));
        Arbitrary<byte[]> deep = Combinators.combine(Arbitraries.of("[", "{\"a\":"), Arbitraries.integers().between(1_001, 100_000))
                .as((open, depth) -> open.repeat(depth).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> notJson = Arbitraries.of("", " ", "\n", "{", "}", "{\"a\"}", "{'a':1}", "{a:1}",
                        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1,}", "[1,]", "{\"a\":01}", "// c\n{}", "/* c */{}",
                        "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"line\nbreak\"}", "\u00ff\u00fe{}", "undefined")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
                .filter(b -> !parses(b));
        return Arbitraries.frequencyOf(Tuple.of(3, truncated.filter(b -> !parses(b))), Tuple.of(2, trailing),
                Tuple.of(2, brokenUtf8), Tuple.of(1, deep), Tuple.of(3, notJson), Tuple.of(1, random));
    }

    /** One part of a valid document made wrong. */
    public record Mutation(String kind, String pointer, JsonNode document) {
        @Override
        public String toString() {
            String text = document.toString();
            return kind + " at '" + pointer + "': " + (text.length() > 300 ? text.substring(0, 300) + "…(" + text.length()
                    + " chars)" : text);
        }
    }

    /** Mutations of a valid document: replace a part, remove a member, add an unknown member, replace the root. */
    public static Arbitrary<Mutation> mutations(JsonNode valid) {
        List<String> pointers = pointers(valid);
        List<String> members = pointers.stream().filter(p -> !p.isEmpty()).toList();
        List<String> objects = pointers.stream().filter(p -> valid.at(p).isObject()).toList();
        Arbitrary<Mutation> replace = Combinators.combine(Arbitraries.of(pointers), values())
                .as((pointer, value) -> new Mutation("replace", pointer, replaced(valid, pointer, value)));
        Arbitrary<Mutation> remove = members.isEmpty() ? replace : Arbitraries.of(members)
                .map(pointer -> new Mutation("remove", pointer, removed(valid, pointer)));
        Arbitrary<Mutation> add = Combinators.combine(Arbitraries.of(objects), HostileText.any(), values())
                .as((pointer, name, value) -> {
                    JsonNode copy = valid.deepCopy();
                    ((ObjectNode) copy.at(pointer)).set(name, value);
                    return new Mutation("add", pointer, copy);
                });
        return Arbitraries.frequencyOf(Tuple.of(6, replace), Tuple.of(2, remove), Tuple.of(2, add));
    }

    /** Any JSON value a hostile client might put where something else belongs. */
    public static Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> scalars = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
                NODES.numberNode(BigInteger.TWO.pow(200)), NODES.numberNode(1e308), NODES.numberNode(-0.0),
                NODES.numberNode(0.5), NODES.numberNode(Integer.MAX_VALUE + 1L));
        Arbitrary<JsonNode> texts = HostileText.any().map(NODES::textNode);
        Arbitrary<JsonNode> bigArrays = Combinators.combine(Arbitraries.integers().between(0, 5_000),
                        Arbitraries.of(NODES.numberNode(1), NODES.textNode("x"), NODES.objectNode(), NODES.nullNode()))
                .as((size, element) -> {
                    ArrayNode array = NODES.arrayNode(size);
                    for (int i = 0; i < size; i++) {
                        array.add(element);
                    }
                    return array;
                });
        Arbitrary<JsonNode> objects = Arbitraries.maps(HostileText.any(), texts).ofMaxSize(6)
                .map(map -> {
                    ObjectNode object = NODES.objectNode();
                    map.forEach(object::set);
                    return object;
                });
        // below Jackson's default nesting limit (1000), so the validators see it after parsing too
        Arbitrary<JsonNode> deep = Combinators.combine(Arbitraries.integers().between(50, 900), Arbitraries.of(true, false))
                .as(HostileJson::nested);
        return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(5, texts), Tuple.of(1, bigArrays),
                Tuple.of(2, objects), Tuple.of(1, deep));
    }

    /** {@code depth} arrays (or objects with member "a") inside each other around a string. */
    public static JsonNode nested(int depth, boolean arrays) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = arrays ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    /** JSON pointers of the document and every part of it. */
    public static List<String> pointers(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String pointer, List<String> out) {
        out.add(pointer);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static JsonNode replaced(JsonNode valid, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value;
        }
        JsonNode copy = valid.deepCopy();
        JsonPointer path = JsonPointer.compile(pointer);
        ContainerNode<?> parent = (ContainerNode<?>) copy.at(path.head());
        String last = path.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return copy;
    }

    private static JsonNode removed(JsonNode valid, String pointer) {
        JsonNode copy = valid.deepCopy();
        JsonPointer path = JsonPointer.compile(pointer);
        ContainerNode<?> parent = (ContainerNode<?>) copy.at(path.head());
        String last = path.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.remove(last);
        } else {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
        }
        return copy;
    }

    private static boolean parses(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readerFor(JsonNode.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(bytes);
            return node != null && !node.isMissingNode();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // broken UTF-8 must land inside a string to be a UTF-8 problem rather than a syntax one
    private static byte[] insideFirstString(byte[] text, byte[] bad, int from) {
        int quote = -1;
        for (int i = from; i < text.length; i++) {
            if (text[i] == '"') {
                quote = i;
                break;
            }
        }
        int at = quote < 0 ? from : quote + 1;
        byte[] out = new byte[text.length + bad.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(text, at, out, at + bad.length, text.length - at);
        return out;
    }
}
