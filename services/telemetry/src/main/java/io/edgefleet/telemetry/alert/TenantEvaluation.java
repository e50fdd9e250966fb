package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.db.Outbox;
import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.telemetry.TelemetryConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of one tenant's rules, inside one transaction: every series whose condition holds gets or keeps an
 * open alert (pending, or firing once it held for the rule's for-duration), every open alert whose condition no longer
 * holds resolves (a pending one is dropped), and firing alerts are notified unless silenced. Lifecycle events go
 * to the outbox in the same transaction, so a restart neither loses nor repeats them.
 */
final class TenantEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(TenantEvaluation.class);

    private record Holding(AlertRule rule, Series series) {
    }

    private final SqlConnection tx;
    private final String tenant;
    private final OffsetDateTime now;
    private final Duration staleness;
    private final Duration resend;
    private final AlertNotifier notifier;
    private final AlertStore alerts;
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Map<String, Holding> holding = new HashMap<>();
    private final Set<String> present = new HashSet<>();
    private int events;

    TenantEvaluation(SqlConnection tx, String tenant, OffsetDateTime now, AlertSettings settings, AlertNotifier notifier) {
        this.tx = tx;
        this.tenant = tenant;
        this.now = now;
        this.staleness = settings.staleness();
        this.resend = settings.resend();
        this.notifier = notifier;
        this.alerts = new AlertStore(tx);
    }

    /** Runs the evaluation; the number of lifecycle events it wrote. */
    Future<Integer> run() {
        return new RuleStore(tx).list(tenant)
                .compose(all -> {
                    all.stream().filter(AlertRule::enabled).forEach(rule -> rules.put(rule.id(), rule));
                    return sequentially(List.copyOf(rules.values()), this::collect);
                })
                .compose(v -> alerts.open(tenant))
                .compose(open -> {
                    Map<String, Alert> byKey = new HashMap<>();
                    open.forEach(alert -> byKey.put(alert.ruleId() + "|" + alert.series(), alert));
                    return sequentially(List.copyOf(holding.entrySet()), e -> hold(e.getValue(), byKey.get(e.getKey())))
                            .compose(v -> sequentially(open.stream().filter(a -> !holding.containsKey(a.ruleId() + "|" + a.series())).toList(),
                                    this::release));
                })
                .compose(v -> notifications())
                .map(v -> events);
    }

    private Future<Void> collect(AlertRule rule) {
        return SeriesQueries.of(tx, tenant, rule, now, now.minus(staleness)).map(series -> {
            for (Series s : series) {
                String key = rule.id() + "|" + s.key();
                present.add(key);
                if (rule.comparison().holds(s.value(), rule.threshold())) {
                    holding.put(key, new Holding(rule, s));
                }
            }
            return null;
        });
    }

    private Future<Void> hold(Holding h, Alert open) {
        AlertRule rule = h.rule();
        Map<String, String> labels = AlertLabels.labels(tenant, rule, h.series());
        Map<String, String> annotations = AlertLabels.annotations(rule, h.series());
        if (open == null) {
            boolean fires = rule.forSeconds() == 0;
            return alerts.insert(tenant, rule.id(), h.series().key(), fires ? "firing" : "pending", rule.severity(), labels,
                    annotations, h.series().value(), now, fires ? now : null)
                    .compose(alert -> fires ? fired(alert) : Future.succeededFuture());
        }
        boolean fires = open.state().equals("pending")
                && !open.activeSince().plusSeconds(rule.forSeconds()).isAfter(now);
        String state = fires ? "firing" : open.state();
        return alerts.observe(open.id(), h.series().value(), rule.severity(), labels, annotations, state,
                fires ? now : open.firedAt()).compose(alert -> fires ? fired(alert) : Future.succeededFuture());
    }

    private Future<Void> release(Alert open) {
        if (open.state().equals("pending")) {
            return alerts.dropPending(open.id());
        }
        String key = open.ruleId() + "|" + open.series();
        String reason = !rules.containsKey(open.ruleId()) ? "rule-removed"
                : present.contains(key) ? "condition-cleared" : "series-gone";
        return alerts.resolve(open.id(), now, reason).compose(alert -> {
            LOG.info("alert {} of rule {} resolved for {} in tenant {}: {}", alert.id(), alert.ruleId(), alert.series(),
                    tenant, reason);
            return event("alert.resolved", alert);
        });
    }

    private Future<Void> fired(Alert alert) {
        LOG.info("alert {} of rule {} fires for {} in tenant {} (value {})", alert.id(), alert.ruleId(), alert.series(),
                tenant, alert.value());
        return event("alert.firing", alert);
    }

    private Future<Void> event(String type, Alert alert) {
        events++;
        return Outbox.append(tx, EventEnvelope.create(TelemetryConfig.SERVICE, type, tenant, alert.id().toString(),
                alert.toJson()));
    }

    /** Firing alerts not yet notified (and not silenced) are notified; resolved ones that were notified, too. */
    private Future<Void> notifications() {
        return new SilenceStore(tx).active(tenant, now).compose(silences -> alerts.open(tenant)
                .compose(open -> sequentially(open.stream().filter(a -> a.state().equals("firing")).toList(), alert -> {
                    boolean silenced = silences.stream().anyMatch(s -> s.matches(alert.labels()));
                    if (silenced || alert.notified()) {
                        return silenced == alert.silenced() ? Future.succeededFuture()
                                : alerts.mark(alert.id(), silenced, alert.notified(), alert.channels());
                    }
                    AlertRule rule = rules.get(alert.ruleId());
                    return notifier.notify(tx, alert, true, rule == null ? List.of() : rule.channels())
                            // with no channel to tell, the alert stays unnotified: a channel added later hears of it
                            .compose(channels -> alerts.mark(alert.id(), false, !channels.isEmpty(), channels));
                })))
                .compose(v -> alerts.dueForResend(tenant, now.minus(resend)))
                .compose(due -> alerts.open(tenant).compose(open -> sequentially(
                        open.stream().filter(a -> due.contains(a.id())).toList(),
                        alert -> notifier.stillFiring(tx, alert).compose(v -> alerts.resent(alert.id())))))
                .compose(v -> alerts.resolvedToNotify(tenant))
                .compose(resolved -> sequentially(resolved, alert -> notifier.notify(tx, alert, false, alert.channels())
                        .compose(channels -> alerts.mark(alert.id(), alert.silenced(), false, alert.channels()))));
    }

    private static <T> Future<Void> sequentially(List<T> items, Function<T, Future<?>> step) {
        Future<?> chain = Future.succeededFuture();
        for (T item : items) {
            chain = chain.compose(v -> step.apply(item));
        }
        return chain.mapEmpty();
    }
}
