package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.schemas.JsonSchemas.Violation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's container contracts: desired state, app spec, commands and replies. */
class ContainerContractsTest {

    // each argument and the command types that take it
    private static final Map<String, Set<String>> ARG_OWNERS = Map.of(
            "timeoutSeconds", Set.of("container.stop", "container.restart"),
            "signal", Set.of("container.kill"),
            "force", Set.of("container.remove"),
            "volumes", Set.of("container.remove"),
            "tail", Set.of("container.logs"),
            "since", Set.of("container.logs"),
            "timestamps", Set.of("container.logs"));
    private static final Map<String, Object> ARG_VALUES = Map.of(
            "timeoutSeconds", 5, "signal", "SIGTERM", "force", true, "volumes", true, "tail", 10,
            "since", "2025-06-01T08:00:00Z", "timestamps", true);

    private final JsonSchemas schemas = JsonSchemas.load();

    static Stream<Arguments> everyTypeWithEveryArgument() {
        List<Arguments> cases = new ArrayList<>();
        for (String type : commandTypes()) {
            for (String arg : ARG_OWNERS.keySet()) {
                cases.add(Arguments.of(type, arg));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyTypeWithEveryArgument")
    void aCommandTakesExactlyTheArgumentsOfItsType(String type, String arg) {
        ObjectNode command = command(type);
        command.putObject("args").putPOJO(arg, ARG_VALUES.get(arg));

        List<Violation> violations = schemas.validate("command", ContractFiles.JSON.valueToTree(command));

        if (ARG_OWNERS.get(arg).contains(type)) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).singleElement().satisfies(violation -> {
                assertThat(violation.field()).isEqualTo("/args/" + arg);
                assertThat(violation.message()).startsWith("only container.").contains(arg);
            });
        }
    }

    @Test
    void everyCommandTypeHasAValidExample() {
        Set<String> typesWithExample = new TreeSet<>();
        for (Path file : ContractFiles.filesUnder(ContractFiles.examplesDir(), ".json")) {
            if (file.getFileName().toString().startsWith("command.valid")) {
                typesWithExample.add(ContractFiles.read(file).path("type").asText());
            }
        }
        assertThat(typesWithExample).containsExactlyInAnyOrderElementsOf(commandTypes());
    }

    @Test
    void everyReplyStatusHasAValidExample() {
        Set<String> statuses = new TreeSet<>();
        for (Path file : ContractFiles.filesUnder(ContractFiles.examplesDir(), ".json")) {
            if (file.getFileName().toString().startsWith("reply.valid")) {
                statuses.add(ContractFiles.read(file).path("status").asText());
            }
        }
        Set<String> declared = new TreeSet<>();
        schema("reply").at("/properties/status/enum").forEach(status -> declared.add(status.asText()));
        assertThat(statuses).isEqualTo(declared);
    }

    @Test
    @DisplayName("the full app spec example sets every member the schema declares, down to volumes and ports")
    void fullAppSpecExampleUsesEveryField() {
        JsonNode schema = schema("app-spec");
        JsonNode example = ContractFiles.read(ContractFiles.examplesDir().resolve("app-spec.valid.json"));

        assertThat(names(example)).isEqualTo(names(schema.path("properties")));
        Set<String> volumeMembers = new TreeSet<>();
        example.path("volumes").forEach(volume -> volumeMembers.addAll(names(volume)));
        assertThat(volumeMembers).isEqualTo(names(schema.at("/$defs/volume/properties")));
        Set<String> portMembers = new TreeSet<>();
        example.path("ports").forEach(port -> portMembers.addAll(names(port)));
        assertThat(portMembers).isEqualTo(names(schema.at("/$defs/port/properties")));
        assertThat(names(example.path("healthcheck"))).isEqualTo(names(schema.at("/$defs/healthcheck/properties")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "busybox:1.36", "edgefleet-test/busybox:1", "127.0.0.1:5000/edgefleet-test/busybox:2",
            "localhost:5000/a/b/c:tag", "ghcr.io/owner/repo:v1.2.3-rc.1", "registry.example.com/team/app_name__x:latest",
            "Reg.Example.com/lower/case", "library/nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void realImageReferencesAreAccepted(String image) {
        assertThat(schemas.validate("app-spec", spec(image))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "busybox:", ":1", "busy box", "https://reg.example/app", "reg.example/app/",
            "app:-1", "app@sha256:123", "-app"})
    void malformedImageReferencesAreRefusedAtTheImage(String image) {
        assertThat(schemas.validate("app-spec", spec(image))).extracting(Violation::field).containsOnly("/image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIGKILL", "SIGTERM", "HUP", "SIGRTMIN+3", "9", "15"})
    void signalsByNameOrNumberAreAccepted(String signal) {
        ObjectNode command = command("container.kill");
        command.putObject("args").put("signal", signal);
        assertThat(schemas.validate("command", command)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sigkill", "0", "-9", "100", "SIG KILL"})
    void malformedSignalsAreRefused(String signal) {
        ObjectNode command = command("container.kill");
        command.putObject("args").put("signal", signal);
        assertThat(schemas.validate("command", command)).extracting(Violation::field).containsOnly("/args/signal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.edgefleet.app", "io.edgefleet.managed", "io.edgefleet."})
    void reservedLabelKeysAreRefusedWithTheReason(String key) {
        ObjectNode spec = spec("busybox");
        spec.putObject("labels").put(key, "x");
        assertThat(schemas.validate("app-spec", spec)).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("/labels/" + key);
            assertThat(violation.message()).contains("reserved");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.edgefleet", "com.example.io.edgefleet.x", "edgefleet.io/tier"})
    void labelKeysMerelyResemblingTheReservedPrefixAreAccepted(String key) {
        ObjectNode spec = spec("busybox");
        spec.putObject("labels").put(key, "x");
        assertThat(schemas.validate("app-spec", spec)).isEmpty();
    }

    @Test
    void aCustomErrorMessageReachesTheCallerVerbatim() {
        ObjectNode spec = spec("busybox");
        spec.putObject("restartPolicy").put("name", "always").put("maximumRetryCount", 3);

        assertThat(schemas.validate("app-spec", spec)).containsExactly(
                new Violation("/restartPolicy/maximumRetryCount", "only the on-failure policy takes maximumRetryCount"));
    }

    @Test
    @DisplayName("custom error messages hold no colon, quote or brace, which the validator's formatting would mangle")
    void customErrorMessagesSurviveFormatting() {
        List<String> messages = new ArrayList<>();
        for (Path file : ContractFiles.filesUnder(ContractFiles.jsonDir(), ContractFiles.SCHEMA_SUFFIX)) {
            collectMessageObjects(ContractFiles.read(file), messages);
        }
        assertThat(messages).hasSizeGreaterThan(20).allSatisfy(message -> assertThat(message).doesNotContainPattern("[:'{}]"));
    }

    private static void collectMessageObjects(JsonNode node, List<String> messages) {
        if (node.isObject()) {
            node.properties().forEach(member -> {
                if (member.getKey().equals("errorMessage") && member.getValue().isObject()) {
                    member.getValue().forEach(text -> messages.add(text.asText()));
                } else {
                    collectMessageObjects(member.getValue(), messages);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectMessageObjects(item, messages));
        }
    }

    private static List<String> commandTypes() {
        List<String> types = new ArrayList<>();
        schema("command").at("/properties/type/enum").forEach(type -> types.add(type.asText()));
        return types;
    }

    private static JsonNode schema(String name) {
        return ContractFiles.read(ContractFiles.jsonDir().resolve(name + ContractFiles.SCHEMA_SUFFIX));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode spec(String image) {
        return ContractFiles.JSON.createObjectNode().put("image", image);
    }

    private static ObjectNode command(String type) {
        ObjectNode command = ContractFiles.JSON.createObjectNode()
                .put("id", "c-1")
                .put("type", type);
        command.putObject("target").put("container", "vision-inspector");
        return command.put("issuedAt", "2025-06-01T08:15:30Z")
                .put("expiresAt", "2025-06-01T08:20:30Z")
                .put("issuedBy", "user:alice@example.com");
    }
}
