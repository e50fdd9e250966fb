package io.edgefleet.agent.control;

import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Presence;
import io.edgefleet.agent.payload.Reply;
import io.edgefleet.agent.payload.StateReport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's port to the platform: one long-lived connection that reconnects by itself, with the endpoint's topics,
 * QoS and retain flags behind typed methods. Publishing never blocks. The channel subscribes to the endpoint's
 * {@code desired} and {@code commands} topics (QoS 1) on every connect and hands what arrives to the listener.
 */
public interface ControlChannel {

    /**
     * Told about the connection's life. Called on the channel's I/O threads: implementations must only hand the
     * event over to their own thread and return.
     */
    interface Listener {

        /**
         * A connection (first or re-) is established.
         *
         * @param connectionId the id chosen for this connection before CONNECT; its Last Will carries it, so the
         *                     online presence must carry the same one
         */
        void connected(String connectionId);

        /** The connection is gone or an attempt failed; the channel keeps retrying unless it was closed. */
        void disconnected();

        /**
         * A desired document arrived (retained, so it comes again on every subscribe). The channel has already
         * acknowledged it: a lost one is delivered again at the next connect.
         */
        void desiredReceived(byte[] payload);

        /**
         * A command arrived. The broker keeps it for redelivery until {@link Inbound#acknowledge()} is called, which
         * the listener does once it has recorded the command durably (or decided to drop it).
         */
        void commandReceived(Inbound command);
    }

    /**
     * A message from the platform that waits for the listener's acknowledgement.
     *
     * @param payload  the raw payload
     * @param puback   sends the PUBACK; calling it more than once is harmless
     */
    record Inbound(byte[] payload, Runnable puback) {

        /** Lets the broker forget the message. */
        public void acknowledge() {
            puback.run();
        }
    }

    /** Starts connecting; retries with backoff until {@link #close} for as long as the agent runs. */
    void connect(Listener listener);

    /** Whether a connection is established right now. */
    boolean isConnected();

    /** Publishes retained presence, QoS 1; completes when the broker acknowledged it. */
    CompletableFuture<Void> publishPresence(Presence presence);

    /** Publishes a heartbeat, QoS 0, not retained; completes when written. */
    CompletableFuture<Void> publishHeartbeat(Heartbeat heartbeat);

    /** Publishes the retained state, QoS 1; completes when the broker acknowledged it. */
    CompletableFuture<Void> publishState(StateReport state);

    /** Publishes a command's reply, QoS 1, not retained; completes when the broker acknowledged it. */
    CompletableFuture<Void> publishReply(Reply reply);

    /**
     * Publishes a metrics batch ({@code metrics.schema.json}, already serialised), QoS 1, not retained; completes when
     * the broker acknowledged it.
     */
    CompletableFuture<Void> publishMetrics(byte[] batch);

    /** Publishes a log batch ({@code logs.schema.json}, already serialised), QoS 1, not retained; completes on PUBACK. */
    CompletableFuture<Void> publishLogs(byte[] batch);

    /**
     * Disconnects normally (so the broker does not publish the Last Will) and stops reconnecting, waiting at most
     * {@code timeout}.
     */
    void close(Duration timeout);

    /**
     * Uses these link settings from now on: the reconnect delays at the next loss of the connection, the keep alive at
     * the next (re)connect. A connection that is up keeps the keep alive it was opened with (MQTT fixes it per
     * connection); it is not dropped to change it. Any thread.
     */
    void useLink(LinkSettings link);
}
