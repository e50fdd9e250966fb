package io.edgefleet.registry.presence;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one after another per key (per endpoint), so that two messages of one endpoint
 * are applied in the order they arrived even though each takes a database round trip. Used from one event
 * loop only.
 */
final class Sequencer {

    private final Map<String, Future<Void>> tails = new HashMap<>();

    /** Runs the task after every earlier task of the same key finished (successfully or not). */
    <T> Future<T> run(String key, Supplier<Future<T>> task) {
        Future<Void> previous = tails.getOrDefault(key, Future.succeededFuture());
        Future<T> result = previous.transform(ignored -> task.get());
        Future<Void> tail = result.transform(ignored -> Future.succeededFuture());
        tails.put(key, tail);
        tail.onComplete(ignored -> tails.remove(key, tail));
        return result;
    }

    /** Completes when every task queued so far finished. */
    Future<Void> idle() {
        return Future.join(new ArrayList<>(tails.values())).mapEmpty();
    }
}
