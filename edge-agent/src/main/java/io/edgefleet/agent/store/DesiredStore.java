package io.edgefleet.agent.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.payload.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last desired document the agent accepted, {@code desired.json} in the data dir (mode 0600: it holds registry
 * passwords). It is written before the agent acts on a document, so that after a restart without a broker the agent
 * reconciles towards the same apps.
 *
 * <p>Blocking file I/O; used by the reconciler thread only.
 */
public final class DesiredStore {

    private static final Logger LOG = LoggerFactory.getLogger(DesiredStore.class);
    static final String FILE_NAME = "desired.json";

    private final Path file;

    public DesiredStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** Where the document lives. */
    public Path file() {
        return file;
    }

    /**
     * The stored document, empty when none was accepted yet. A file that is not JSON is moved aside (logged) so
     * that the next document can be stored.
     */
    public Optional<JsonNode> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(file.toFile()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("the stored desired document {} is not JSON ({}); moved it to {}", file,
                    e.getOriginalMessage(), aside);
            return Optional.empty();
        }
    }

    /** Stores {@code document} durably, replacing the previous one. */
    public void save(JsonNode document) throws IOException {
        PrivateFiles.write(file, Json.bytes(document));
    }
}
