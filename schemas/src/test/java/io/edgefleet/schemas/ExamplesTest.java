package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.edgefleet.schemas.JsonSchemas.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The guard that keeps payloads and schemas honest: every example under {@code examples/} is validated
 * against its schema. A valid example that stops passing means a schema got stricter; an invalid example
 * that passes, or fails at another field than {@code expected-violations.properties} says, means a
 * schema got looser or the example is wrong.
 */
class ExamplesTest {

    private static final Pattern EXAMPLE = Pattern.compile("(.+)\\.(valid(?:-[a-z0-9-]+)?|invalid-[a-z0-9-]+)\\.json");
    // holds only $defs that other schemas refer to; nothing validates against it directly
    private static final Set<String> DEFINITIONS_ONLY = Set.of("common");

    private final JsonSchemas schemas = JsonSchemas.load();

    @TestFactory
    Stream<DynamicTest> validExamplesHaveNoViolations() {
        return examples().filter(example -> example.valid)
                .map(example -> dynamicTest(example.file, () ->
                        assertThat(schemas.validate(example.schema, ContractFiles.read(example.path)))
                                .as("violations of %s", example.file)
                                .isEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesFailExactlyAtTheExpectedField() {
        Properties expected = expectedViolations();
        return examples().filter(example -> !example.valid)
                .map(example -> dynamicTest(example.file, () -> {
                    String field = expected.getProperty(example.file);
                    assertThat(field).as("expected field of %s in expected-violations.properties", example.file).isNotNull();
                    List<Violation> violations = schemas.validate(example.schema, ContractFiles.read(example.path));
                    assertThat(violations).as("violations of %s", example.file).isNotEmpty();
                    assertThat(violations).extracting(Violation::field).as("fields of %s: %s", example.file, violations)
                            .containsOnly(field);
                }));
    }

    @Test
    @DisplayName("every schema has a valid and an invalid example, and every example names a known schema")
    void everySchemaHasExamples() {
        Set<String> withValid = new TreeSet<>();
        Set<String> withInvalid = new TreeSet<>();
        examples().forEach(example -> (example.valid ? withValid : withInvalid).add(example.schema));
        Set<String> needed = new TreeSet<>(schemas.names());
        needed.removeAll(DEFINITIONS_ONLY);

        assertThat(withValid).as("schemas with a valid example").isEqualTo(needed);
        assertThat(withInvalid).as("schemas with an invalid example").isEqualTo(needed);
    }

    @Test
    void everyFileUnderExamplesFollowsTheNamingRule() {
        Path dir = ContractFiles.examplesDir();
        assertThat(ContractFiles.filesUnder(dir, ""))
                .extracting(file -> ContractFiles.slashes(dir.relativize(file)))
                .allSatisfy(name -> assertThat(name).matches(EXAMPLE));
    }

    @Test
    void expectedViolationsListNoExampleThatIsGone() {
        Set<String> invalidFiles = examples().filter(example -> !example.valid)
                .map(example -> example.file).collect(Collectors.toSet());
        assertThat(expectedViolations().stringPropertyNames()).isSubsetOf(invalidFiles);
    }

    private Stream<Example> examples() {
        Path dir = ContractFiles.examplesDir();
        return ContractFiles.filesUnder(dir, ".json").stream().map(path -> {
            String file = ContractFiles.slashes(dir.relativize(path));
            Matcher name = EXAMPLE.matcher(file);
            assertThat(name.matches()).as("example file name %s", file).isTrue();
            assertThat(schemas.names()).as("schema of example %s", file).contains(name.group(1));
            return new Example(file, path, name.group(1), name.group(2).startsWith("valid"));
        });
    }

    private static Properties expectedViolations() {
        Properties expected = new Properties();
        try (InputStream in = ExamplesTest.class.getResourceAsStream("/expected-violations.properties")) {
            assertThat(in).as("expected-violations.properties").isNotNull();
            expected.load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return expected;
    }

    private record Example(String file, Path path, String schema, boolean valid) {}
}
