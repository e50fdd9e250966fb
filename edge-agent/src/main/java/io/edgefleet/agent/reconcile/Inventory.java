package io.edgefleet.agent.reconcile;

import io.edgefleet.agent.payload.AppStatus;
import io.edgefleet.agent.runtime.ContainerInfo;
import java.util.List;

/**
 * What the reconciler knows after a pass (or a step of one): the state document's apps, containers and
 * observedGeneration.
 *
 * @param observedGeneration the newest desired generation fully processed, 0 before any
 * @param apps               every app's status, by name
 * @param containers         every container on the engine as last listed
 */
public record Inventory(long observedGeneration, List<AppStatus> apps, List<ContainerInfo> containers) {

    public Inventory {
        apps = List.copyOf(apps);
        containers = List.copyOf(containers);
    }
}
