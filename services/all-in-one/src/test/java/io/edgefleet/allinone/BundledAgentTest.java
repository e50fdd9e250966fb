package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledAgentTest {

    @Test
    void theBuildBundlesTheAgentsFatJarAndStartUpWritesItToTheHome(@TempDir Path home) throws Exception {
        assertThat(getClass().getClassLoader().getResource(BundledAgent.RESOURCE))
                .as("the build copies edge-agent/target/edgefleet-agent.jar into the all-in-one: build edge-agent first")
                .isNotNull();

        Optional<Path> jar = BundledAgent.extract(home);

        assertThat(jar).contains(home.resolve("agent/edgefleet-agent.jar"));
        try (JarFile agent = new JarFile(jar.get().toFile())) {
            assertThat(agent.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.edgefleet.agent.AgentMain");
        }
        // a second start replaces it and leaves nothing else behind
        BundledAgent.extract(home);
        try (var files = Files.list(home.resolve("agent"))) {
            assertThat(files).containsExactly(home.resolve("agent/edgefleet-agent.jar"));
        }
    }
}
