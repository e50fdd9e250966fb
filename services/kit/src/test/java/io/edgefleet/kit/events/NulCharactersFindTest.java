package io.edgefleet.kit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where U+0000 is reported in a document (the HTTP and MQTT ingress name these pointers in their refusals). */
class NulCharactersFindTest {

    private static java.util.List<String> find(String json) {
        return NulCharacters.find(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void documentWithoutNulHasNoPointers() {
        assertThat(find("{\"samples\":[{\"metric\":\"node_load1\",\"value\":0.4}],\"a/b~c\":{\"x\":[\"y\",null,1]}}"))
                .isEmpty();
    }

    @Test
    void everyNulIsReportedAtItsEscapedPointer() {
        assertThat(find("{\"labels\":{\"a/b~c\":\"x\\u0000\"},\"tags\":[\"ok\",\"\\u0000\"],\"top\":\"\\u0000\"}"))
                .containsExactly("/labels/a~1b~0c", "/tags/1", "/top");
    }

    @Test
    void nulInAPropertyNameIsReportedAtItsObject() {
        assertThat(find("{\"outer\":{\"inner\":{\"k\\u0000\":1}}}")).containsExactly("/outer/inner");
    }

    @Test
    void nulDeepInsideAnArrayOfObjectsIsFound() {
        assertThat(find("[[{\"a\":[\"b\",\"c\\u0000d\"]}]]")).containsExactly("/0/0/a/1");
    }
}
