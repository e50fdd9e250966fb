package io.edgefleet.agent;

import io.edgefleet.agent.control.ControlChannel;
import io.edgefleet.agent.payload.ContainerReport;
import io.edgefleet.agent.payload.Facts;
import io.edgefleet.agent.payload.StateReport;
import io.edgefleet.agent.reconcile.Inventory;
import io.edgefleet.agent.store.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the retained {@code state} current: the latest facts and the reconciler's latest {@link Inventory}, published
 * when they changed materially (see {@link StateReport#differsMateriallyFrom}) and on every connect. State is never
 * queued while offline: the next connect publishes the latest. Used on the agent loop only.
 */
final class StatePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatePublisher.class);

    private final ControlChannel channel;
    private final StateStore store;
    private final Clock clock;
    private final Executor onLoop;
    private final String agentVersion;
    private final Facts previousRunFacts;
    private Facts facts;
    private Inventory inventory = new Inventory(0, List.of(), List.of());
    private StateReport lastSent;
    private boolean anyAcknowledged;

    StatePublisher(ControlChannel channel, StateStore store, Clock clock, Executor onLoop, String agentVersion) {
        this.channel = channel;
        this.store = store;
        this.clock = clock;
        this.onLoop = onLoop;
        this.agentVersion = agentVersion;
        this.previousRunFacts = store.snapshot().lastPublishedFacts();
    }

    /** Takes freshly collected facts; they replace the published ones only when they changed materially. */
    void facts(Facts collected) {
        if (facts != null && !collected.differsMateriallyFrom(facts)) {
            return;
        }
        if (facts != null) {
            LOG.info("facts changed: {}", collected.changedFieldsSince(facts));
        }
        facts = collected;
    }

    /** Whether facts were collected yet. */
    boolean hasFacts() {
        return facts != null;
    }

    void inventory(Inventory latest) {
        inventory = latest;
    }

    /** Publishes the state if connected and it changed since the last publish, or always when {@code force}. */
    void publish(boolean force) {
        if (facts == null || !channel.isConnected()) {
            return;
        }
        StateReport report = new StateReport(inventory.observedGeneration(), clock.instant(), agentVersion, facts,
                inventory.apps(), inventory.containers().stream().map(ContainerReport::of).toList());
        if (!force && !report.differsMateriallyFrom(lastSent)) {
            return;
        }
        lastSent = report;
        channel.publishState(report).whenCompleteAsync((ok, failure) -> {
            if (failure == null) {
                acknowledged(report);
            } else {
                if (lastSent == report) {
                    lastSent = null;
                }
                LOG.warn("state reported at {} not acknowledged ({}); it is sent again on the next change, check or "
                        + "connect", report.reportedAt(), failure.toString());
            }
        }, onLoop);
    }

    private void acknowledged(StateReport report) {
        if (!anyAcknowledged && previousRunFacts != null && report.facts().differsMateriallyFrom(previousRunFacts)) {
            LOG.info("facts changed since the agent last ran: {}", report.facts().changedFieldsSince(previousRunFacts));
        }
        anyAcknowledged = true;
        LOG.info("state published, reported at {}: observed generation {}, {} apps, {} containers",
                report.reportedAt(), report.observedGeneration(), report.apps().size(), report.containers().size());
        try {
            store.recordPublishedFacts(report.facts(), report.reportedAt());
        } catch (IOException e) {
            LOG.warn("cannot record the published facts: {}", e.toString());
        }
    }
}
