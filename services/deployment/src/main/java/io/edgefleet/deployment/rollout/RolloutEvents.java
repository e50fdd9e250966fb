package io.edgefleet.deployment.rollout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.DeploymentConfig;
import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@code rollout.progressed} events and the counts shown with a rollout. */
final class RolloutEvents {

    private RolloutEvents() {
    }

    /** How many targets are in each state, under the names the API and the events use. */
    static ObjectNode counts(List<Target> targets) {
        Map<TargetState, Integer> counts = new EnumMap<>(TargetState.class);
        targets.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("total", targets.size());
        json.put("pending", counts.getOrDefault(TargetState.PENDING, 0));
        json.put("waiting", counts.getOrDefault(TargetState.WAITING, 0));
        json.put("updating", counts.getOrDefault(TargetState.UPDATING, 0));
        json.put("succeeded", counts.getOrDefault(TargetState.SUCCEEDED, 0));
        json.put("failed", counts.getOrDefault(TargetState.FAILED, 0) + counts.getOrDefault(TargetState.STUCK, 0));
        json.put("skipped", counts.getOrDefault(TargetState.SKIPPED, 0));
        return json;
    }

    /** Queues one event about the rollout itself ({@code endpoint} null) or about one of its endpoints. */
    static Future<Void> emit(SqlConnection tx, Rollout rollout, Target endpoint, List<Target> targets) {
        return Outbox.append(tx, event(rollout, endpoint, counts(targets)));
    }

    /**
     * Queues one event per changed endpoint, then one about the rollout itself when {@code aboutRollout}, in one
     * batch. The counts, taken once from {@code targets} (the targets after the change), go with every event: a step
     * that moves thousands of endpoints costs one pass over the targets, not one per endpoint.
     */
    static Future<Void> emitAll(SqlConnection tx, Rollout rollout, List<Target> changed, boolean aboutRollout,
                                List<Target> targets) {
        ObjectNode counts = counts(targets);
        List<EventEnvelope> events = new ArrayList<>(changed.size() + 1);
        changed.forEach(endpoint -> events.add(event(rollout, endpoint, counts)));
        if (aboutRollout) {
            events.add(event(rollout, null, counts));
        }
        return Outbox.appendAll(tx, events);
    }

    private static EventEnvelope event(Rollout rollout, Target endpoint, ObjectNode counts) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("tenant", rollout.tenant());
        data.put("app", rollout.app());
        data.put("rolloutId", rollout.id().toString());
        data.put("revision", rollout.revision());
        data.put("state", rollout.state().wire());
        if (rollout.reason() != null) {
            data.put("reason", truncate(rollout.reason()));
        }
        if (endpoint != null) {
            ObjectNode changed = data.putObject("endpoint").put("id", endpoint.endpoint())
                    .put("state", endpoint.state().wire());
            if (endpoint.reason() != null) {
                changed.put("reason", truncate(endpoint.reason()));
            }
        }
        data.set("counts", counts.deepCopy());
        return EventEnvelope.create(DeploymentConfig.SERVICE, "rollout.progressed", rollout.tenant(), rollout.app(),
                data);
    }

    private static String truncate(String text) {
        return text.length() <= 2048 ? text : text.substring(0, 2045) + "...";
    }
}
