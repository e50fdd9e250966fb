package io.edgefleet.agent.control;

/**
 * The MQTT topics of one endpoint, {@code edge/v1/{tenant}/{endpoint}/...} (see schemas/asyncapi.yaml).
 *
 * @param tenant   the tenant id
 * @param endpoint the endpoint id
 */
public record Topics(String tenant, String endpoint) {

    private String topic(String leaf) {
        return "edge/v1/" + tenant + "/" + endpoint + "/" + leaf;
    }

    /** Retained, QoS 1; also the Last Will. */
    public String presence() {
        return topic("presence");
    }

    /** Not retained, QoS 0. */
    public String heartbeat() {
        return topic("heartbeat");
    }

    /** Retained, QoS 1. */
    public String state() {
        return topic("state");
    }

    /** Retained, QoS 1, platform to agent: the apps this endpoint must run. */
    public String desired() {
        return topic("desired");
    }

    /** QoS 1, platform to agent. */
    public String commands() {
        return topic("commands");
    }

    /** QoS 1, agent to platform: metric batches. */
    public String metrics() {
        return topic("metrics");
    }

    /** QoS 1, agent to platform: shipped container log lines. */
    public String logs() {
        return topic("logs");
    }

    /** QoS 1, agent to platform: one reply per command. */
    public String replies() {
        return topic("replies");
    }
}
