package io.edgefleet.agent.reconcile;

/**
 * Why the reconciler could not bring an app to its spec, worded for an operator; it becomes the app's status message.
 */
final class AppFailure extends RuntimeException {

    private final boolean retryable;

    /**
     * @param retryable whether trying the same spec again later may succeed (a registry or disk space problem), as
     *                  opposed to a container that does not run (which waits for a new desired document)
     */
    AppFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
