package io.edgefleet.agent.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgefleet.agent.runtime.ContainerInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One container on the engine, an item of the state's {@code containers} ({@code state.schema.json}).
 *
 * @param app the app of a managed container; absent for the others
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerReport(String id, String name, String image, String state, String status, boolean managed,
                              String app, Map<String, String> labels, Instant created,
                              Map<String, String> ipAddresses, List<PortReport> ports, int restartCount,
                              String health) {

    /** A port of the container; host address and port are absent when it is not published. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PortReport(int containerPort, String hostIp, Integer hostPort, String protocol) {
    }

    private static final int MAX_STATUS = 256;

    /** The report of what the engine says about a container. */
    public static ContainerReport of(ContainerInfo info) {
        String status = info.status() == null || info.status().length() <= MAX_STATUS ? info.status()
                : info.status().substring(0, MAX_STATUS);
        return new ContainerReport(info.id(), info.name(), info.image(), info.state(), status, info.managed(),
                info.app(), info.labels(), info.created(), info.ipAddresses(),
                info.ports().stream().map(port -> new PortReport(port.containerPort(), port.hostIp(),
                        port.hostPort(), port.protocol())).toList(),
                info.restartCount(), info.health());
    }

    /**
     * The same report without Docker's human status text, which changes every minute ("Up 3 minutes") without
     * anything having happened; state and health carry what matters.
     */
    public ContainerReport withoutStatusText() {
        return new ContainerReport(id, name, image, state, null, managed, app, labels, created, ipAddresses, ports,
                restartCount, health);
    }
}
