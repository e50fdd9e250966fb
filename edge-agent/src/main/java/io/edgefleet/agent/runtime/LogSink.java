package io.edgefleet.agent.runtime;

import java.time.Instant;

/**
 * Receives the lines of a followed container log ({@link ContainerRuntime#followLogs}). Called on the engine
 * client's thread, one line at a time: implementations only hand lines over, they never call back into the runtime.
 */
public interface LogSink {

    /**
     * One line.
     *
     * @param at     the engine's timestamp of the line
     * @param stream {@code stdout} or {@code stderr}
     * @param text   the line without its trailing newline
     */
    void line(Instant at, String stream, String text);

    /** The log ended: the container stopped, was removed, or the stream broke. No line follows. */
    void ended(Throwable failure);
}
