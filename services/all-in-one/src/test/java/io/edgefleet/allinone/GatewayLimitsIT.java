package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-caller and per-address request budgets at the gateway give 429 problems with Retry-After. */
class GatewayLimitsIT {

    @TempDir Path home;

    @Test
    void callersPastTheirBudgetGet429WithRetryAfterAndOthersAreUnaffected() throws Exception {
        try (PlatformProcess platform = new PlatformProcess(home.resolve("limited"))
                .withEnv("EDGEFLEET_RATE_LIMIT_PER_MINUTE", "5")
                .withEnv("EDGEFLEET_OPEN_RATE_LIMIT_PER_MINUTE", "4")
                .start()) {
            ApiClient admin = platform.admin(); // login: 1 of the address's 4
            TenantWorld world = new TenantWorld(platform, admin);
            ApiClient viewer = world.member("default", "viewer", "vic"); // 2 of the admin's 5, login 2 of 4
            int last = 0;
            for (int i = 0; i < 6; i++) {
                last = admin.call("GET", "/api/v1/tenants/default/endpoints", null).status();
            }
            ApiClient.Response limited = admin.call("GET", "/api/v1/tenants/default/endpoints", null);
            assertThat(last).isEqualTo(429);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.body().path("type").asText()).endsWith("/rate-limited");

            // another caller has a budget of its own (awaitActive spent a few of it)
            assertThat(viewer.call("GET", "/api/v1/me", null).status()).isEqualTo(200);

            ApiClient anonymous = new ApiClient(platform.gatewayUri(), null);
            int loginStatus = 0;
            for (int i = 0; i < 3; i++) {
                loginStatus = anonymous.call("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"x\"}").status();
            }
            assertThat(loginStatus).isEqualTo(429);
        }
    }
}
