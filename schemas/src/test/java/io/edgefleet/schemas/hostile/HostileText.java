package io.edgefleet.schemas.hostile;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Strings an attacker or a broken client sends: control characters, U+0000, lone surrogates, right-to-left
 * overrides, stacked combining marks, path traversal, MQTT wildcards, injection probes, and very long text.
 */
public final class HostileText {

    /** Fixed edge cases, each of which broke some parser, database or log somewhere once. */
    public static final List<String> EDGE_CASES = List.of(
            "", " ", "\t", "\n", "\r\n", "\u0000", "a\u0000b", "\u0001\u001f\u007f",
            "\ud800", "x\udc00", "\udbff\udfff", "\ud83c\udfed", "\uffff", "\ufffe", "\ufeffbom",
            "\u202eevil\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "e\u0301\u0301\u0301\u0301\u0301",
            "\u2028\u2029", "\u00a0", "\u3000", "工厂", "../../etc/passwd", "..", "/", "//", "a/../b", "\\..\\",
            "+", "#", "a/+/b", "a/#", "$share/g/x", "$SYS/x", "%00", "%2e%2e%2f", "${jndi:ldap://x/a}",
            "'; DROP TABLE endpoints;--", "<script>alert(1)</script>", "{{7*7}}", "-1", "1e309", "NaN", "null",
            "true", "0x10", "ep-", "ep-aaaaaaaaaaaa", "default", "DEFAULT");

    private HostileText() {
    }

    /** Any text: the edge cases, arbitrary UTF-16 (lone surrogates included) and long runs. */
    public static Arbitrary<String> any() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(EDGE_CASES)),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(80)),
                net.jqwik.api.Tuple.of(1, long_()));
    }

    /** 1,000 to 100,000 characters of one kind: ASCII, CJK, combining marks, or surrogate pairs. */
    public static Arbitrary<String> long_() {
        return Arbitraries.of("x", "工", "e\u0301", "\ud83c\udfed", "\u202e", "/")
                .flatMap(unit -> Arbitraries.integers().between(1_000, 100_000)
                        .map(length -> unit.repeat(Math.max(1, length / unit.length()))));
    }

    /** Text meant as an MQTT topic or topic level: wildcards, traversal, empty levels, very long. */
    public static Arbitrary<String> topicLevel() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("+", "#", "", "..", ".", "a#", "+a", "$share", "$SYS",
                        "\u0000", "ep-aaaaaaaaaaaa", "default", "heartbeat", "desired", "commands", "%2F", "\u202e")),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars("+#/.$a- \u0000\u00e9").ofMaxLength(12)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(300, 70_000).map("a"::repeat)));
    }
}
