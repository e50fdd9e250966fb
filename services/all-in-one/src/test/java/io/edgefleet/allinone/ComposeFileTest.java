package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and the .env.example that documents it stay in step. */
class ComposeFileTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?])?([^}]*)}");

    @Test
    void everyVariableOfTheComposeFileIsDocumentedInTheEnvExample() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher reference = REFERENCE.matcher(compose());
        while (reference.find()) {
            used.add(reference.group(1));
        }
        assertThat(used).hasSizeGreaterThan(20);
        assertThat(envExample().keySet()).containsAll(used);
        assertThat(used).containsAll(envExample().keySet());
    }

    @Test
    void requiredSecretsHaveNoValueInTheExampleSoThatACopyFailsUntilFilledIn() throws IOException {
        Set<String> requiredSecrets = new TreeSet<>();
        Matcher reference = REFERENCE.matcher(compose());
        while (reference.find()) {
            if (":?".equals(reference.group(2)) && reference.group(1).matches(".*(PASSWORD|SECRET|TOKEN|KEY).*")) {
                requiredSecrets.add(reference.group(1));
            }
        }
        assertThat(requiredSecrets).contains("EDGEFLEET_DB_PASSWORD", "EDGEFLEET_INTERNAL_TOKEN",
                "EDGEFLEET_JWT_PRIVATE_KEY_PEM", "EDGEFLEET_SECRET_KEY", "EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD",
                "EDGEFLEET_MQTT_SECRET_GATEWAY");
        Map<String, String> example = envExample();
        requiredSecrets.forEach(name -> assertThat(example.get(name)).as(name).isEmpty());
    }

    @Test
    void theDefaultImageVersionIsTheProjectsVersion() throws IOException {
        Matcher pom = Pattern.compile("(?m)^  <version>([^<]+)</version>$").matcher(Files.readString(REPO.resolve("pom.xml")));
        assertThat(pom.find()).isTrue();
        String version = pom.group(1);
        Matcher reference = REFERENCE.matcher(compose());
        int defaults = 0;
        while (reference.find()) {
            if (reference.group(1).equals("EDGEFLEET_VERSION")) {
                assertThat(reference.group(3)).isEqualTo(version);
                defaults++;
            }
        }
        assertThat(defaults).as("seven images and the agent image of the run commands").isEqualTo(8);
        assertThat(envExample()).containsEntry("EDGEFLEET_VERSION", version);
    }

    /** The file without its comment lines, which name variables in prose. */
    private static String compose() throws IOException {
        return Files.readAllLines(REPO.resolve("docker-compose.yml")).stream()
                .filter(line -> !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REPO.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
