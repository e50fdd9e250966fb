package io.edgefleet.agent.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;

/**
 * A docker-java stream callback that keeps its failure for the caller instead of logging it at ERROR with a stack
 * trace (docker-java's default): the caller turns it into a {@link RuntimeFailure} with a clear message.
 */
class QuietCallback<T> extends ResultCallback.Adapter<T> {

    private volatile Throwable failure;

    @Override
    public void onError(Throwable throwable) {
        if (failure == null) {
            failure = throwable;
        }
        closeQuietly();
    }

    /** The stream's failure, or {@code null}. */
    Throwable failure() {
        return failure;
    }

    /** Throws the stream's failure as a RuntimeException, if there was one. */
    void rethrow() {
        Throwable error = failure;
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error != null) {
            throw new IllegalStateException(error.toString(), error);
        }
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // closing an abandoned stream: nothing left to do with it
        }
    }
}
