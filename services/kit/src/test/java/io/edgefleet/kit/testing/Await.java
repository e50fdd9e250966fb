package io.edgefleet.kit.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread (never an event loop) on a Vert.x future. */
public final class Await {

    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    /** The future's result, or its failure rethrown (unchecked) within 30 s. */
    public static <T> T result(Future<T> future) {
        return result(future, DEFAULT);
    }

    public static <T> T result(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause.toString(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("future did not complete within " + timeout, e);
        }
    }

    /** The future's failure within 30 s; fails the test when the future succeeds. */
    public static Throwable failure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("future did not complete within " + DEFAULT, e);
        }
        throw new AssertionError("expected the future to fail, but it succeeded");
    }
}
