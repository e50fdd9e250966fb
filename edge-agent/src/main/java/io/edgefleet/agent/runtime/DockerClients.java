package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker-java clients of one engine, built on first use. Two of them, because their timeouts differ: quick
 * calls (list, inspect, create...) give up after {@link #QUICK_RESPONSE_TIMEOUT}, while stop, restart, pull and the
 * event stream may rightly stay silent much longer (a stop waits for its timeout, an event stream for events).
 */
final class DockerClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerClients.class);
    static final Duration QUICK_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final URI host;
    private DockerHttpClient quickHttp;
    private DockerClient quick;
    private DockerClient patient;

    DockerClients(URI host) {
        this.host = host;
    }

    URI host() {
        return host;
    }

    /** For calls that answer within {@link #QUICK_RESPONSE_TIMEOUT}. */
    synchronized DockerClient quick() {
        if (quick == null) {
            DefaultDockerClientConfig config = config();
            quickHttp = http(config, QUICK_RESPONSE_TIMEOUT);
            quick = DockerClientImpl.getInstance(config, quickHttp);
        }
        return quick;
    }

    /** The raw HTTP client behind {@link #quick()}, for documents docker-java's model would trim. */
    synchronized DockerHttpClient quickHttp() {
        quick();
        return quickHttp;
    }

    /** For calls without an upper bound: stop, restart, pull, event streams. */
    synchronized DockerClient patient() {
        if (patient == null) {
            DefaultDockerClientConfig config = config();
            patient = DockerClientImpl.getInstance(config, http(config, null));
        }
        return patient;
    }

    private DefaultDockerClientConfig config() {
        // the API version is left to negotiation so that older engines (API 1.41) answer too
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build();
    }

    private static DockerHttpClient http(DefaultDockerClientConfig config, Duration responseTimeout) {
        ZerodepDockerHttpClient.Builder builder = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            builder.responseTimeout(responseTimeout);
        }
        return builder.build();
    }

    @Override
    public synchronized void close() {
        closeQuietly(quick);
        closeQuietly(patient);
        quick = null;
        quickHttp = null;
        patient = null;
    }

    private static void closeQuietly(DockerClient client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing a Docker client failed: {}", e.toString());
        }
    }
}
