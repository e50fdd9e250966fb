package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.registry.testing.ContractExamples;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RunCommandsTest {

    private static final String SECRET = "qwwB-I7K2Mq567C9uidHO0sVIcY24MGHzNEfH8Tlmc8";
    private static final Pattern FLAG = Pattern.compile("--([a-z-]+) (\\S+)");
    private final RunCommands commands = RunCommands.of("ssl://broker.example:8883", "https://edgefleet.example.com",
            "edgefleet/agent:0.1.0", "acme", "ep-k3v7q2mxa4td", SECRET);

    @Test
    void installCommandPipesTheGatewaysScriptIntoRootsShell() {
        assertThat(commands.install()).startsWith(
                "curl -fsSL https://edgefleet.example.com/agent/install.sh | sudo sh -s -- ");
        assertThat(flags(commands.install())).containsEntry("gateway", "https://edgefleet.example.com");
    }

    @Test
    void installCommandGivesTheScriptTheSameSettingsAsTheJarCommand() {
        Map<String, String> jar = flags(commands.jar());
        Map<String, String> install = flags(commands.install());

        assertThat(jar).containsOnlyKeys("broker-url", "tenant", "endpoint-id", "secret");
        // install.sh names its options for the user, the agent its flags for its own settings table
        assertThat(install).containsEntry("broker", jar.get("broker-url")).containsEntry("tenant", jar.get("tenant"))
                .containsEntry("endpoint", jar.get("endpoint-id")).containsEntry("secret", SECRET)
                .containsOnlyKeys("gateway", "broker", "tenant", "endpoint", "secret");
    }

    @Test
    void dockerCommandCarriesTheSameSettingsAsVariables() {
        assertThat(commands.docker()).contains(" -e EDGEFLEET_BROKER_URL=ssl://broker.example:8883 ",
                " -e EDGEFLEET_TENANT=acme ", " -e EDGEFLEET_ENDPOINT_ID=ep-k3v7q2mxa4td ",
                " -e EDGEFLEET_ENDPOINT_SECRET=" + SECRET + " ").endsWith(" edgefleet/agent:0.1.0");
    }

    @Test
    void toStringHidesTheSecretAndJsonHasTheThreeCommands() {
        assertThat(commands.toString()).doesNotContain(SECRET);
        assertThat(commands.toJson().properties()).extracting(e -> e.getKey()).containsExactly("jar", "docker", "install");
        assertThat(commands.toJson().path("install").asText()).isEqualTo(commands.install());
    }

    @Test
    void theContractsExampleIsWhatTheRegistryAnswers() {
        JsonNode example = ContractExamples.rest("credential.valid").get("credential.valid.json");
        RunCommands answered = RunCommands.of("tcp://broker.example:1883", "http://gateway.example:8080",
                "edgefleet/agent:0.1.0", "default", example.path("endpointId").asText(), example.path("secret").asText());

        assertThat(example.path("runCommands")).isEqualTo(answered.toJson());
    }

    private static Map<String, String> flags(String command) {
        Matcher matcher = FLAG.matcher(command);
        return matcher.results().collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
    }
}
