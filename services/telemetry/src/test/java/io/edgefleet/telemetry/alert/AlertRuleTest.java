package io.edgefleet.telemetry.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.labels.LabelSelector;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

    @Test
    void comparatorsCompareTheValueWithTheThreshold() {
        assertThat(Comparison.of(">").holds(2, 1)).isTrue();
        assertThat(Comparison.of(">").holds(1, 1)).isFalse();
        assertThat(Comparison.of(">=").holds(1, 1)).isTrue();
        assertThat(Comparison.of("<").holds(0.5, 1)).isTrue();
        assertThat(Comparison.of("<=").holds(1.5, 1)).isFalse();
        assertThat(Comparison.of("==").holds(1, 1)).isTrue();
        assertThat(Comparison.of("!=").holds(1, 1)).isFalse();
        assertThatThrownBy(() -> Comparison.of("=>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScopeNeedsEveryGivenConditionToHold() {
        RuleScope scope = RuleScope.fromJson(Json.parse("""
                {"selector": "site=qingdao", "endpoints": ["ep-abcdefghijkl"], "app": "web"}"""
                .getBytes(StandardCharsets.UTF_8)));
        Map<String, String> qingdao = Map.of("site", "qingdao");
        assertThat(scope.includes("ep-abcdefghijkl", qingdao, "web", "web-1")).isTrue();
        assertThat(scope.includes("ep-abcdefghijkm", qingdao, "web", "web-1")).isFalse();
        assertThat(scope.includes("ep-abcdefghijkl", Map.of("site", "x"), "web", "web-1")).isFalse();
        assertThat(scope.includes("ep-abcdefghijkl", qingdao, null, "other")).isFalse();
        assertThat(RuleScope.EVERYTHING.includes("ep-abcdefghijkl", Map.of(), null, "")).isTrue();
        assertThatThrownBy(() -> RuleScope.fromJson(Json.parse("{\"selector\": \"a in (\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(LabelSelector.InvalidSelectorException.class);
    }

    @Test
    void aStoredRuleReadsBackAsItWasAndABuiltInTakesOnlyItsTuning() {
        AlertRule rule = AlertRule.fromBody(UUID.randomUUID().toString(), Json.parse("""
                {"name": "HighMemory", "metric": "container_memory_usage_bytes", "scope": {"container": "web"},
                 "comparator": "<=", "threshold": 5, "forSeconds": 7, "severity": "info", "labels": {"team": "a"},
                 "annotations": {"summary": "s"}, "enabled": false}""".getBytes(StandardCharsets.UTF_8)));
        assertThat(AlertRule.stored(rule.id(), rule.toJson())).isEqualTo(rule);

        AlertRule offline = Builtin.ENDPOINT_OFFLINE.defaults();
        AlertRule tuned = AlertRule.stored("endpoint-offline", offline.tuned(Json.parse(
                "{\"threshold\": 5, \"enabled\": false}".getBytes(StandardCharsets.UTF_8))).tuningJson());
        assertThat(tuned.threshold()).isEqualTo(5);
        assertThat(tuned.enabled()).isFalse();
        assertThat(tuned.comparison()).isEqualTo(Comparison.GT);
        assertThat(tuned.severity()).isEqualTo("critical");
    }

    @Test
    void aSilenceMatchesLabelsByEveryMatcherWhileItIsActive() {
        OffsetDateTime now = OffsetDateTime.parse("2026-01-01T12:00:00Z");
        Silence silence = new Silence(UUID.randomUUID(), "acme", List.of(
                new Silence.Matcher("endpoint", "ep-abcdefghijkl", true),
                new Silence.Matcher("severity", "critical", false),
                new Silence.Matcher("container", "", true)), now.minusHours(1), now.plusHours(1), "u", "c");
        assertThat(silence.matches(Map.of("endpoint", "ep-abcdefghijkl", "severity", "warning"))).isTrue();
        assertThat(silence.matches(Map.of("endpoint", "ep-abcdefghijkl", "severity", "critical"))).isFalse();
        assertThat(silence.matches(Map.of("endpoint", "ep-abcdefghijkl", "container", "web"))).isFalse();
        assertThat(silence.activeAt(now)).isTrue();
        assertThat(silence.activeAt(now.plusHours(1))).isFalse();
    }
}
