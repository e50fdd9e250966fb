package io.edgefleet.tenancy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenApiIT {

    private static TenancyHarness harness;
    private static Http http;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        http = harness.http();
        http.post("/api/v1/tenants", "{\"id\":\"tok-a\",\"displayName\":\"A\"}");
        http.post("/api/v1/tenants", "{\"id\":\"tok-b\",\"displayName\":\"B\"}");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aTokenIsShownOnceListedWithoutSecretAndIntrospectedForTheGateway() {
        http.post("/api/v1/tenants", "{\"id\":\"tok-list\",\"displayName\":\"listed\"}");
        JsonNode created = create("tok-list", "ci", "operator", future());
        String secret = created.path("token").asText();
        assertThat(secret).matches("^eft_[A-Za-z0-9_-]{43}$");

        JsonNode list = http.get("/api/v1/tenants/tok-list/tokens").json().path("items");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).has("token")).isFalse();
        assertThat(list.toString()).doesNotContain(secret);

        JsonNode active = introspect(secret);
        assertThat(active.path("active").asBoolean()).isTrue();
        assertThat(active.path("tenant").asText()).isEqualTo("tok-list");
        assertThat(active.path("role").asText()).isEqualTo("operator");
        assertThat(active.path("tokenId").asText()).isEqualTo(created.path("id").asText());
    }

    @Test
    void aRevokedTokenIsInactiveAndRevokingAgainIs404() {
        JsonNode created = create("tok-a", "revoke me", "viewer", future());
        String path = "/api/v1/tenants/tok-a/tokens/" + created.path("id").asText();
        assertThat(http.delete(path).status()).isEqualTo(204);
        assertThat(introspect(created.path("token").asText()).path("active").asBoolean()).isFalse();
        assertThat(http.delete(path).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantCannotRevokeTheToken() {
        JsonNode created = create("tok-a", "mine", "viewer", future());
        assertThat(http.delete("/api/v1/tenants/tok-b/tokens/" + created.path("id").asText()).status()).isEqualTo(404);
        assertThat(introspect(created.path("token").asText()).path("active").asBoolean()).isTrue();
    }

    @Test
    void aDisabledTenantsTokensStopWorkingAtOnce() {
        http.post("/api/v1/tenants", "{\"id\":\"tok-c\",\"displayName\":\"C\"}");
        String secret = create("tok-c", "ci", "operator", future()).path("token").asText();
        http.patch("/api/v1/tenants/tok-c", "{\"status\":\"disabled\"}");
        assertThat(introspect(secret).path("active").asBoolean()).isFalse();
    }

    @Test
    void unknownMalformedAndPastTokensAreRefused() {
        assertThat(introspect("eft_nothing-like-this").path("active").asBoolean()).isFalse();
        assertThat(introspect("' OR 1=1 --").path("active").asBoolean()).isFalse();
        Http.Response past = http.post("/api/v1/tenants/tok-a/tokens",
                "{\"name\":\"old\",\"role\":\"viewer\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.json().path("errors").findValuesAsText("field")).containsExactly("/expiresAt");
        Http.Response role = http.post("/api/v1/tenants/tok-a/tokens",
                "{\"name\":\"x\",\"role\":\"root\",\"expiresAt\":\"" + future() + "\"}");
        assertThat(role.json().path("errors").findValuesAsText("field")).containsExactly("/role");
        assertThat(http.post("/api/v1/tenants/missing/tokens",
                "{\"name\":\"x\",\"role\":\"viewer\",\"expiresAt\":\"" + future() + "\"}").status()).isEqualTo(404);
        assertThat(harness.anonymousHttp().post("/internal/v1/tokens/introspect", "{\"token\":\"eft_x\"}").status())
                .isEqualTo(401);
    }

    private static JsonNode create(String tenant, String name, String role, String expiresAt) {
        Http.Response response = http.post("/api/v1/tenants/" + tenant + "/tokens",
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"expiresAt\":\"" + expiresAt + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode introspect(String token) {
        Http.Response response = http.post("/internal/v1/tokens/introspect", "{\"token\":\"" + token + "\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static String future() {
        return Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
