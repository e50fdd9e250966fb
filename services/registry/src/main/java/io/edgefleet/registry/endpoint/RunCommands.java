package io.edgefleet.registry.endpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready-to-paste commands that start the agent for one endpoint. Every value in them is shell-safe by
 * construction (ids, base64url secrets, a broker URL and image checked by {@code RegistryConfig}), so no quoting
 * is needed.
 *
 * @param jar    runs the agent jar with java
 * @param docker runs the agent as a container with access to the Docker engine, on the host's network so that
 *               the facts it reports (addresses, hostname) are the machine's own
 */
public record RunCommands(String jar, String docker) {

    /**
     * @param brokerUrl  the broker URL agents connect to, e.g. {@code tcp://broker.example:1883}
     * @param agentImage the agent image reference, e.g. {@code edgefleet/agent:0.1.0}
     */
    public static RunCommands of(String brokerUrl, String agentImage, String tenant, String endpointId, String secret) {
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
        return new RunCommands(jar, docker);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("jar", jar);
        json.put("docker", docker);
        return json;
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "RunCommands[secret hidden]";
    }
}
