package io.edgefleet.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.telemetry.testing.TelemetryHarness;
import org.junit.jupiter.api.Test;

class TelemetryServiceIT {

    @Test
    void startsMigratedAndReportsHealthMetricsAndRefusesCallsWithoutTheInternalToken() {
        try (TelemetryHarness telemetry = TelemetryHarness.start()) {
            assertThat(telemetry.anonymousHttp().get("/health/ready").status()).isEqualTo(200);
            assertThat(telemetry.anonymousHttp().get("/metrics").status()).isEqualTo(200);
            assertThat(telemetry.anonymousHttp().get("/api/v1/tenants/acme/metrics/latest").status()).isEqualTo(401);
            assertThat(telemetry.sql("SELECT count(*) AS n FROM telemetry.endpoints").get(0).get("n")).isEqualTo(0L);
        }
    }
}
