package io.edgefleet.kit.mqtt;

import io.edgefleet.kit.db.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler whose work is a database write and tries a write that failed in a way that may pass
 * ({@link DatabaseFailures#isTransient}: PostgreSQL restarting or unreachable) again with backoff, for as long as it
 * takes. A failure that would repeat is logged and given up, so one bad message cannot hold the subscription.
 *
 * <p>With {@code ackAfterStore} the message's PUBACK is sent only once the write succeeded: until then the broker keeps
 * the message for the persistent session and delivers it again after a reconnect (the handlers' writes are
 * idempotent), so neither an outage nor a crash loses it. HiveMQ sends a session its next messages only once those in
 * flight were acknowledged, so this couples every subscription of the connection to its slowest write. Without it the
 * PUBACK goes at once and the retries live in memory: an outage loses nothing, a crash during one may.
 */
final class UntilStored implements Handler<InboundMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(UntilStored.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    private static final long SHORTEST_DELAY_MILLIS = 50;

    private final Vertx vertx;
    private final String filter;
    private final Function<InboundMessage, Future<?>> store;
    private final BooleanSupplier closed;
    private final boolean ackAfterStore;

    UntilStored(Vertx vertx, String filter, Function<InboundMessage, Future<?>> store, BooleanSupplier closed,
                boolean ackAfterStore) {
        this.vertx = vertx;
        this.filter = filter;
        this.store = store;
        this.closed = closed;
        this.ackAfterStore = ackAfterStore;
    }

    @Override
    public void handle(InboundMessage message) {
        // not deferred: the client sends the PUBACK as soon as this returns
        Acknowledgement ack = ackAfterStore ? message.ack().defer() : Acknowledgement.none();
        attempt(message, ack, new Backoff(FIRST_RETRY, LONGEST_RETRY), 1);
    }

    private void attempt(InboundMessage message, Acknowledgement ack, Backoff backoff, int attempt) {
        Future<?> stored;
        try {
            stored = store.apply(message);
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        stored.onComplete(done -> {
            if (done.succeeded()) {
                if (attempt > 1) {
                    LOG.info("message from {} stored at attempt {}", message.topic(), attempt);
                }
                ack.send();
            } else if (!DatabaseFailures.isTransient(done.cause())) {
                LOG.error("MQTT handler for {} failed on message from {}; not tried again", filter, message.topic(),
                        done.cause());
                ack.send();
            } else if (closed.getAsBoolean()) {
                // if still unacknowledged, the broker delivers it again to this service's next session
                LOG.warn("message from {} not stored before the client closed: {}", message.topic(), done.cause().toString());
            } else {
                long delay = Math.max(SHORTEST_DELAY_MILLIS, backoff.nextDelayMillis());
                if (attempt == 1) {
                    LOG.warn("message from {} not stored ({}); trying again until the database answers", message.topic(),
                            done.cause().toString());
                }
                vertx.setTimer(delay, timer -> attempt(message, ack, backoff, attempt + 1));
            }
        });
    }
}
