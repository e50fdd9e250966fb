package io.edgefleet.allinone;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.allinone.faults.DelayRelay;
import io.edgefleet.allinone.faults.SiteNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * One remote factory site for the fault scenarios: an endpoint whose real agent runs in a network namespace of its
 * own ({@link SiteNetwork}: outbound-only firewall, optional loss and bandwidth cap) and reaches the platform's broker
 * only through a {@link DelayRelay} with an inter-continental round trip (250 ms, jitter ±40 ms).
 */
final class FaultSite implements AutoCloseable {

    static final Duration ROUND_TRIP = Duration.ofMillis(250);
    static final Duration JITTER = Duration.ofMillis(40);

    final String id;
    final String secret;
    final SiteNetwork network;
    final DelayRelay relay;
    final AgentProcess agent;

    private FaultSite(String id, String secret, SiteNetwork network, DelayRelay relay, AgentProcess agent) {
        this.id = id;
        this.secret = secret;
        this.network = network;
        this.relay = relay;
        this.agent = agent;
    }

    /**
     * Makes the endpoint {@code name} and its site number {@code index}; the agent is built (with a heartbeat every
     * 2 s, metrics every 2 s and the container name prefix) but not started.
     */
    static FaultSite open(int index, RunningPlatform platform, String name, String containerPrefix) throws Exception {
        return open(index, platform, name, containerPrefix, 2);
    }

    static FaultSite open(int index, RunningPlatform platform, String name, String containerPrefix,
                          int heartbeatSeconds) throws Exception {
        SiteNetwork network = SiteNetwork.create(index);
        DelayRelay relay = null;
        try {
            relay = new DelayRelay(new InetSocketAddress(network.hostAddress(), 0),
                    new InetSocketAddress("127.0.0.1", platform.process().mqttPort), ROUND_TRIP, JITTER).start();
            JsonNode created = platform.api().createEndpoint(name, "{\"site\":\"" + name + "\"}");
            String id = created.path("id").asText();
            String secret = created.path("secret").asText();
            AgentProcess agent = new AgentProcess("tcp://" + network.hostAddress() + ":" + relay.port(), "default", id,
                    secret, platform.newDirectory("agent-" + id), heartbeatSeconds, containerPrefix)
                    .withArgs("--metrics-interval", "2")
                    .inside(network.execPrefix());
            return new FaultSite(id, secret, network, relay, agent);
        } catch (Exception e) {
            if (relay != null) {
                relay.close();
            }
            network.close();
            throw e;
        }
    }

    /** The site's VPN goes down: every packet dropped, and the flows' state forgotten (both ends reset). */
    void cutOff() throws IOException, InterruptedException {
        network.partition();
        relay.resetAll();
    }

    void reconnect() throws IOException, InterruptedException {
        network.heal();
    }

    /** The agent's metric stream: the next seq it will number and the batches it dropped (buffer full). */
    long[] metricStream() throws IOException {
        Path meta = agent.dataDir().resolve("telemetry/metrics/stream.properties");
        Properties properties = new Properties();
        if (Files.exists(meta)) {
            try (InputStream in = Files.newInputStream(meta)) {
                properties.load(in);
            }
        }
        return new long[] {Long.parseLong(properties.getProperty("nextSeq", "0")),
                Long.parseLong(properties.getProperty("droppedBatches", "0"))};
    }

    @Override
    public void close() throws Exception {
        agent.close();
        relay.close();
        network.close();
    }
}
