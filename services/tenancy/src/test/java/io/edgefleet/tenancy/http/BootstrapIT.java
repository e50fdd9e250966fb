package io.edgefleet.tenancy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.testing.Await;
import io.edgefleet.tenancy.TenancyService;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BootstrapIT {

    private static TenancyHarness harness;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theBootstrapAdminCanLogInAndASecondStartCreatesNoOther() {
        Http.Response login = harness.http().post("/api/v1/auth/login", "{\"email\":\"" + TenancyHarness.ADMIN_EMAIL
                + "\",\"password\":\"" + TenancyHarness.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);

        TenancyService second = Await.result(harness.deployAnother(Map.of(
                "EDGEFLEET_BOOTSTRAP_ADMIN_EMAIL", "other-root@example.com",
                "EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", "granite-osprey-66-lumen")));
        try {
            assertThat(harness.sql("SELECT email FROM tenancy.users WHERE platform_admin"))
                    .extracting(row -> row.get("email")).containsExactly(TenancyHarness.ADMIN_EMAIL);
        } finally {
            Await.result(second.close());
        }
    }

    @Test
    void aWeakBootstrapPasswordFailsTheStartNamingTheVariableNotTheValue() {
        Throwable failure = Await.failure(harness.deployAnother(Map.of("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD", "short")));
        assertThat(failure.getMessage()).contains("EDGEFLEET_BOOTSTRAP_ADMIN_PASSWORD").doesNotContain("short");
    }

    @Test
    void aMalformedSigningKeyFailsTheStart() {
        Throwable failure = Await.failure(harness.deployAnother(Map.of("EDGEFLEET_JWT_PRIVATE_KEY_PEM",
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----")));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String huge = "x".repeat(40_000);
        Http.Response response = harness.http().post("/api/v1/tenants", "{\"id\":\"big\",\"displayName\":\"" + huge + "\"}");
        assertThat(response.status()).isEqualTo(413);
        assertThat(harness.http().get("/api/v1/tenants/big").status()).isEqualTo(404);
    }
}
