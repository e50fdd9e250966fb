package io.edgefleet.tenancy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsAtRestIT {

    @Test
    void noPasswordRefreshTokenOrApiTokenAppearsInTheTablesOrTheLogs() {
        String password = "cobalt-meadow-31-finch";
        try (TenancyHarness harness = TenancyHarness.start()) {
            Http http = harness.http();
            harness.createUser("secret-keeper@example.com", password);
            Http.Response login = http.post("/api/v1/auth/login",
                    "{\"email\":\"secret-keeper@example.com\",\"password\":\"" + password + "\"}");
            assertThat(login.status()).as(login.text()).isEqualTo(200);
            http.post("/api/v1/auth/login", "{\"email\":\"secret-keeper@example.com\",\"password\":\"" + password + "x\"}");
            String refresh = login.json().path("refreshToken").asText();
            String access = login.json().path("accessToken").asText();
            String rotated = http.post("/api/v1/auth/refresh", "{\"refreshToken\":\"" + refresh + "\"}")
                    .json().path("refreshToken").asText();
            String apiToken = http.post("/api/v1/tenants/default/tokens",
                    "{\"name\":\"ci\",\"role\":\"viewer\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}").json().path("token").asText();
            http.post("/internal/v1/tokens/introspect", "{\"token\":\"" + apiToken + "\"}");
            List<String> secrets = List.of(password, password + "x", TenancyHarness.ADMIN_PASSWORD, refresh, rotated,
                    apiToken, access, harness.internalToken());

            StringBuilder everything = new StringBuilder();
            for (String table : List.of("users", "memberships", "refresh_tokens", "api_tokens", "tenants", "outbox")) {
                for (Map<String, Object> row : harness.sql("SELECT * FROM tenancy." + table)) {
                    everything.append(row).append('\n');
                }
            }
            assertThat(everything).contains("$argon2id$v=19$m=19456,t=2,p=1$");
            secrets.forEach(secret -> assertThat(everything.toString()).as("tables").doesNotContain(secret));

            List<String> logs = harness.logLines();
            assertThat(logs).anySatisfy(line -> assertThat(line).contains("logged in"));
            secrets.forEach(secret -> assertThat(logs).as("logs").noneSatisfy(line -> assertThat(line).contains(secret)));
        }
    }
}
