package io.edgefleet.allinone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's fat jar the all-in-one jar carries as the resource {@value #RESOURCE} (the build puts it there), so
 * that its gateway serves the agent with no set-up. The gateway serves files, so the jar is written out to the home
 * directory at each start: a jar of the running version is what edge machines download.
 */
final class BundledAgent {

    static final String RESOURCE = "agent/edgefleet-agent.jar";
    private static final Logger LOG = LoggerFactory.getLogger(BundledAgent.class);

    private BundledAgent() {
    }

    /** @return the extracted jar, or empty when this build carries none (a run from an IDE's class folders) */
    static Optional<Path> extract(Path home) throws IOException {
        try (InputStream in = BundledAgent.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.warn("this build carries no {}: the gateway will not serve the agent jar (set EDGEFLEET_AGENT_JAR)",
                        RESOURCE);
                return Optional.empty();
            }
            Path dir = Files.createDirectories(home.resolve("agent"));
            Path jar = dir.resolve("edgefleet-agent.jar");
            // written beside and renamed, so a download under way never sees half a jar
            Path partial = Files.createTempFile(dir, "edgefleet-agent", ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return Optional.of(jar);
        }
    }
}
