package io.edgefleet.telemetry.alert;

import io.edgefleet.kit.config.Env;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the alerts part.
 *
 * @param evaluationMillis {@value #EVALUATION_MILLIS}: how often rules are evaluated (default 15000)
 * @param staleness        {@value #STALENESS_SECONDS}: a series whose newest sample is older is gone (default 300)
 * @param publicUrl        {@value #PUBLIC_URL}: the platform's public base URL, for links in notifications
 *                         ({@code generatorURL}); absent: notifications carry no link
 * @param maxAttempts      {@value #DELIVERY_ATTEMPTS}: delivery attempts per notification before it is dead (default 8)
 * @param resend           {@value #RESEND_SECONDS}: how often a firing alert is sent to Alertmanager channels again
 *                         (default 60; Alertmanager resolves an alert that is not sent again within its resolve timeout)
 */
public record AlertSettings(long evaluationMillis, Duration staleness, Optional<String> publicUrl, int maxAttempts,
                            Duration resend) {

    public static final String EVALUATION_MILLIS = "EDGEFLEET_ALERT_EVALUATION_MILLIS";
    public static final String STALENESS_SECONDS = "EDGEFLEET_ALERT_STALENESS_SECONDS";
    public static final String PUBLIC_URL = "EDGEFLEET_PUBLIC_URL";
    public static final String DELIVERY_ATTEMPTS = "EDGEFLEET_ALERT_DELIVERY_ATTEMPTS";
    public static final String RESEND_SECONDS = "EDGEFLEET_ALERT_RESEND_SECONDS";

    public static AlertSettings fromEnv(Env env) {
        return new AlertSettings(
                env.integer(EVALUATION_MILLIS, 15_000, 100, 3_600_000),
                env.seconds(STALENESS_SECONDS, 300),
                env.optional(PUBLIC_URL).map(url -> url.replaceAll("/+$", "")),
                env.integer(DELIVERY_ATTEMPTS, 8, 1, 50),
                Duration.ofSeconds(env.integer(RESEND_SECONDS, 60, 1, 86_400)));
    }
}
