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
    private final DockerClient client;
    private Boolean reachable;

    private DockerContainerRuntime(URI host, DockerClient client) {
        this.host = host;
        this.client = client;
    }

    /**
     * Prepares a client for the engine at {@code host}; nothing is contacted yet. The API version is left to
     * negotiation so that older engines (API 1.41) answer too.
     */
    public static DockerContainerRuntime connect(URI host) {
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
        return new DockerContainerRuntime(host, DockerClientImpl.getInstance(config, http));
    }

    @Override
    public synchronized Optional<String> engineVersion() {
        try {
            Optional<String> version = Optional.ofNullable(client.versionCmd().exec().getVersion());
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
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the Docker client failed: {}", e.toString());
        }
    }
}
