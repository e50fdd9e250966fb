package io.edgefleet.telemetry.alert;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One series a rule looks at, with its current value: an endpoint, and where they apply its container, device
 * (mount, interface) and app.
 *
 * @param container      "" when none
 * @param device         "" when none
 * @param app            null when none
 * @param endpointLabels the endpoint's labels, for the rule's selector
 */
public record Series(String endpoint, String container, String device, String app, double value,
                     Map<String, String> endpointLabels) {

    /** Identity of the series within a rule: the same key in the next evaluation is the same alert. */
    public String key() {
        return "endpoint=" + endpoint + ",container=" + container + ",device=" + device + ",app=" + (app == null ? "" : app);
    }

    /** The series' own labels on an alert. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("endpoint", endpoint);
        if (!container.isEmpty()) {
            labels.put("container", container);
        }
        if (!device.isEmpty()) {
            labels.put("device", device);
        }
        if (app != null) {
            labels.put("app", app);
        }
        return labels;
    }
}
