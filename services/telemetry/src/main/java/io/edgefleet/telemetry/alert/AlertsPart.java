package io.edgefleet.telemetry.alert;

import io.edgefleet.telemetry.TelemetryContext;
import io.edgefleet.telemetry.TelemetryPart;
import io.edgefleet.telemetry.fleet.FleetProjection;
import io.edgefleet.telemetry.fleet.FleetStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * Alerting: the fleet projection (endpoint labels, presence, app phases), the rule evaluator, and the API for rules,
 * alerts, silences and notification channels. Settings: {@link AlertSettings}.
 */
public final class AlertsPart implements TelemetryPart {

    private TelemetryContext context;

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public Future<Void> start(TelemetryContext context) {
        this.context = context;
        AlertSettings settings = AlertSettings.fromEnv(context.config().env());
        ChannelNotifier notifier = new ChannelNotifier(AlertDeliveries.of(context.webhooks()), settings);
        return context.deploy(new FleetProjection(new FleetStore(context.pool()), context.mqtt(), context.ingress(),
                        context.deadLetters()))
                .compose(v -> context.deploy(new TenantCleanup(context.pool(), context.webhooks(), context.mqtt(),
                        context.ingress(), context.deadLetters())))
                .compose(v -> context.deploy(new AlertEvaluator(context.pool(), settings, notifier, () -> {
                    context.wakeRelay().run();
                    context.webhooks().wake();
                }, context.meters())))
                .mapEmpty();
    }

    @Override
    public void mount(Router router) {
        new RuleRoutes(context.pool(), context.schemas()).mount(router);
        new AlertRoutes(context.pool()).mount(router);
        new SilenceRoutes(context.pool(), context.schemas()).mount(router);
        new ChannelRoutes(context.pool(), context.schemas(), context.webhooks()).mount(router);
    }
}
