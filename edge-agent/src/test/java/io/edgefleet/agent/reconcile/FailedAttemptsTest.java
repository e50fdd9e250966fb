package io.edgefleet.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

    private static final Instant AT = Instant.parse("2025-06-01T08:00:00Z");
    private final FailedAttempts attempts = new FailedAttempts();

    @Test
    void aRetryableFailureBlocksTheSameSpecWithADoublingBackoff() {
        attempts.failed("web", "h1", new AppFailure("registry down", true), AT);
        assertThat(attempts.blocking("web", "h1", AT.plusSeconds(29))).isPresent();
        assertThat(attempts.blocking("web", "h1", AT.plusSeconds(30))).isEmpty();
        assertThat(attempts.blocking("web", "h2", AT)).as("another spec is tried at once").isEmpty();

        attempts.failed("web", "h1", new AppFailure("registry down", true), AT);
        assertThat(attempts.blocking("web", "h1", AT.plusSeconds(59))).isPresent();
        assertThat(attempts.blocking("web", "h1", AT.plusSeconds(60))).isEmpty();
    }

    @Test
    void aContainerThatDidNotRunWaitsForANewDocument() {
        attempts.failed("web", "h1", new AppFailure("exited at once", false), AT);
        assertThat(attempts.blocking("web", "h1", AT.plusSeconds(86_400))).isPresent();

        attempts.clear();

        assertThat(attempts.blocking("web", "h1", AT)).isEmpty();
    }
}
