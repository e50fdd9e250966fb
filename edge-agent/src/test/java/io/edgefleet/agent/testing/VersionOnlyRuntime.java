package io.edgefleet.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.agent.desired.AppSpec;
import io.edgefleet.agent.runtime.ContainerInfo;
import io.edgefleet.agent.runtime.ContainerRuntime;
import io.edgefleet.agent.runtime.RegistryCredential;
import io.edgefleet.agent.runtime.RuntimeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A container runtime for tests that only need an engine version (facts, presence): implement
 * {@link #engineVersion()}; every container operation fails the test, since such a test must not reach one.
 */
public interface VersionOnlyRuntime extends ContainerRuntime {

    private static AssertionError unexpected(String operation) {
        return new AssertionError("this test's runtime only answers engineVersion(), yet " + operation
                + " was called");
    }

    @Override
    default List<ContainerInfo> list() {
        throw unexpected("list()");
    }

    @Override
    default Optional<ContainerInfo> find(String idOrName) {
        throw unexpected("find()");
    }

    @Override
    default JsonNode inspect(String idOrName) {
        throw unexpected("inspect()");
    }

    @Override
    default JsonNode stats(String idOrName) {
        throw unexpected("stats()");
    }

    @Override
    default AutoCloseable followLogs(String idOrName, Instant since, io.edgefleet.agent.runtime.LogSink sink) {
        throw unexpected("followLogs()");
    }

    @Override
    default String create(String containerName, AppSpec spec, Map<String, String> labels) {
        throw unexpected("create()");
    }

    @Override
    default void start(String idOrName) {
        throw unexpected("start()");
    }

    @Override
    default void stop(String idOrName, int timeoutSeconds) {
        throw unexpected("stop()");
    }

    @Override
    default void kill(String idOrName, String signal) {
        throw unexpected("kill()");
    }

    @Override
    default void restart(String idOrName, int timeoutSeconds) {
        throw unexpected("restart()");
    }

    @Override
    default void pause(String idOrName) {
        throw unexpected("pause()");
    }

    @Override
    default void unpause(String idOrName) {
        throw unexpected("unpause()");
    }

    @Override
    default void remove(String idOrName, boolean force, boolean removeVolumes) {
        throw unexpected("remove()");
    }

    @Override
    default void rename(String idOrName, String newName) {
        throw unexpected("rename()");
    }

    @Override
    default List<String> logs(String idOrName, int tail, Instant since, boolean timestamps) {
        throw unexpected("logs()");
    }

    @Override
    default boolean imagePresent(String image) {
        throw unexpected("imagePresent()");
    }

    @Override
    default void pull(String image, Optional<RegistryCredential> credential) {
        throw unexpected("pull()");
    }

    @Override
    default long freeBytesForImages() {
        throw unexpected("freeBytesForImages()");
    }

    @Override
    default AutoCloseable events(Consumer<RuntimeEvent> listener) {
        throw unexpected("events()");
    }

    @Override
    default void close() {
    }
}
