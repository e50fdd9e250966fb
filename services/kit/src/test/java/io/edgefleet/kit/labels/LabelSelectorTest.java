package io.edgefleet.kit.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.labels.LabelSelector.Operator;
import io.edgefleet.kit.labels.LabelSelector.Requirement;
import io.edgefleet.schemas.JsonSchemas;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

    @Test
    void parsesEveryOperatorJoinedByCommas() {
        LabelSelector selector = LabelSelector.parse(
                "site=qingdao, tier==edge,zone!=b , line in (a, b),env notin (dev),gpu,!legacy");

        assertThat(selector.requirements()).containsExactly(
                new Requirement("site", Operator.EQUALS, List.of("qingdao")),
                new Requirement("tier", Operator.EQUALS, List.of("edge")),
                new Requirement("zone", Operator.NOT_EQUALS, List.of("b")),
                new Requirement("line", Operator.IN, List.of("a", "b")),
                new Requirement("env", Operator.NOT_IN, List.of("dev")),
                new Requirement("gpu", Operator.EXISTS, List.of()),
                new Requirement("legacy", Operator.NOT_EXISTS, List.of()));
    }

    @Test
    void acceptsPrefixedKeysAndEmptyValues() {
        LabelSelector selector = LabelSelector.parse("edgefleet.io/role=gateway,note=");

        assertThat(selector.requirements()).containsExactly(
                new Requirement("edgefleet.io/role", Operator.EQUALS, List.of("gateway")),
                new Requirement("note", Operator.EQUALS, List.of("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankSelectorSelectsEverything(String text) {
        assertThat(LabelSelector.parse(text).isEverything()).isTrue();
        assertThat(LabelSelector.parse(text).matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void notEqualsAndNotInAlsoSelectEndpointsWithoutTheLabel() {
        Map<String, String> unlabelled = Map.of();
        assertThat(LabelSelector.parse("site!=qingdao").matches(unlabelled)).isTrue();
        assertThat(LabelSelector.parse("site notin (qingdao)").matches(unlabelled)).isTrue();
        assertThat(LabelSelector.parse("site in (qingdao)").matches(unlabelled)).isFalse();
        assertThat(LabelSelector.parse("site=qingdao").matches(Map.of("site", "qingdao", "line", "a"))).isTrue();
        assertThat(LabelSelector.parse("site=qingdao,line=b").matches(Map.of("site", "qingdao", "line", "a"))).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' fails at character {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "site in (a           | 11 | expected ',' or ')' but the selector ended",
        "site in a            | 9  | expected '(' to start the value list",
        "site in ()           | 10 | expected a label value",
        "site ~ a             | 6  | expected '=', '==', '!=', 'in' or 'notin' after label key 'site'",
        "site is a            | 6  | expected '=', '==', '!=', 'in' or 'notin' after label key 'site'",
        "=a                   | 1  | expected a label key",
        "a=b,                 | 5  | expected a label key but the selector ended",
        "a=b c                | 5  | expected ',' or the end of the selector but found 'c'",
        "-site=a              | 1  | invalid label key '-site'",
        "site=a/b             | 6  | invalid label value 'a/b'",
        "!                    | 2  | expected a label key but the selector ended",
        "!site=a              | 6  | expected ',' or the end of the selector but found '='",
    })
    void reportsWhatIsWrongAndWhere(String text, int position, String problem) {
        assertThatThrownBy(() -> LabelSelector.parse(text.strip()))
                .isInstanceOfSatisfying(LabelSelector.InvalidSelectorException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage()).isEqualTo(problem + " at character " + position);
                });
    }

    @Test
    void refusesValuesLongerThanLabelsAllow() {
        assertThatThrownBy(() -> LabelSelector.parse("site=" + "a".repeat(64)))
                .hasMessageStartingWith("invalid label value");
        assertThat(LabelSelector.parse("site=" + "a".repeat(63)).requirements()).hasSize(1);
    }

    static Stream<String> keys() {
        return Stream.of("site", "a", "A_b.c-d", "edgefleet.io/role", "x".repeat(63), "-a", "a-", "a/b/c",
                "Upper.io/x", "a..b", "a" + "b".repeat(63), "_x", "example.com/" + "y".repeat(64));
    }

    static Stream<String> values() {
        return Stream.of("", "v", "a-b_c.d", "x".repeat(63), "x".repeat(64), "-a", "a-", "a b", "é");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void keySyntaxAgreesWithTheSchema(String key) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("labels").put(key, "v");
        boolean schemaAccepts = JsonSchemas.load().validate("rest/endpoint-update", body).isEmpty();

        assertThat(LabelSelector.KEY.matcher(key).matches()).isEqualTo(schemaAccepts);
    }

    @ParameterizedTest
    @MethodSource("values")
    void valueSyntaxAgreesWithTheSchema(String value) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("labels").put("k", value);
        boolean schemaAccepts = JsonSchemas.load().validate("rest/endpoint-update", body).isEmpty();

        assertThat(LabelSelector.VALUE.matcher(value).matches()).isEqualTo(schemaAccepts);
    }
}
