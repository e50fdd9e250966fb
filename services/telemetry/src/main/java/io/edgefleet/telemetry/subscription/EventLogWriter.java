package io.edgefleet.telemetry.subscription;

import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores every tenant event seen on {@code fleet/v1/{tenant}/events/#} into the event log, one at a time: a position
 * is then taken and committed in the same order, so a reader paging by position never sees a later event before an
 * earlier one. Events whose CloudEvent tenant differs from the topic's are not logged (the gateway never streams
 * them either); malformed ones are the producing service's to dead-letter. In the transaction that logs an event,
 * its webhook deliveries are queued ({@link SubscriptionStore#fanOut}): an event the broker delivers again is neither
 * logged nor sent twice.
 */
final class EventLogWriter {

    /** Events waiting to be written beyond which new ones are dropped (and counted) instead of queued. */
    static final int MAX_PENDING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventLogWriter.class);

    private final EventLogStore store;
    private final SubscriptionStore subscriptions;
    private final Runnable wakeDeliveries;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter logged;
    private final Counter skipped;
    private Future<Void> tail = Future.succeededFuture();

    EventLogWriter(EventLogStore store, SubscriptionStore subscriptions, Runnable wakeDeliveries, MeterRegistry meters) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.wakeDeliveries = wakeDeliveries;
        this.logged = Counter.builder("edgefleet_telemetry_event_log_events_total")
                .description("Tenant events stored in the event log").register(meters);
        this.skipped = Counter.builder("edgefleet_telemetry_event_log_skipped_total")
                .description("Messages on event topics not logged: not a CloudEvent, wrong tenant, or too many waiting")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder("edgefleet_telemetry_event_log_pending", pending, Number::doubleValue)
                .description("Platform events received and not yet written to the event log")
                .register(meters);
    }

    /** Logs the event after the ones before it; the future completes when it is stored (or was not worth it). */
    Future<?> handle(InboundMessage message) {
        String[] levels = message.topic().split("/");
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.payload());
        } catch (IllegalArgumentException e) {
            skipped.increment();
            LOG.debug("not logging message on {}: {}", message.topic(), e.getMessage());
            return Future.succeededFuture();
        }
        if (levels.length < 5 || !levels[2].equals(event.tenant())) {
            skipped.increment();
            LOG.debug("not logging event {} on {}: its tenant is {}", event.id(), message.topic(), event.tenant());
            return Future.succeededFuture();
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            skipped.increment();
            LOG.error("event log is {} events behind; event {} of tenant {} not logged", MAX_PENDING, event.id(),
                    event.tenant());
            return Future.succeededFuture();
        }
        Future<?> appended = tail.transform(previous -> store.append(event, subscriptions::fanOut)
                .onSuccess(queued -> queued.ifPresent(deliveries -> {
                    logged.increment();
                    if (deliveries > 0) {
                        wakeDeliveries.run();
                    }
                }))
                .onComplete(done -> pending.decrementAndGet()));
        tail = appended.<Void>mapEmpty().otherwiseEmpty();
        return appended;
    }
}
