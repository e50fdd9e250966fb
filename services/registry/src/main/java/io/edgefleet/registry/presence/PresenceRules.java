package io.edgefleet.registry.presence;

import io.edgefleet.registry.endpoint.EndpointStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * How a presence message changes an endpoint's status. Pure; the rules are explained in the module's README
 * ("Presence rules").
 */
final class PresenceRules {

    /** What to do with a presence. */
    enum Action {
        /** Not online before: becomes online, with an event. */
        GO_ONLINE,
        /** Already online (a reconnect): remember the new connection, no event. */
        REFRESH_ONLINE,
        /** Becomes offline, with an event. */
        GO_OFFLINE,
        /** Offline presence for an endpoint already offline: only its time is remembered. */
        RECORD_ONLY,
        /** Older than what was applied, or the goodbye of a connection that is no longer the current one. */
        IGNORE_STALE
    }

    /**
     * What the registry holds.
     *
     * @param connectionId connectionId of the online presence that made the endpoint online, or null
     * @param presenceAt   agent-side time of the newest presence applied, or null
     */
    record Stored(EndpointStatus status, String connectionId, Instant presenceAt) {
        Stored {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * A presence payload.
     *
     * @param reason       connected, graceful, connection-lost or null
     * @param at           agent-side time, null in a Last Will
     * @param connectionId the agent's id for its connection, or null
     */
    record Presence(boolean online, String reason, Instant at, String connectionId) {
    }

    private PresenceRules() {
    }

    static Action decide(Stored stored, Presence presence) {
        // a new connection is news whatever the agent's clock says (it may have been set back since)
        boolean newConnection = presence.online() && presence.connectionId() != null
                && !presence.connectionId().equals(stored.connectionId());
        if (!newConnection && presence.at() != null && stored.presenceAt() != null
                && presence.at().isBefore(stored.presenceAt())) {
            return Action.IGNORE_STALE;
        }
        if (presence.online()) {
            return stored.status() == EndpointStatus.ONLINE ? Action.REFRESH_ONLINE : Action.GO_ONLINE;
        }
        if (stored.status() == EndpointStatus.OFFLINE) {
            return Action.RECORD_ONLY;
        }
        if (stored.status() == EndpointStatus.ONLINE && presence.connectionId() != null
                && stored.connectionId() != null && !presence.connectionId().equals(stored.connectionId())) {
            return Action.IGNORE_STALE;
        }
        return Action.GO_OFFLINE;
    }

    /** The {@code cause} of the offline event: graceful when the agent said goodbye, connection-lost for a Last Will. */
    static String offlineCause(Presence presence) {
        if ("graceful".equals(presence.reason())) {
            return "graceful";
        }
        if ("connection-lost".equals(presence.reason())) {
            return "connection-lost";
        }
        // without a reason, only the agent itself can have stamped the time
        return presence.at() == null ? "connection-lost" : "graceful";
    }

    /**
     * Whether a buffered heartbeat may bring an endpoint back online once the flush finds it offline: not when
     * the registry received it before the endpoint went offline (a heartbeat sent just before a goodbye).
     * Both times come from the registry's side, never from the agent's clock.
     */
    static boolean receivedAfter(Instant receivedAt, Instant statusSince) {
        return statusSince == null || receivedAt.isAfter(statusSince);
    }
}
