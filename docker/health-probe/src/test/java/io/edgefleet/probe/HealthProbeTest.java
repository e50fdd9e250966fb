package io.edgefleet.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    @Test
    void httpIsHealthyOnlyWhenThePathAnswers2xxOnThePortTheVariableNames() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            Map<String, String> env = Map.of("EDGEFLEET_HTTP_PORT", port);
            assertThat(HealthProbe.probe(new String[] {"http", "EDGEFLEET_HTTP_PORT", "1", "/health/ready"}, env)).isTrue();
            assertThat(HealthProbe.probe(new String[] {"http", "EDGEFLEET_HTTP_PORT", "1", "/down"}, env)).isFalse();
            // without the variable the default port is used
            assertThat(HealthProbe.probe(new String[] {"http", "EDGEFLEET_HTTP_PORT", port, "/health/ready"}, Map.of()))
                    .isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("P", Integer.toString(port));
        assertThat(HealthProbe.probe(new String[] {"http", "P", "1", "/health/ready"}, env)).isFalse();
        assertThat(HealthProbe.probe(new String[] {"mqtt", "P", "1"}, env)).isFalse();
    }

    @Test
    void mqttIsHealthyWhenTheBrokerAnswersTheConnectWithAConnack() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread broker = new Thread(() -> {
                try (Socket client = server.accept()) {
                    InputStream in = client.getInputStream();
                    byte[] header = in.readNBytes(2);
                    byte[] rest = in.readNBytes(header[1]);
                    byte[] all = Arrays.copyOf(header, 2 + rest.length);
                    System.arraycopy(rest, 0, all, 2, rest.length);
                    received.set(all);
                    client.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x05}); // refused: not authorised
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            broker.start();
            assertThat(HealthProbe.probe(new String[] {"mqtt", "P", Integer.toString(server.getLocalPort())}, Map.of()))
                    .isTrue();
            broker.join(5000);
        }
        assertThat(received.get()).isEqualTo(HealthProbe.connectPacket("edgefleet-health-probe"));
        assertThat(received.get()[0]).isEqualTo((byte) 0x10);
    }

    @Test
    void mqttIsUnhealthyWhenThePortAnswersSomethingElse() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread other = new Thread(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            assertThat(HealthProbe.probe(new String[] {"mqtt", "P", Integer.toString(server.getLocalPort())}, Map.of()))
                    .isFalse();
            other.join(5000);
        }
    }

    @Test
    void aMalformedPortOrProbeIsAWrongInvocation() {
        assertThatThrownBy(() -> HealthProbe.probe(new String[] {"http", "P", "1", "/x"}, Map.of("P", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P must be a port");
        assertThatThrownBy(() -> HealthProbe.probe(new String[] {"ftp", "P", "21"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown probe 'ftp'");
        assertThatThrownBy(() -> HealthProbe.probe(new String[] {"http", "P", "80", "health"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
    }
}
