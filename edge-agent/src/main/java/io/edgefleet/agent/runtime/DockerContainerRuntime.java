package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ContainerRuntime} on the Docker Engine API through docker-java. */
public final class DockerContainerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);

    private final URI host;
    private DockerClient client;
    private Boolean reachable;

    private DockerContainerRuntime(URI host) {
        this.host = host;
    }

    /**
     * A runtime for the engine at {@code host}. Nothing is contacted or even loaded yet: docker-java's client is
     * built on first use, on the agent's loop thread, so that it does not delay the agent's first connect to the
     * broker. The API version is left to negotiation so that older engines (API 1.41) answer too.
     */
    public static DockerContainerRuntime forHost(URI host) {
        return new DockerContainerRuntime(host);
    }

    private DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(host.toString())
                    .build();
            ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .maxConnections(8)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
            client = DockerClientImpl.getInstance(config, http);
        }
        return client;
    }

    @Override
    public synchronized Optional<String> engineVersion() {
        try {
            Optional<String> version = Optional.ofNullable(client().versionCmd().exec().getVersion());
            if (!Boolean.TRUE.equals(reachable)) {
                LOG.info("Docker engine at {} answers, version {}", host, version.orElse("unknown"));
            }
            reachable = true;
            return version;
        } catch (RuntimeException e) {
            if (!Boolean.FALSE.equals(reachable)) {
                LOG.warn("Docker engine at {} cannot be reached: {}", host, e.toString());
            }
            reachable = false;
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the Docker client failed: {}", e.toString());
        }
    }
}
