package io.edgefleet.kit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonParseTest {

    @Test
    void textAfterTheFirstDocumentIsRefused() {
        for (String text : new String[] {"{\"seq\":1}}", "{\"seq\":1} x", "{\"seq\":1}{\"seq\":2}", "[1]]"}) {
            assertThatThrownBy(() -> Json.parse(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void brokenUtf8IsRefusedNamingTheByteEvenWhereTheParserWouldLetItThrough() {
        // an overlong "/" inside a member name and inside a value: the JSON parser alone accepts both
        byte[] inName = {'{', '"', (byte) 0xc0, (byte) 0xaf, 'a', '"', ':', '1', '}'};
        byte[] inValue = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xe2, (byte) 0x82, '"', '}'};

        assertThatThrownBy(() -> Json.parse(inName)).hasMessage("not UTF-8: invalid byte sequence at byte 2");
        assertThatThrownBy(() -> Json.parse(inValue)).hasMessage("not UTF-8: invalid byte sequence at byte 7");
    }

    @Test
    void validUtf8OfEveryLengthPasses() {
        String text = "{\"a\":\"é 工 🏭 \\ud800\"}";

        assertThat(Json.parse(text.getBytes(StandardCharsets.UTF_8)).get("a").asText()).startsWith("é 工 🏭 ");
    }
}
