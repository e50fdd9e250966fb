package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The JSON Schema files themselves: well-formed, consistently identified, closed and documented. */
class SchemaFilesTest {

    private static final JsonSchema META_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SchemaId.V202012));
    // applicators whose "properties" describe a condition, not a payload's members
    private static final Set<String> CONDITIONS = Set.of("if", "else", "not");

    @Test
    void indexListsExactlyTheSchemaFilesAndAllOfThemCompile() throws IOException {
        List<String> files = schemaFiles().stream().map(ContractFiles::schemaName).sorted().toList();
        List<String> index = Files.readAllLines(ContractFiles.jsonDir().resolve("index.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).sorted().toList();

        assertThat(index).as("json/index.txt").isEqualTo(files);
        assertThat(JsonSchemas.load().names()).containsExactlyInAnyOrderElementsOf(files);
    }

    @TestFactory
    Stream<DynamicTest> everySchemaIsValidDraft202012() {
        return perSchema((name, schema) -> {
            assertThat(schema.path("$schema").asText()).isEqualTo(SchemaId.V202012);
            assertThat(META_SCHEMA.validate(schema)).as("meta-schema violations of %s", name).isEmpty();
        });
    }

    @TestFactory
    Stream<DynamicTest> everySchemaIdIsItsPathUnderTheEdgefleetPrefix() {
        return perSchema((name, schema) -> assertThat(schema.path("$id").asText())
                .isEqualTo(JsonSchemas.ID_PREFIX + name + ContractFiles.SCHEMA_SUFFIX));
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceResolvesToAnExistingFileAndFragment() {
        return schemaFiles().stream().map(file -> dynamicTest(ContractFiles.schemaName(file), () -> {
            for (ContractFiles.Ref ref : ContractFiles.find(ContractFiles.read(file), "$ref")) {
                assertThat(ref.value()).as("reference at %s", ref.location()).doesNotStartWith("http");
                ContractFiles.resolve(file, ref.value());
            }
        }));
    }

    @TestFactory
    @DisplayName("every object with properties refuses unknown members")
    Stream<DynamicTest> everyObjectIsClosed() {
        return perSchema((name, schema) -> objectSchemas(schema, "").forEach((location, node) -> {
            boolean closed = node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean();
            assertThat(closed).as("%s%s has additionalProperties: false", name, location).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySchemaAndEveryMemberHasADescription() {
        return perSchema((name, schema) -> {
            assertThat(schema.path("description").asText()).as("description of %s", name).isNotBlank();
            objectSchemas(schema, "").forEach((location, node) -> node.path("properties").properties().forEach(member ->
                    assertThat(member.getValue().path("description").asText())
                            .as("description of %s%s/properties/%s", name, location, member.getKey())
                            .isNotBlank()));
        });
    }

    @Test
    @DisplayName("schemas that repeat another's members repeat them verbatim")
    void derivedSchemasRepeatTheirBase() {
        assertRepeats("events/endpoint.updated", "events/endpoint.registered", "changed");
        assertRepeats("rest/endpoint-created", "rest/endpoint", "secret", "runCommands");
        assertRepeats("rest/integration-key-created", "rest/integration-key", "secret");
        assertRepeats("cloudevent", "platform-cloudevent", "tenant");
        assertRepeats("rest/audit-entry", "events/audit.recorded", "id", "source", "recordedAt");
    }

    private static void assertRepeats(String derived, String base, String... added) {
        ObjectNode derivedProperties = read(derived).path("properties").deepCopy();
        derivedProperties.remove(List.of(added));
        assertThat(derivedProperties).as("members of %s without %s", derived, List.of(added))
                .isEqualTo(read(base).path("properties"));

        List<String> required = new ArrayList<>();
        read(derived).path("required").forEach(field -> required.add(field.asText()));
        required.removeAll(List.of(added));
        List<String> baseRequired = new ArrayList<>();
        read(base).path("required").forEach(field -> baseRequired.add(field.asText()));
        assertThat(required).as("required members of %s", derived).isEqualTo(baseRequired);
    }

    /** Every schema object that declares members of a payload object, by its location in the file. */
    private static Map<String, JsonNode> objectSchemas(JsonNode node, String location) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        if (node.isObject()) {
            if (node.has("properties")) {
                found.put(location, node);
            }
            node.properties().stream()
                    .filter(member -> !CONDITIONS.contains(member.getKey()))
                    .forEach(member -> found.putAll(objectSchemas(member.getValue(), location + "/" + member.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.putAll(objectSchemas(node.get(i), location + "/" + i));
            }
        }
        return found;
    }

    private static Stream<DynamicTest> perSchema(BiConsumer<String, JsonNode> check) {
        return schemaFiles().stream().map(file -> {
            String name = ContractFiles.schemaName(file);
            return dynamicTest(name, () -> check.accept(name, ContractFiles.read(file)));
        });
    }

    private static JsonNode read(String name) {
        return ContractFiles.read(ContractFiles.jsonDir().resolve(name + ContractFiles.SCHEMA_SUFFIX));
    }

    private static List<Path> schemaFiles() {
        List<Path> files = ContractFiles.filesUnder(ContractFiles.jsonDir(), ContractFiles.SCHEMA_SUFFIX);
        if (files.isEmpty()) {
            throw new UncheckedIOException(new IOException("no schema files under " + ContractFiles.jsonDir()));
        }
        return files;
    }
}
