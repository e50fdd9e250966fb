package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready-to-paste commands that start the agent for one endpoint. Every value in them is shell-safe by
 * construction (ids, base64url secrets, a broker URL, gateway URL and image checked by {@code RegistryConfig}), so
 * no quoting is needed.
 *
 * @param jar     runs the agent jar with java in the foreground
 * @param docker  runs the agent as a container with access to the Docker engine, on the host's network so that
 *                the facts it reports (addresses, hostname) are the machine's own
 * @param install installs the agent as a systemd service: fetches the gateway's install script
 *                ({@value #INSTALL_SCRIPT_PATH}) and runs it with the endpoint's settings; the script downloads the
 *                jar from the same gateway and writes the unit (the one place the unit's text lives)
 */
public record RunCommands(String jar, String docker, String install) {

    /** Where the gateway serves the install script. */
    public static final String INSTALL_SCRIPT_PATH = "/agent/install.sh";

    /**
     * @param brokerUrl  the broker URL agents connect to, e.g. {@code tcp://broker.example:1883}
     * @param gatewayUrl the gateway's public URL, e.g. {@code https://edgefleet.example.com}, without a trailing slash
     * @param agentImage the agent image reference, e.g. {@code edgefleet/agent:0.1.0}
     */
    public static RunCommands of(String brokerUrl, String gatewayUrl, String agentImage, String tenant,
                                 String endpointId, String secret) {
        String jar = "java -jar edgefleet-agent.jar"
                + " --broker-url " + brokerUrl
                + " --tenant " + tenant
                + " --endpoint-id " + endpointId
                + " --secret " + secret;
        String docker = "docker run -d --name edgefleet-agent --restart unless-stopped --network host"
                + " -v /var/run/docker.sock:/var/run/docker.sock"
                + " -v edgefleet-agent-data:/var/lib/edgefleet-agent"
                + " -e EDGEFLEET_BROKER_URL=" + brokerUrl
                + " -e EDGEFLEET_TENANT=" + tenant
                + " -e EDGEFLEET_ENDPOINT_ID=" + endpointId
                + " -e EDGEFLEET_ENDPOINT_SECRET=" + secret
                + " -e EDGEFLEET_DATA_DIR=/var/lib/edgefleet-agent"
                + " " + agentImage;
        String install = "curl -fsSL " + gatewayUrl + INSTALL_SCRIPT_PATH + " | sudo sh -s --"
                + " --gateway " + gatewayUrl
                + " --broker " + brokerUrl
                + " --tenant " + tenant
                + " --endpoint " + endpointId
                + " --secret " + secret;
        return new RunCommands(jar, docker, install);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("jar", jar);
        json.put("docker", docker);
        json.put("install", install);
        return json;
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "RunCommands[secret hidden]";
    }
}
