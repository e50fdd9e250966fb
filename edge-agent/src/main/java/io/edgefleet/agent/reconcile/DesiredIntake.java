package io.edgefleet.agent.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.desired.DesiredDocument;
import io.edgefleet.agent.desired.DesiredParser;
import io.edgefleet.agent.payload.Json;
import io.edgefleet.agent.store.DesiredStore;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to do with a desired document: ignore it (not newer than what the agent holds), refuse it (with the
 * reason), or accept it, in which case it is stored on disk before anything acts on it.
 */
final class DesiredIntake {

    private static final Logger LOG = LoggerFactory.getLogger(DesiredIntake.class);

    private final DesiredParser parser;
    private final DesiredStore store;

    DesiredIntake(DesiredParser parser, DesiredStore store) {
        this.parser = parser;
        this.store = store;
    }

    /** The outcome of a received document. */
    sealed interface Result permits Ignored, Accepted, Refused {
    }

    /** Not newer than the document the agent holds (e.g. the retained one, again after a reconnect). */
    record Ignored() implements Result {
    }

    /** Stored and to be applied. */
    record Accepted(DesiredDocument document) implements Result {
    }

    /** Not applicable; nothing changes. */
    record Refused(DesiredParser.Refused refusal) implements Result {
    }

    /** The document stored by an earlier run, if it is still acceptable. */
    Optional<DesiredDocument> loadStored() {
        try {
            Optional<JsonNode> stored = store.load();
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            DesiredParser.Outcome outcome = parser.parse(stored.get());
            if (outcome instanceof DesiredParser.Accepted accepted) {
                LOG.info("reconciling from the stored desired generation {} ({} apps)",
                        accepted.document().generation(), accepted.document().apps().size());
                return Optional.of(accepted.document());
            }
            LOG.warn("ignoring the stored desired document {}: {}", store.file(),
                    ((DesiredParser.Refused) outcome).reason());
        } catch (IOException e) {
            LOG.error("cannot read the stored desired document {}: {}", store.file(), e.toString());
        }
        return Optional.empty();
    }

    /**
     * @param heldGeneration    the generation of the document the agent applies, 0 for none
     * @param refusedGeneration the generation of the last refused document, 0 for none
     */
    Result receive(byte[] payload, long heldGeneration, long refusedGeneration) {
        Long generation = null;
        try {
            generation = DesiredParser.generation(Json.mapper().readTree(payload));
        } catch (IOException notJson) {
            // the parser words the refusal
        }
        if (generation != null && (generation <= heldGeneration || generation == refusedGeneration)) {
            LOG.debug("ignoring desired generation {}: the agent holds generation {}", generation, heldGeneration);
            return new Ignored();
        }
        DesiredParser.Outcome outcome = parser.parse(payload);
        if (outcome instanceof DesiredParser.Refused refused) {
            LOG.error("refused desired generation {}: {}; the running apps stay as they are",
                    generation == null ? "(unreadable)" : generation, refused.reason());
            return new Refused(refused);
        }
        DesiredDocument document = ((DesiredParser.Accepted) outcome).document();
        try {
            store.save(document.json());
        } catch (IOException e) {
            // applying it still beats ignoring the platform; only a restart without broker would fall back
            LOG.error("cannot store desired generation {} in {}: {}; applying it anyway", document.generation(),
                    store.file(), e.toString());
        }
        LOG.info("accepted desired generation {} with apps {}", document.generation(),
                document.apps().stream().map(app -> app.name() + (app.isValid() ? "" : " (invalid)")).toList());
        document.apps().stream().filter(app -> !app.isValid()).forEach(app -> LOG.warn(
                "app {} of desired generation {} is not applied, its container stays as it is: {}", app.name(),
                document.generation(), app.problem()));
        return new Accepted(document);
    }
}
