package io.edgefleet.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A container's health check, run by Docker inside the container:
 *
 * <pre>
 * java -cp edgefleet-health-probe.jar io.edgefleet.probe.HealthProbe http EDGEFLEET_HTTP_PORT 8081 /health/ready
 * java -cp edgefleet-health-probe.jar io.edgefleet.probe.HealthProbe mqtt EDGEFLEET_MQTT_PORT 1883
 * </pre>
 *
 * <p>The port is read from the named variable (the one the process itself listens on) and falls back to the
 * default, so an operator who moves the port does not have to rewrite the health check. {@code http} wants a 2xx
 * answer from {@code 127.0.0.1}; {@code mqtt} sends an MQTT 3.1.1 CONNECT without credentials and wants a CONNACK,
 * whatever its return code: the broker then accepts connections and speaks MQTT. Exit status 0 means healthy, 1
 * unhealthy, 2 a wrong invocation.
 */
public final class HealthProbe {

    static final int TIMEOUT_MILLIS = 3000;
    private static final String HOST = "127.0.0.1";

    private HealthProbe() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = probe(args, System.getenv()) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("health probe: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /** Runs the probe; prints why it failed. */
    static boolean probe(String[] args, Map<String, String> env) {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: http PORT_VARIABLE DEFAULT_PORT PATH | mqtt PORT_VARIABLE DEFAULT_PORT");
        }
        int port = port(args[1], env.getOrDefault(args[1], args[2]));
        try {
            switch (args[0]) {
                case "http":
                    if (args.length != 4 || !args[3].startsWith("/")) {
                        throw new IllegalArgumentException("http needs a path starting with /");
                    }
                    return http(port, args[3]);
                case "mqtt":
                    return mqtt(port);
                default:
                    throw new IllegalArgumentException("unknown probe '" + args[0] + "' (http or mqtt)");
            }
        } catch (IOException e) {
            System.err.println("health probe: " + args[0] + " port " + port + ": " + e);
            return false;
        }
    }

    private static int port(String variable, String raw) {
        try {
            int port = Integer.parseInt(raw.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be a port 1-65535, got '" + raw + "'");
    }

    private static boolean http(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + HOST + ":" + port + path).toURL()
                .openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        try {
            int code = connection.getResponseCode();
            if (code / 100 == 2) {
                return true;
            }
            System.err.println("health probe: GET " + path + " answered " + code);
            return false;
        } finally {
            connection.disconnect();
        }
    }

    private static boolean mqtt(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            // no credentials: any CONNACK, even a refusal, shows a working broker; it refuses this client id quietly
            out.write(connectPacket("edgefleet-health-probe"));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first == 0x20) {
                return true;
            }
            System.err.println("health probe: no CONNACK from the broker (first byte " + first + ")");
            return false;
        }
    }

    /** An MQTT 3.1.1 CONNECT: clean session, keep-alive 10 s, no will, no credentials. */
    static byte[] connectPacket(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10};
        int remaining = variable.length + 2 + id.length;
        if (remaining > 127) {
            throw new IllegalArgumentException("client id too long for a one-byte remaining length");
        }
        byte[] packet = new byte[2 + remaining];
        packet[0] = 0x10;
        packet[1] = (byte) remaining;
        System.arraycopy(variable, 0, packet, 2, variable.length);
        packet[2 + variable.length] = (byte) (id.length >> 8);
        packet[3 + variable.length] = (byte) id.length;
        System.arraycopy(id, 0, packet, 4 + variable.length, id.length);
        return packet;
    }
}
