package io.edgefleet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.schemas.hostile.HostileText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A config file, flag or environment value of any content (hostile text, broken escapes, binary bytes, a huge file)
 * ends in a valid configuration or a list of errors that each name the setting, key or file at fault; never an
 * exception that would stop the agent with a stack trace instead of a message.
 */
class AgentConfigHostileInputTest {

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("agent-config-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static Map<String, String> requiredEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEFLEET_BROKER_URL", "tcp://broker.local:1883");
        env.put("EDGEFLEET_TENANT", "default");
        env.put("EDGEFLEET_ENDPOINT_ID", "ep-abcdefghij23");
        env.put("EDGEFLEET_ENDPOINT_SECRET", "s3cr3t-Value_abcdefghijklmnopqrstuvwxyz012345");
        env.put("EDGEFLEET_DATA_DIR", dir.toString());
        return env;
    }

    @Provide
    Arbitrary<byte[]> configFiles() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(Arrays.stream(Setting.values()).map(Setting::key).toList()),
                HostileText.any().filter(s -> s.length() < 200));
        Arbitrary<String> line = Combinators.combine(keys, Arbitraries.of("=", ":", " ", "=\\u12", "=\\"), HostileText.any())
                .as((key, separator, value) -> key + separator + value);
        Arbitrary<byte[]> text = line.list().ofMaxSize(8).map(lines -> String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, text), net.jqwik.api.Tuple.of(1, binary));
    }

    @Provide
    Arbitrary<Map<String, String>> hostileEnvironments() {
        Arbitrary<String> names = Arbitraries.of(Arrays.stream(Setting.values()).map(Setting::env).toList());
        return Arbitraries.maps(names, HostileText.any()).ofMaxSize(4).map(hostile -> {
            Map<String, String> env = requiredEnv();
            env.putAll(hostile);
            return env;
        });
    }

    @Property
    void anyConfigFileEndsInAConfigurationOrErrorsNamingTheProblem(@ForAll("configFiles") byte[] content)
            throws IOException {
        Path file = Files.write(dir.resolve("agent.properties"), content);

        ConfigOutcome outcome = AgentConfig.parse(List.of("--config", file.toString()), Map.copyOf(requiredEnv()));

        assertNamesTheProblem(outcome, file.toString());
    }

    @Property
    void anyEnvironmentValueEndsInAConfigurationOrErrorsNamingTheSetting(
            @ForAll("hostileEnvironments") Map<String, String> env) {
        assertNamesTheProblem(AgentConfig.parse(List.of(), env), null);
    }

    @Property
    void anyFlagValueEndsInAConfigurationOrErrorsNamingTheFlag(@ForAll("hostileEnvironments") Map<String, String> values) {
        List<String> args = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String value = values.get(setting.env());
            if (value != null && !value.equals(requiredEnv().get(setting.env()))) {
                args.add(setting.flag() + "=" + value);
            }
        }
        assertNamesTheProblem(AgentConfig.parse(args, requiredEnv()), null);
    }

    private static void assertNamesTheProblem(ConfigOutcome outcome, String file) {
        assertThat(outcome).isNotNull();
        if (outcome instanceof ConfigOutcome.Invalid invalid) {
            assertThat(invalid.errors()).isNotEmpty().allSatisfy(error -> assertThat(
                    error.contains("--") || (file != null && error.contains(file))).as(error).isTrue());
        } else {
            assertThat(outcome).isInstanceOf(ConfigOutcome.Valid.class);
        }
    }
}
