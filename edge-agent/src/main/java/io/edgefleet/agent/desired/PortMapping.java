package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A container port published on the host.
 *
 * @param hostIp        the host address to bind; {@code null} = every address
 * @param hostPort      the port on the host; {@code null} = the port is exposed but not published
 * @param containerPort the port inside the container
 * @param protocol      {@code tcp} or {@code udp}
 */
public record PortMapping(String hostIp, Integer hostPort, int containerPort, String protocol) {

    static PortMapping fromJson(JsonNode node) {
        return new PortMapping(SpecJson.text(node, "hostIp"), SpecJson.integer(node, "hostPort"),
                node.get("containerPort").asInt(), SpecJson.text(node, "protocol", "tcp"));
    }
}
