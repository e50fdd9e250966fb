package io.edgefleet.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.desired.AppSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The agent's port to the container engine on its machine. Everything the agent does with containers goes
 * through this interface, so the engine (Docker today) stays behind one seam.
 *
 * <p>Every method blocks on the engine and may take seconds (a pull, minutes): call them only from the agent's
 * own threads, never from MQTT or engine callback threads. Failures throw {@link RuntimeFailure} with a
 * {@link RuntimeFailure.Kind} and a message fit for an operator; {@link #engineVersion()} is the exception, it
 * answers "unreachable" with an empty result. Methods that take {@code idOrName} accept a full or short container
 * id or a name (without the leading '/').
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The engine's server version, e.g. {@code 20.10.24}; empty when the engine cannot be reached now. */
    Optional<String> engineVersion();

    /** Every container on the engine, running or not, managed by edgefleet or not. */
    List<ContainerInfo> list();

    /** The container, or empty when the engine has none by that id or name. */
    Optional<ContainerInfo> find(String idOrName);

    /**
     * The engine's full inspect document of the container (what {@code docker inspect} prints for it).
     *
     * @throws RuntimeFailure NOT_FOUND when there is no such container
     */
    JsonNode inspect(String idOrName);

    /**
     * Creates (does not start) a container named {@code containerName} applying every field of {@code spec}. A
     * missing user network or named volume the spec uses is created first. The image must be present
     * ({@link #pull}).
     *
     * @param labels labels added to the spec's own (edgefleet's {@link ManagedLabels}); they win on a clash
     * @return the new container's id
     * @throws RuntimeFailure CONFLICT when the name is taken, NOT_FOUND when the image is missing, INVALID when the
     *                        engine refuses a parameter
     */
    String create(String containerName, AppSpec spec, Map<String, String> labels);

    /** Starts the container; starting a running one is no error. */
    void start(String idOrName);

    /** Stops it: SIGTERM (or the image's stop signal), then SIGKILL after {@code timeoutSeconds}. */
    void stop(String idOrName, int timeoutSeconds);

    /**
     * Sends a signal to the container's main process.
     *
     * @param signal a name ({@code SIGKILL}, {@code KILL}, {@code SIGHUP}) or number ({@code 9})
     * @throws RuntimeFailure INVALID for an unknown signal, CONFLICT when the container is not running
     */
    void kill(String idOrName, String signal);

    /** Stops (with {@code timeoutSeconds}) and starts it again. */
    void restart(String idOrName, int timeoutSeconds);

    /** Freezes every process of the container. */
    void pause(String idOrName);

    /** Thaws a paused container. */
    void unpause(String idOrName);

    /**
     * Removes the container.
     *
     * @param force          also when it runs (it is killed first)
     * @param removeVolumes  also its anonymous volumes (named volumes stay)
     */
    void remove(String idOrName, boolean force, boolean removeVolumes);

    /** Gives the container a new name. */
    void rename(String idOrName, String newName);

    /**
     * The container's last log lines, stdout and stderr interleaved as the engine stored them.
     *
     * @param tail       how many lines at most, from the end
     * @param since      only lines written at or after this instant; {@code null} = no lower bound
     * @param timestamps prefix each line with the engine's RFC 3339 timestamp
     */
    List<String> logs(String idOrName, int tail, Instant since, boolean timestamps);

    /**
     * Follows the container's log (stdout and stderr, with the engine's timestamps) from {@code since} until the
     * container stops or the returned handle is closed; returns at once.
     *
     * @param since only lines written at or after this instant; {@code null} = the whole stored log
     * @param sink  receives each line on the engine client's thread, then {@link LogSink#ended} once
     */
    AutoCloseable followLogs(String idOrName, Instant since, LogSink sink);

    /**
     * The engine's resource statistics of a running container, read once without waiting for a second CPU reading
     * (what {@code GET /containers/{id}/stats?stream=false&one-shot=true} answers: cpu_stats, memory_stats, networks,
     * blkio_stats; engines before API 1.41 ignore one-shot, take about a second and fill precpu_stats too).
     *
     * @throws RuntimeFailure NOT_FOUND when there is no such container
     */
    JsonNode stats(String idOrName);

    /** Whether the engine holds the image (by reference or id). */
    boolean imagePresent(String image);

    /**
     * Pulls the image, logging in with {@code credential} when given.
     *
     * @throws RuntimeFailure PULL_FAILED with the registry's reason (e.g. {@code unauthorized: authentication
     *                        required}), NO_SPACE when the engine's disk is full
     */
    void pull(String image, Optional<RegistryCredential> credential);

    /**
     * Free bytes on the file system of the engine's data root ({@code DockerRootDir}), where images land. An agent
     * that runs in a container and does not see the data root reads its own root file system instead: the
     * container's overlay lives on the data root's file system, so the number is the same.
     */
    long freeBytesForImages();

    /**
     * Follows the engine's container events until the returned handle is closed. The stream reconnects by itself
     * when it breaks and then delivers a {@link RuntimeEvent#RESYNC} event (events may have been lost).
     *
     * @param listener called on the engine client's thread: it must only hand the event over (enqueue), never
     *                 call back into this runtime
     */
    AutoCloseable events(Consumer<RuntimeEvent> listener);

    /** Releases the connection to the engine and stops every event stream. */
    @Override
    void close();
}
