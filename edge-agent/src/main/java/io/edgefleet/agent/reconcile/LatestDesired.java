package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.desired.DesiredParser;
import io.edgefleet.agent.payload.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest desired document received and not yet taken by the reconciler. Desired state is versioned, not a queue
 * of changes: after a partition the broker hands over every generation the session queued at once, and applying each
 * in turn would replace the containers once per generation. A document waiting here is superseded by a newer one
 * (by generation); one whose generation cannot be read replaces whatever waits, so that its refusal is still
 * reported. Thread-safe: the MQTT client's threads offer, the reconciler thread takes.
 */
final class LatestDesired {

    private static final Logger LOG = LoggerFactory.getLogger(LatestDesired.class);

    private record Pending(Long generation, byte[] payload) {
    }

    private final AtomicReference<Pending> pending = new AtomicReference<>();

    void offer(byte[] payload) {
        Pending received = new Pending(generationOf(payload), payload);
        Pending before = pending.getAndAccumulate(received, LatestDesired::newer);
        if (before != null && before.generation() != null && received.generation() != null) {
            LOG.info("desired generation {} superseded by generation {} before it was applied",
                    Math.min(before.generation(), received.generation()),
                    Math.max(before.generation(), received.generation()));
        }
    }

    /** The document to apply next, if one waits. */
    Optional<byte[]> take() {
        return Optional.ofNullable(pending.getAndSet(null)).map(Pending::payload);
    }

    private static Pending newer(Pending waiting, Pending received) {
        if (waiting == null || waiting.generation() == null || received.generation() == null) {
            return received;
        }
        return received.generation() >= waiting.generation() ? received : waiting;
    }

    private static Long generationOf(byte[] payload) {
        try {
            return DesiredParser.generation(Json.mapper().readTree(payload));
        } catch (IOException | RuntimeException unreadable) {
            return null; // the intake words the refusal
        }
    }
}
