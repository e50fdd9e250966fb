package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready-to-paste commands that start the agent for one endpoint. Every value in them is shell-safe by
 * construction (ids, base64url secrets, a broker URL and image checked by {@code RegistryConfig}), so no quoting
 * is needed, neither by a shell nor in a systemd unit.
 *
 * @param jar     runs the agent jar with java
 * @param docker  runs the agent as a container with access to the Docker engine, on the host's network so that
 *                the facts it reports (addresses, hostname) are the machine's own
 * @param systemd the text of {@value #SYSTEMD_UNIT_PATH}: the jar as a service that always restarts, with its
 *                own data directory
 */
public record RunCommands(String jar, String docker, String systemd) {

    /** Where the systemd unit goes on the machine. */
    public static final String SYSTEMD_UNIT_PATH = "/etc/systemd/system/edgefleet-agent.service";
    /** Where the systemd unit expects the agent jar. */
    public static final String SYSTEMD_JAR_PATH = "/opt/edgefleet/edgefleet-agent.jar";
    /** JVM options of the systemd unit: the ones measured for the agent's footprint (BENCHMARKS.md). */
    public static final String SYSTEMD_JVM_OPTIONS = "-Xms8m -Xmx32m -Xmn4m -Xss512k -XX:+UseSerialGC"
            + " -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m"
            + " -XX:MaxDirectMemorySize=16m -XX:+ExitOnOutOfMemoryError";
    /** The agent's data directory under systemd (created by systemd's StateDirectory=). */
    public static final String SYSTEMD_DATA_DIR = "/var/lib/edgefleet-agent";

    /**
     * @param brokerUrl  the broker URL agents connect to, e.g. {@code tcp://broker.example:1883}
     * @param agentImage the agent image reference, e.g. {@code edgefleet/agent:0.1.0}
     */
    public static RunCommands of(String brokerUrl, String agentImage, String tenant, String endpointId, String secret) {
        String flags = " --broker-url " + brokerUrl
                + " --tenant " + tenant
                + " --endpoint-id " + endpointId;
        String jar = "java -jar edgefleet-agent.jar" + flags + " --secret " + secret;
        String docker = "docker run -d --name edgefleet-agent --restart unless-stopped --network host"
                + " -v /var/run/docker.sock:/var/run/docker.sock"
                + " -v edgefleet-agent-data:/var/lib/edgefleet-agent"
                + " -e EDGEFLEET_BROKER_URL=" + brokerUrl
                + " -e EDGEFLEET_TENANT=" + tenant
                + " -e EDGEFLEET_ENDPOINT_ID=" + endpointId
                + " -e EDGEFLEET_ENDPOINT_SECRET=" + secret
                + " -e EDGEFLEET_DATA_DIR=/var/lib/edgefleet-agent"
                + " " + agentImage;
        return new RunCommands(jar, docker, systemd(flags, endpointId, secret));
    }

    // The secret goes into the unit's environment rather than onto the command line, where ps, systemctl status and
    // the journal's process listings would show it to every local user; the unit file itself must be root-only.
    // Apart from that the unit is edge-agent/packaging/edgefleet-agent.service with the settings filled in.
    private static String systemd(String flags, String endpointId, String secret) {
        return """
                # %1$s: edgefleet agent of endpoint %2$s
                # Holds the endpoint's secret: chmod 600 %1$s
                # Put the agent jar at %3$s, then: systemctl daemon-reload && systemctl enable --now edgefleet-agent
                [Unit]
                Description=edgefleet edge agent (endpoint %2$s)
                After=network-online.target docker.service
                Wants=network-online.target

                [Service]
                Environment=EDGEFLEET_ENDPOINT_SECRET=%4$s
                Environment=MALLOC_ARENA_MAX=2
                StateDirectory=edgefleet-agent
                StateDirectoryMode=0700
                ExecStart=/usr/bin/java %7$s -jar %3$s%5$s --data-dir %6$s
                SuccessExitStatus=143
                Restart=always
                RestartSec=5

                [Install]
                WantedBy=multi-user.target
                """.formatted(SYSTEMD_UNIT_PATH, endpointId, SYSTEMD_JAR_PATH, secret, flags, SYSTEMD_DATA_DIR,
                SYSTEMD_JVM_OPTIONS);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("jar", jar);
        json.put("docker", docker);
        json.put("systemd", systemd);
        return json;
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "RunCommands[secret hidden]";
    }
}
