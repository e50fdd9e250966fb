package io.edgefleet.kit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a client and a server on loopback, for fault injection: it can hold back the
 * server's bytes to the client (to prove a client waits for an acknowledgement), cut every connection, and take
 * the link down for a while.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean holding;
    private volatile boolean refusing;
    private volatile boolean closed;

    private TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Relays a free local port to {@code 127.0.0.1:targetPort}. */
    public static TcpRelay to(int targetPort) {
        try {
            return new TcpRelay(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on, bytes from the server wait in the relay. */
    public void holdServerToClient() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Lets held and future server bytes through. */
    public void releaseServerToClient() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    /** Cuts every relayed connection (both sides see a reset or EOF); new connections are still accepted. */
    public void dropConnections() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Cuts every relayed connection and refuses new ones until {@link #heal()}: the link is down. */
    public void cut() {
        refusing = true;
        dropConnections();
    }

    /** Accepts and relays new connections again after {@link #cut()}. */
    public void heal() {
        refusing = false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                if (!closed) {
                    // a refused upstream connect: the client sees its socket closed
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean serverToClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (serverToClient) {
                        awaitGate();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection cut: close the other side too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitGate() throws InterruptedException {
        synchronized (gate) {
            while (holding && !closed) {
                gate.wait(100);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        releaseServerToClient();
        closeQuietly(listener);
        dropConnections();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
