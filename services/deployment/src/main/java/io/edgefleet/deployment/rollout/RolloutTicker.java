package io.edgefleet.deployment.rollout;

import io.edgefleet.deployment.desired.TenantLock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps every rollout in progress, tenant by tenant (one transaction each, under the tenant's lock), every tick and
 * as soon as an agent reports. Passes never overlap: a wake during a pass runs one more pass after it.
 */
public final class RolloutTicker extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutTicker.class);

    private final Pool pool;
    private final RolloutEngine engine;
    private final Duration tick;
    private final Runnable afterCommit;
    private Context home;
    private long timer = -1;
    private boolean running;
    private boolean again;

    /** @param afterCommit runs after a pass that may have queued messages (wakes the outbox relay) */
    public RolloutTicker(Pool pool, RolloutEngine engine, Duration tick, Runnable afterCommit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    @Override
    public Future<?> start() {
        home = context;
        timer = vertx.setPeriodic(tick.toMillis(), id -> pass());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    /** Asks for a pass soon; callable from any thread. */
    public void wake() {
        Context context = home;
        if (context != null) {
            context.runOnContext(v -> pass());
        }
    }

    private void pass() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        engine.store().tenantsInProgress(pool).compose(this::stepAll)
                .onFailure(e -> LOG.warn("rollout pass failed; the next tick tries again: {}", e.toString()))
                .onComplete(done -> {
                    running = false;
                    afterCommit.run();
                    if (again) {
                        again = false;
                        pass();
                    }
                });
    }

    private Future<Void> stepAll(List<String> tenants) {
        Future<Void> chain = Future.succeededFuture();
        for (String tenant : tenants) {
            chain = chain.compose(v -> pool.withTransaction(tx -> TenantLock.acquire(tx, tenant)
                    .compose(locked -> engine.stepTenant(tx, tenant))));
        }
        return chain;
    }
}
