package io.edgefleet.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * GPUs handed to the container (Docker's device request, as {@code docker run --gpus} makes it).
 *
 * @param count        how many GPUs; -1 = all; {@code null} when {@code deviceIds} names them
 * @param deviceIds    the GPUs by id or index
 * @param capabilities driver capabilities, e.g. {@code gpu}, {@code utility}; empty = {@code gpu}
 */
public record GpuRequest(Integer count, List<String> deviceIds, List<String> capabilities) {

    public GpuRequest {
        deviceIds = List.copyOf(deviceIds);
        capabilities = List.copyOf(capabilities);
    }

    static GpuRequest fromJson(JsonNode node) {
        return new GpuRequest(SpecJson.integer(node, "count"), SpecJson.strings(node, "deviceIds"),
                SpecJson.strings(node, "capabilities"));
    }
}
