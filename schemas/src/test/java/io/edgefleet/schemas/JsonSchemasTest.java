package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.schemas.JsonSchemas.Violation;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSchemasTest {

    private final JsonSchemas schemas = JsonSchemas.load();

    @Test
    void loadReturnsOneSharedInstance() {
        assertThat(JsonSchemas.load()).isSameAs(schemas);
    }

    @Test
    void unknownSchemaNameIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> schemas.validate("hearbeat", json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hearbeat'")
                .hasMessageContaining("heartbeat");
    }

    @Test
    void validPayloadHasNoViolations() {
        assertThat(schemas.validate("heartbeat", json("{\"seq\":0,\"at\":\"2025-06-01T08:15:30Z\",\"intervalSeconds\":30}")))
                .isEmpty();
    }

    @Test
    void violationInsideANestedObjectPointsAtTheNestedField() {
        ObjectNode state = (ObjectNode) example("state.valid.json");
        ((ObjectNode) state.get("facts")).put("cpuCores", 0);

        assertThat(schemas.validate("state", state))
                .containsExactly(new Violation("/facts/cpuCores", "must have a minimum value of 1"));
    }

    @Test
    void violationInsideArraysCarriesTheIndexes() {
        ObjectNode state = (ObjectNode) example("state.valid.json");
        ((ObjectNode) state.at("/containers/0/ports/1")).put("containerPort", 0);

        assertThat(schemas.validate("state", state))
                .extracting(Violation::field).containsExactly("/containers/0/ports/1/containerPort");
    }

    @Test
    void badLabelKeyPointsAtTheKeyItself() {
        List<Violation> violations = schemas.validate("rest/endpoint-create",
                json("{\"name\":\"press-line3\",\"labels\":{\"site\":\"qingdao\",\"bad key\":\"x\"}}"));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("/labels/bad key");
            assertThat(violation.message()).contains("'bad key'");
        });
    }

    @Test
    void slashAndTildeInAKeyAreEscapedInThePointer() {
        List<Violation> violations = schemas.validate("rest/endpoint-create",
                json("{\"name\":\"press-line3\",\"labels\":{\"Example.com/line\":\"a\",\"a~b\":\"c\"}}"));

        assertThat(violations).extracting(Violation::field).containsExactly("/labels/Example.com~1line", "/labels/a~0b");
    }

    @Test
    void missingAndUnknownMembersPointAtTheMember() {
        List<Violation> violations = schemas.validate("rest/endpoint-create", json("{\"id\":\"ep-k3v7q2mxa4td\"}"));

        assertThat(violations).extracting(Violation::field).containsExactly("/id", "/name");
        assertThat(violations.get(1).message()).isEqualTo("required property 'name' not found");
    }

    @Test
    void violationOfTheWholePayloadPointsAtTheRoot() {
        assertThat(schemas.validate("rest/endpoint-update", json("{}")))
                .extracting(Violation::field).containsExactly("");
        assertThat(schemas.validate("heartbeat", json("[]")))
                .extracting(Violation::field).containsExactly("");
    }

    @Test
    void messagesAreReadableWithoutTheValidatorsPathPrefix() {
        List<Violation> violations = schemas.validate("rest/endpoint-create",
                json("{\"name\":\"" + "n".repeat(64) + "\",\"description\":\"" + "d".repeat(1025) + "\"}"));

        assertThat(violations).contains(
                new Violation("/name", "must be at most 63 characters long"),
                new Violation("/description", "must be at most 1,024 characters long"));
        assertThat(violations).extracting(Violation::message).noneMatch(message -> message.startsWith("$"));
    }

    @Test
    void formatsAreAsserted() {
        List<Violation> violations = schemas.validate("heartbeat",
                json("{\"seq\":0,\"at\":\"2025-06-01 08:15\",\"intervalSeconds\":30}"));

        assertThat(violations).extracting(Violation::field).containsExactly("/at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"site", "a", "line_3", "edgefleet.io/tier", "a.b-c/D.e_f", "x1-2.3/y", "9"})
    void kubernetesStyleLabelKeysAreAccepted(String key) {
        assertThat(schemas.validate("rest/endpoint-create", labels(key))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-site", "site-", "bad key", "Edgefleet.io/tier", "edgefleet..io/tier", "/tier",
            "edgefleet.io/", "a/b/c", "-edgefleet.io/tier", "edgefleet.io-/tier", "ti(er)"})
    void malformedLabelKeysAreRefused(String key) {
        assertThat(schemas.validate("rest/endpoint-create", labels(key)))
                .extracting(Violation::field).containsOnly("/labels/" + key.replace("~", "~0").replace("/", "~1"));
    }

    @Test
    void concurrentValidationsGiveTheSameAnswers() throws Exception {
        JsonNode bad = example("rest/endpoint-create.invalid-label-key-with-space.json");
        JsonNode good = example("state.valid.json");
        List<Violation> expected = schemas.validate("rest/endpoint-create", bad);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 400)
                    .mapToObj(i -> pool.submit(() -> i % 2 == 0
                            ? schemas.validate("rest/endpoint-create", bad).equals(expected)
                            : schemas.validate("state", good).isEmpty()))
                    .toList();
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ObjectNode labels(String key) {
        ObjectNode body = ContractFiles.JSON.createObjectNode().put("name", "press-line3");
        body.putObject("labels").put(key, "v");
        return body;
    }

    private static JsonNode example(String file) {
        return ContractFiles.read(ContractFiles.examplesDir().resolve(file));
    }

    private static JsonNode json(String text) {
        try {
            return ContractFiles.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
