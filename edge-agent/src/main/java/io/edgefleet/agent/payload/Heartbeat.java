package io.edgefleet.agent.payload;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The {@code heartbeat} payload ({@code heartbeat.schema.json}).
 *
 * @param seq             counts heartbeats sent since the agent process started, from 0; a gap means a lost heartbeat
 * @param at              when it was sent
 * @param intervalSeconds the configured interval; the registry's lease is three of them
 * @param uptimeSeconds   the machine's uptime (/proc/uptime), so a reboot shows as a drop
 */
public record Heartbeat(long seq, Instant at, int intervalSeconds, long uptimeSeconds) {

    public Heartbeat {
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }
}
