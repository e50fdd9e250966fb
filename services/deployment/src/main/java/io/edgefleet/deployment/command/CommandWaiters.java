package io.edgefleet.deployment.command;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HTTP calls of this process waiting for a command's reply, keyed by command id. The reply consumer hands every stored
 * reply to {@link #replied}; a waiter is completed on the Vert.x context it waits on. With several deployment
 * instances the reply may be consumed by another one: the waiter then times out and the caller reads the database.
 */
public final class CommandWaiters {

    private record Waiter(Context context, Promise<Optional<Command>> promise, long timer) {
    }

    private final Vertx vertx;
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();

    public CommandWaiters(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /**
     * Waits for the reply of command {@code id}; register before publishing the command so a fast reply is not missed.
     *
     * @return the replied command, or empty once {@code max} has passed without a reply in this process
     */
    public Future<Optional<Command>> await(String id, Duration max) {
        if (max.isZero() || max.isNegative()) {
            return Future.succeededFuture(Optional.empty());
        }
        Context context = vertx.getOrCreateContext();
        Promise<Optional<Command>> promise = Promise.promise();
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(max.toMillis(), t -> {
            forget(id, promise);
            promise.tryComplete(Optional.empty());
        });
        waiting.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(new Waiter(context, promise, timer[0]));
        return promise.future();
    }

    /** Stops waiting for {@code id} (the command could not be sent). */
    public void cancel(String id) {
        List<Waiter> waiters = waiting.remove(id);
        if (waiters != null) {
            waiters.forEach(w -> {
                vertx.cancelTimer(w.timer());
                w.context().runOnContext(v -> w.promise().tryComplete(Optional.empty()));
            });
        }
    }

    /** Completes every call waiting for this command. */
    public void replied(Command command) {
        List<Waiter> waiters = waiting.remove(command.id());
        if (waiters != null) {
            waiters.forEach(w -> {
                vertx.cancelTimer(w.timer());
                w.context().runOnContext(v -> w.promise().tryComplete(Optional.of(command)));
            });
        }
    }

    /** How many calls are waiting (for tests and metrics). */
    public int size() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    private void forget(String id, Promise<Optional<Command>> promise) {
        waiting.computeIfPresent(id, (k, list) -> {
            list.removeIf(w -> w.promise() == promise);
            return list.isEmpty() ? null : list;
        });
    }
}
