package io.edgefleet.agent.runtime;

import java.util.Optional;

/**
 * The agent's port to the container engine on its machine. Everything the agent does with containers goes
 * through this interface, so the engine (Docker today) stays behind one seam that grows with the agent's needs.
 *
 * <p>Implementations block on the engine and may take seconds; callers run them on the agent's own thread. They
 * never throw for an unreachable engine where the answer can express it (as {@link #engineVersion()} does).
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The engine's server version, e.g. {@code 20.10.24}; empty when the engine cannot be reached now. */
    Optional<String> engineVersion();

    /** Releases the connection to the engine. */
    @Override
    void close();
}
