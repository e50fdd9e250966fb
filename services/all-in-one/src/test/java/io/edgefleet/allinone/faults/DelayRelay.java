package io.edgefleet.allinone.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay that delays each direction of every connection by half the round trip, plus or minus a random jitter,
 * and keeps the bytes of one direction in order (a later chunk is never due before an earlier one). It stands in for
 * an inter-continental VPN: this kernel has no {@code netem} qdisc, so the delay is added in user space.
 *
 * <p>It counts the connections it accepted (every connect of the agent behind it) and can drop the state of every
 * flow at once, as a VPN concentrator that restarts does: both sides get a reset.
 */
public final class DelayRelay implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final long halfRoundTripNanos;
    private final long jitterNanos;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private volatile boolean closed;

    /**
     * @param listen    where the agent connects (the host side of its site's link)
     * @param target    the broker
     * @param roundTrip added to every round trip (half each way)
     * @param jitter    each chunk's one-way delay varies by up to this much either way
     */
    public DelayRelay(InetSocketAddress listen, InetSocketAddress target, Duration roundTrip, Duration jitter) {
        if (jitter.multipliedBy(2).compareTo(roundTrip) > 0) {
            throw new IllegalArgumentException("jitter " + jitter + " exceeds half of the round trip " + roundTrip);
        }
        this.listen = listen;
        this.target = target;
        this.halfRoundTripNanos = roundTrip.toNanos() / 2;
        this.jitterNanos = jitter.toNanos();
    }

    public DelayRelay start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        Thread acceptor = new Thread(this::acceptLoop, "relay-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** The port the relay listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted since the start: each one is a TCP connect of the agent. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Forgets every flow: both ends of each relayed connection are reset. New connections are still accepted. */
    public void resetAll() {
        for (Socket socket : open) {
            reset(socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                relay(client);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("relay on " + listen + ": accept failed: " + e);
                }
            }
        }
    }

    private void relay(Socket client) {
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 5000);
        } catch (IOException e) {
            reset(client);
            reset(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        String name = client.getRemoteSocketAddress() + "";
        pipe(client, upstream, "up " + name);
        pipe(upstream, client, "down " + name);
    }

    /** One direction: a reader that stamps each chunk with its due time, and a writer that waits for it. */
    private void pipe(Socket from, Socket to, String name) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(from, to, queue), "relay-read " + name);
        Thread writer = new Thread(() -> write(from, to, queue), "relay-write " + name);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void read(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        long lastDue = 0;
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long jitter = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1);
                lastDue = Math.max(System.nanoTime() + halfRoundTripNanos + jitter, lastDue);
                queue.add(new Chunk(java.util.Arrays.copyOf(buffer, n), lastDue));
            }
            queue.add(new Chunk(END, Math.max(System.nanoTime() + halfRoundTripNanos, lastDue)));
        } catch (IOException e) {
            // a reset on one side is passed on as a reset on the other
            reset(from);
            reset(to);
        }
    }

    private void write(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk chunk = queue.take();
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (chunk.bytes() == END) {
                    // MQTT never half-closes: the end of one direction ends the connection, after its last bytes
                    close(from, to);
                    return;
                }
                out.write(chunk.bytes());
            }
        } catch (IOException | InterruptedException e) {
            reset(from);
            reset(to);
        }
    }

    private void close(Socket a, Socket b) {
        for (Socket socket : List.of(a, b)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            open.remove(socket);
        }
    }

    private void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0); // close with RST, as a middlebox that lost the flow's state
                socket.close();
            }
        } catch (SocketException ignored) {
            // already gone
        } catch (IOException ignored) {
            // closing
        }
        open.remove(socket);
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        resetAll();
    }
}
