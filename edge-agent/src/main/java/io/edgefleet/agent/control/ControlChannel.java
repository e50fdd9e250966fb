package io.edgefleet.agent.control;

import io.edgefleet.agent.payload.Heartbeat;
import io.edgefleet.agent.payload.Presence;
import io.edgefleet.agent.payload.StateReport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's port to the platform: one long-lived connection that reconnects by itself, with the endpoint's topics,
 * QoS and retain flags behind typed methods. Publishing never blocks.
 */
public interface ControlChannel {

    /**
     * Told about the connection's life. Called on the channel's I/O threads: implementations must only hand the
     * event over to their own thread and return.
     */
    interface Listener {

        /** A connection (first or re-) is established. */
        void connected();

        /** The connection is gone or an attempt failed; the channel keeps retrying unless it was closed. */
        void disconnected();
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

    /**
     * Disconnects normally (so the broker does not publish the Last Will) and stops reconnecting, waiting at most
     * {@code timeout}.
     */
    void close(Duration timeout);
}
