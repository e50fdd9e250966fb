package io.edgefleet.telemetry.subscription;

import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.kit.mqtt.InboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores every tenant event seen on {@code fleet/v1/{tenant}/events/#} into the event log, one at a time: a position
 * is then taken and committed in the same order, so a reader paging by position never sees a later event before an
 * earlier one. Events whose CloudEvent tenant differs from the topic's are not logged (the gateway never streams
 * them either); malformed ones are the producing service's to dead-letter. Stored events are handed on to
 * {@code afterStored} (the webhook subscriptions).
 */
final class EventLogWriter {

    /** Events waiting to be written beyond which new ones are dropped (and counted) instead of queued. */
    static final int MAX_PENDING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventLogWriter.class);

    private final EventLogStore store;
    private final Consumer<EventEnvelope> afterStored;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter logged;
    private final Counter skipped;
    private Future<Void> tail = Future.succeededFuture();

    EventLogWriter(EventLogStore store, Consumer<EventEnvelope> afterStored, MeterRegistry meters) {
        this.store = store;
        this.afterStored = afterStored;
        this.logged = Counter.builder("edgefleet_telemetry_event_log_events_total")
                .description("Tenant events stored in the event log").register(meters);
        this.skipped = Counter.builder("edgefleet_telemetry_event_log_skipped_total")
                .description("Messages on event topics not logged: not a CloudEvent, wrong tenant, or too many waiting")
                .register(meters);
        meters.gauge("edgefleet_telemetry_event_log_pending", pending);
    }

    void handle(InboundMessage message) {
        String[] levels = message.topic().split("/");
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(message.payload());
        } catch (IllegalArgumentException e) {
            skipped.increment();
            LOG.debug("not logging message on {}: {}", message.topic(), e.getMessage());
            return;
        }
        if (levels.length < 5 || !levels[2].equals(event.tenant())) {
            skipped.increment();
            LOG.debug("not logging event {} on {}: its tenant is {}", event.id(), message.topic(), event.tenant());
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            skipped.increment();
            LOG.error("event log is {} events behind; event {} of tenant {} not logged", MAX_PENDING, event.id(),
                    event.tenant());
            return;
        }
        tail = tail.transform(previous -> store.append(event)
                .onSuccess(stored -> {
                    if (stored) {
                        logged.increment();
                        afterStored.accept(event);
                    }
                })
                .onFailure(e -> LOG.error("event {} of tenant {} not logged", event.id(), event.tenant(), e))
                .onComplete(done -> pending.decrementAndGet())
                .<Void>mapEmpty()
                .otherwiseEmpty());
    }
}
