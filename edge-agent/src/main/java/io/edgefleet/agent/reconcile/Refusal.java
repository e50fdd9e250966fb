package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.desired.DesiredParser;
import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.payload.AppStatus.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest desired document, when it was refused: while it is, every app it names is reported Failed with the
 * reason (whatever runs for the app stays as it is), and its generation counts as processed, since each of its apps
 * got its reason.
 *
 * @param refused what the parser said
 * @param at      when the agent refused it
 */
record Refusal(DesiredParser.Refused refused, Instant at) {

    /** The generation to hold other documents against: 0 when unreadable. */
    long generation() {
        return refused.generation() == null ? 0 : refused.generation();
    }

    /** {@code statuses} with every app the refused document names shown as Failed with the reason. */
    List<AppStatus> overlay(List<AppStatus> statuses) {
        if (refused.appNames().isEmpty()) {
            return statuses;
        }
        String message = "desired generation " + (refused.generation() == null ? "(unreadable)"
                : refused.generation()) + " refused: " + refused.reason();
        Map<String, AppStatus> shown = new TreeMap<>();
        statuses.forEach(status -> shown.put(status.name(), status));
        for (String app : refused.appNames()) {
            AppStatus now = shown.get(app);
            shown.put(app, new AppStatus(app, now == null ? null : now.revision(), Phase.Failed, message,
                    now == null ? null : now.containerId(), now == null ? null : now.restarts(), at));
        }
        return List.copyOf(shown.values());
    }

    /** {@code observed}, or the refused generation when it is newer and every app it names got its reason. */
    long observedGeneration(long observed) {
        boolean reported = refused.generation() != null && !refused.appNames().isEmpty();
        return reported ? Math.max(observed, refused.generation()) : observed;
    }
}
