package io.edgefleet.agent;

import io.edgefleet.agent.testing.DockerLeftovers;
import io.edgefleet.agent.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started {@link AgentRig} for every test, with the test images in place; afterwards the agent, the broker and
 * the run's containers are gone, and every payload the agent published must have matched its schema:
 * {@code @RegisterExtension final AgentPerTest agent = new AgentPerTest();}
 */
final class AgentPerTest implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean startAgent;
    private Path temp;
    private DockerLeftovers docker;
    private AgentRig rig;

    AgentPerTest() {
        this(true);
    }

    /** With {@code startAgent} false the test starts the agent itself ({@link AgentRig#startAgent(io.edgefleet.agent.config.AgentConfig)}). */
    AgentPerTest(boolean startAgent) {
        this.startAgent = startAgent;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestImages.ensure();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        temp = Files.createTempDirectory("edgefleet-agent-it-");
        docker = DockerLeftovers.newRun();
        rig = new AgentRig(temp, docker);
        if (startAgent) {
            rig.startAgent();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            rig.close();
            docker.close();
            rig.observer().assertAllPayloadsMatchTheirSchemas();
        } finally {
            deleteRecursively(temp);
        }
    }

    AgentRig rig() {
        return rig;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
