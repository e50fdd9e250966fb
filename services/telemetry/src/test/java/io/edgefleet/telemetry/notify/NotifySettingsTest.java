package io.edgefleet.telemetry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifySettingsTest {

    private final NotifySettings settings = NotifySettings.fromEnv(Env.of(Map.of(
            "EDGEFLEET_WEBHOOK_BACKOFF_MILLIS", "1000", "EDGEFLEET_WEBHOOK_MAX_BACKOFF_SECONDS", "60")));

    @Test
    void retryDelaysDoubleWithJitterUpToTheMaximum() {
        assertThat(settings.retryDelayMillis(1, 0.0)).isEqualTo(500);
        assertThat(settings.retryDelayMillis(1, 1.0)).isEqualTo(1000);
        assertThat(settings.retryDelayMillis(3, 1.0)).isEqualTo(4000);
        assertThat(settings.retryDelayMillis(30, 1.0)).isEqualTo(60_000);
        assertThat(settings.retryDelayMillis(30, 0.0)).isEqualTo(30_000);
    }

    @Test
    void signaturesDependOnSecretTimestampAndBody() {
        String signature = WebhookSignature.sign("k", 100, "{}");
        assertThat(signature).startsWith("sha256=").hasSize(7 + 64);
        assertThat(WebhookSignature.verify("k", 100, "{}", signature)).isTrue();
        assertThat(WebhookSignature.verify("k", 101, "{}", signature)).isFalse();
        assertThat(WebhookSignature.verify("k", 100, "{ }", signature)).isFalse();
        assertThat(WebhookSignature.verify("k", 100, "{}", null)).isFalse();
    }
}
