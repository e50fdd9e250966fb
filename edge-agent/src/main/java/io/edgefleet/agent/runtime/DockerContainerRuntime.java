package io.edgefleet.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.transport.DockerHttpClient;
import io.edgefleet.agent.desired.AppSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on the Docker Engine API through docker-java (zerodep transport). Thread-safe; every
 * call blocks.
 */
public final class DockerContainerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DockerClients clients;
    private final Set<DockerEventStream> streams = ConcurrentHashMap.newKeySet();
    private Boolean reachable;
    private volatile Path reportedProbe;

    private DockerContainerRuntime(URI host) {
        this.clients = new DockerClients(host);
    }

    /**
     * A runtime for the engine at {@code host}. Nothing is contacted or even loaded yet: docker-java's client is
     * built on first use, on the agent's loop thread, so that it does not delay the agent's first connect to the
     * broker. The API version is left to negotiation so that older engines (API 1.41) answer too.
     */
    public static DockerContainerRuntime forHost(URI host) {
        return new DockerContainerRuntime(host);
    }

    @Override
    public synchronized Optional<String> engineVersion() {
        try {
            Optional<String> version = Optional.ofNullable(clients.quick().versionCmd().exec().getVersion());
            if (!Boolean.TRUE.equals(reachable)) {
                LOG.info("Docker engine at {} answers, version {}", clients.host(), version.orElse("unknown"));
            }
            reachable = true;
            return version;
        } catch (RuntimeException e) {
            if (!Boolean.FALSE.equals(reachable)) {
                LOG.warn("Docker engine at {} cannot be reached: {}", clients.host(), e.toString());
            }
            reachable = false;
            return Optional.empty();
        }
    }

    @Override
    public List<ContainerInfo> list() {
        return call("listing containers", () -> new DockerInventory(clients.quick()).list());
    }

    @Override
    public Optional<ContainerInfo> find(String idOrName) {
        return call("looking up container " + idOrName, () -> new DockerInventory(clients.quick()).find(idOrName));
    }

    @Override
    public JsonNode inspect(String idOrName) {
        return getJson("inspecting container " + idOrName,
                "/containers/" + URLEncoder.encode(idOrName, StandardCharsets.UTF_8) + "/json");
    }

    @Override
    public JsonNode stats(String idOrName) {
        return getJson("reading the stats of container " + idOrName,
                "/containers/" + URLEncoder.encode(idOrName, StandardCharsets.UTF_8) + "/stats?stream=false&one-shot=true");
    }

    @Override
    public AutoCloseable followLogs(String idOrName, Instant since, LogSink sink) {
        return call("following the logs of container " + idOrName,
                () -> DockerLogFollower.follow(clients.patient(), idOrName, since, sink));
    }

    /** A GET whose raw JSON answer is kept whole (docker-java's model would trim fields). */
    private JsonNode getJson(String what, String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
        return call(what, () -> {
            try (DockerHttpClient.Response response = clients.quickHttp().execute(request)) {
                byte[] body = response.getBody().readAllBytes();
                int status = response.getStatusCode();
                if (status == 200) {
                    return MAPPER.readTree(body);
                }
                String reason = DockerFailures.engineMessage(new String(body, StandardCharsets.UTF_8).trim());
                throw new RuntimeFailure(status == 404 ? RuntimeFailure.Kind.NOT_FOUND : RuntimeFailure.Kind.ENGINE,
                        what + ": " + reason);
            } catch (IOException e) {
                throw new RuntimeFailure(RuntimeFailure.Kind.ENGINE, what + ": " + DockerFailures.reason(e), e);
            }
        });
    }

    @Override
    public String create(String containerName, AppSpec spec, Map<String, String> labels) {
        String id = call("creating container " + containerName + " from " + spec.image(),
                () -> new DockerCreate(clients.quick()).create(containerName, spec, labels));
        LOG.info("created container {} ({}) from {}", containerName, id, spec.image());
        return id;
    }

    @Override
    public void start(String idOrName) {
        run("starting container " + idOrName, () -> {
            try {
                clients.quick().startContainerCmd(idOrName).exec();
            } catch (NotModifiedException alreadyRunning) {
                LOG.debug("container {} was already running", idOrName);
            }
        });
    }

    @Override
    public void stop(String idOrName, int timeoutSeconds) {
        run("stopping container " + idOrName, () -> {
            try {
                clients.patient().stopContainerCmd(idOrName).withTimeout(timeoutSeconds).exec();
            } catch (NotModifiedException alreadyStopped) {
                LOG.debug("container {} was already stopped", idOrName);
            }
        });
    }

    @Override
    public void kill(String idOrName, String signal) {
        String normalized = Signals.normalize(signal);
        run("sending " + normalized + " to container " + idOrName,
                () -> clients.quick().killContainerCmd(idOrName).withSignal(normalized).exec());
    }

    @Override
    public void restart(String idOrName, int timeoutSeconds) {
        run("restarting container " + idOrName,
                () -> clients.patient().restartContainerCmd(idOrName).withTimeout(timeoutSeconds).exec());
    }

    @Override
    public void pause(String idOrName) {
        run("pausing container " + idOrName, () -> clients.quick().pauseContainerCmd(idOrName).exec());
    }

    @Override
    public void unpause(String idOrName) {
        run("resuming container " + idOrName, () -> clients.quick().unpauseContainerCmd(idOrName).exec());
    }

    @Override
    public void remove(String idOrName, boolean force, boolean removeVolumes) {
        run("removing container " + idOrName, () -> clients.patient().removeContainerCmd(idOrName)
                .withForce(force).withRemoveVolumes(removeVolumes).exec());
    }

    @Override
    public void rename(String idOrName, String newName) {
        run("renaming container " + idOrName + " to " + newName,
                () -> clients.quick().renameContainerCmd(idOrName).withName(newName).exec());
    }

    @Override
    public List<String> logs(String idOrName, int tail, Instant since, boolean timestamps) {
        return call("reading the logs of container " + idOrName, () -> {
            try {
                return new DockerLogs(clients.quick()).read(idOrName, tail, since, timestamps);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure(RuntimeFailure.Kind.ENGINE, "interrupted while reading logs", e);
            }
        });
    }

    @Override
    public boolean imagePresent(String image) {
        return call("looking up image " + image, () -> {
            try {
                clients.quick().inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException missing) {
                return false;
            }
        });
    }

    @Override
    public void pull(String image, Optional<RegistryCredential> credential) {
        new DockerPull(clients.patient()).pull(image, credential);
    }

    @Override
    public long freeBytesForImages() {
        String root = call("reading the engine's data root", () -> clients.quick().infoCmd().exec().getDockerRootDir());
        Path dataRoot = Path.of(root == null || root.isBlank() ? "/var/lib/docker" : root);
        Path probe = dataRoot;
        // an agent in a container does not see the data root, but its own root file system is an overlay whose
        // upper layer lives in the data root: the nearest visible ancestor reports the same free space
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.ENGINE, "cannot find a file system for " + dataRoot);
        }
        if (!probe.equals(dataRoot) && !probe.equals(reportedProbe)) {
            LOG.info("the engine's data root {} is not visible here; free space for images is read at {}", dataRoot,
                    probe);
            reportedProbe = probe;
        }
        try {
            return Files.getFileStore(probe).getUsableSpace();
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Kind.ENGINE, "cannot read the free space of " + probe + ": " + e,
                    e);
        }
    }

    @Override
    public AutoCloseable events(Consumer<RuntimeEvent> listener) {
        DockerEventStream stream = new DockerEventStream(clients::patient, listener, Clock.systemUTC());
        streams.add(stream);
        stream.start();
        return () -> {
            streams.remove(stream);
            stream.close();
        };
    }

    @Override
    public void close() {
        streams.forEach(DockerEventStream::close);
        streams.clear();
        clients.close();
    }

    private static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw DockerFailures.map(what, e);
        }
    }

    private static void run(String what, Runnable operation) {
        call(what, () -> {
            operation.run();
            return null;
        });
    }
}
