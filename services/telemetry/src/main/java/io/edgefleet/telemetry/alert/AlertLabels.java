package io.edgefleet.telemetry.alert;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and annotations an alert carries (what silences match and what Alertmanager groups by). */
final class AlertLabels {

    private AlertLabels() {
    }

    static Map<String, String> labels(String tenant, AlertRule rule, Series series) {
        Map<String, String> labels = new LinkedHashMap<>(rule.labels());
        labels.put("alertname", rule.name());
        labels.put("rule", rule.id());
        labels.put("severity", rule.severity());
        labels.put("tenant", tenant);
        labels.putAll(series.labels());
        return labels;
    }

    /** The rule's annotations; a {@code summary} that says what holds where, unless the rule has its own. */
    static Map<String, String> annotations(AlertRule rule, Series series) {
        Map<String, String> annotations = new LinkedHashMap<>(rule.annotations());
        String measured = rule.builtin() == null ? rule.metric() : rule.builtin().id();
        annotations.putIfAbsent("summary", measured + " " + rule.comparison().symbol() + " " + number(rule.threshold())
                + " on " + String.join(" ", series.labels().values()) + " (value " + number(series.value()) + ")");
        return annotations;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }
}
