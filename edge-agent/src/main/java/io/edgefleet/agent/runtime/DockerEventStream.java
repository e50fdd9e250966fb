package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's container events and hands each to a listener. When the stream ends or breaks (engine
 * restarted, socket closed) it reconnects after a backoff of 1 s doubling to 30 s (±25 % jitter), asking the
 * engine to replay what happened since the last event it delivered, and tells the listener with a
 * {@link RuntimeEvent#RESYNC} on every (re)connect.
 */
final class DockerEventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEventStream.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Supplier<DockerClient> docker;
    private final Consumer<RuntimeEvent> listener;
    private final Clock clock;
    private final ScheduledExecutorService reconnects;
    private final Object lock = new Object();
    private Callback current;
    private long lastEventNanos;
    private long backoffMillis = 1000;
    private boolean closed;

    DockerEventStream(Supplier<DockerClient> docker, Consumer<RuntimeEvent> listener, Clock clock) {
        this.docker = docker;
        this.listener = listener;
        this.clock = clock;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "docker-events-reconnect");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        reconnects.execute(this::connect);
    }

    private void connect() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            var command = docker.get().eventsCmd().withEventTypeFilter(EventType.CONTAINER);
            if (lastEventNanos > 0) {
                command.withSince(lastEventNanos / 1_000_000_000L + "." + String.format("%09d",
                        lastEventNanos % 1_000_000_000L));
            }
            current = new Callback();
            try {
                command.exec(current);
            } catch (RuntimeException e) {
                current.onError(e);
            }
        }
    }

    private void ended(Callback callback, Throwable failure) {
        synchronized (lock) {
            // docker-java may report one end twice (an error, then completion): reconnect once
            if (closed || callback != current) {
                return;
            }
            current = null;
            long delay = Math.round(backoffMillis * (0.75 + ThreadLocalRandom.current().nextDouble() * 0.5));
            LOG.warn("Docker event stream ended ({}); reconnecting in {} ms",
                    failure == null ? "closed by the engine" : DockerFailures.reason(failure), delay);
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            reconnects.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void started() {
        synchronized (lock) {
            backoffMillis = 1000;
        }
        deliver(RuntimeEvent.resync(clock.instant()));
    }

    private void received(Event event) {
        Long nanos = event.getTimeNano();
        synchronized (lock) {
            if (nanos != null) {
                // a replay after reconnect starts at the last delivered event's instant: skip what was delivered
                if (nanos <= lastEventNanos) {
                    return;
                }
                lastEventNanos = nanos;
            }
        }
        RuntimeEvent converted = convert(event, clock);
        if (converted != null) {
            deliver(converted);
        }
    }

    private void deliver(RuntimeEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.error("the Docker event listener failed on {} of {}", event.action(), event.containerId(), e);
        }
    }

    static RuntimeEvent convert(Event event, Clock clock) {
        if (event.getType() != null && event.getType() != EventType.CONTAINER) {
            return null;
        }
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        if (action == null) {
            return null;
        }
        Map<String, String> attributes = new HashMap<>();
        if (event.getActor() != null && event.getActor().getAttributes() != null) {
            attributes.putAll(event.getActor().getAttributes());
        }
        // health events arrive as "health_status: healthy"; exec events as "exec_start: sh -c ..."
        int colon = action.indexOf(':');
        if (colon > 0) {
            String detail = action.substring(colon + 1).trim();
            action = action.substring(0, colon);
            if (action.equals("health_status")) {
                attributes.put("healthStatus", detail);
            }
        }
        String id = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId()
                : event.getId();
        Instant time = event.getTimeNano() != null
                ? Instant.ofEpochSecond(0, event.getTimeNano())
                : event.getTime() != null ? Instant.ofEpochSecond(event.getTime()) : clock.instant();
        String name = attributes.getOrDefault("name", "");
        return new RuntimeEvent(action, id == null ? "" : id, name, attributes, time);
    }

    @Override
    public void close() {
        Callback last;
        synchronized (lock) {
            closed = true;
            last = current;
        }
        if (last != null) {
            last.closeQuietly();
        }
        reconnects.shutdownNow();
    }

    private final class Callback extends QuietCallback<Event> {
        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            started();
        }

        @Override
        public void onNext(Event event) {
            received(event);
        }

        @Override
        public void onError(Throwable throwable) {
            super.onError(throwable);
            ended(this, throwable);
        }

        @Override
        public void onComplete() {
            super.onComplete();
            ended(this, null);
        }
    }
}
