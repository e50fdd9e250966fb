package io.edgefleet.agent.logship;

import java.time.Instant;
import java.util.List;

/**
 * Log lines as published on {@code edge/v1/{tenant}/{endpoint}/logs} ({@code logs.schema.json}).
 *
 * @param stream       the agent's log stream id
 * @param seq          the batch number within the stream
 * @param sentAt       when the agent closed the batch
 * @param droppedLines lines dropped by the rate limit or the offline buffer since the stream began
 * @param lines        the lines, oldest first
 */
public record LogBatch(String stream, long seq, Instant sentAt, long droppedLines, List<LogLine> lines) {

    public LogBatch {
        lines = List.copyOf(lines);
    }
}
