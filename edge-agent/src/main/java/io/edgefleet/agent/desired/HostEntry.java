package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;

/** One extra line of the container's /etc/hosts. */
public record HostEntry(String host, String ip) {

    static HostEntry fromJson(JsonNode node) {
        return new HostEntry(node.get("host").asText(), node.get("ip").asText());
    }
}
