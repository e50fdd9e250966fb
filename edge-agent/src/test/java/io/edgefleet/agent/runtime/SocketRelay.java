package io.edgefleet.agent.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on 127.0.0.1 that relays to the engine's unix socket, so a test can cut the runtime's connections
 * (as an engine restart would) and refuse new ones for a while.
 */
final class SocketRelay implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    private SocketRelay(ServerSocketChannel server, Path target) {
        this.server = server;
        this.target = target;
    }

    static SocketRelay toUnixSocket(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketRelay relay = new SocketRelay(server, socket);
        Thread acceptor = new Thread(relay::acceptLoop, "socket-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Closes every relayed connection; with {@code refuse}, new ones are closed at once until {@link #heal()}. */
    void cut(boolean refuse) {
        refusing = refuse;
        for (SocketChannel channel : open) {
            closeQuietly(channel);
        }
        open.clear();
    }

    void heal() {
        refusing = false;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // the other side or the test closed the connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "socket-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut(false);
    }
}
