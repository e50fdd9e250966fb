package io.edgefleet.agent.config;

/**
 * Where the agent's MQTT broker listens.
 *
 * @param tls  whether the connection uses TLS ({@code ssl://})
 * @param host host name or address
 * @param port TCP port
 */
public record BrokerAddress(boolean tls, String host, int port) {

    @Override
    public String toString() {
        return (tls ? "ssl://" : "tcp://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
