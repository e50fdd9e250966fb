package io.edgefleet.tenancy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.tenancy.auth.AccessTokens;
import io.edgefleet.tenancy.testing.AccessTokenCheck;
import io.edgefleet.tenancy.user.User;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import io.edgefleet.tenancy.auth.SigningKey;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthIT {

    private static final String PASSWORD = "amber-canyon-58-rivet";

    private static TenancyHarness harness;
    private static Http http;
    private static String userId;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        http = harness.http();
        userId = harness.createUser("ops@example.com", PASSWORD).path("id").asText();
        http.post("/api/v1/tenants", "{\"id\":\"site-b\",\"displayName\":\"Site B\"}");
        http.put("/api/v1/tenants/site-b/members/" + userId, "{\"role\":\"operator\"}");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void loginReturnsAnAccessTokenThatThePublishedKeyVerifies() throws Exception {
        Http.Response login = login("OPS@example.com", PASSWORD, "10.0.0.1");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        assertThat(login.json().path("expiresIn").asLong()).isEqualTo(900);
        assertThat(login.json().path("refreshToken").asText()).matches("^[A-Za-z0-9_-]{43}$");

        String token = login.json().path("accessToken").asText();
        JsonObject claims = AccessTokenCheck.verify(publishedKeys(), token);
        assertThat(claims.getString("sub")).isEqualTo(userId);
        assertThat(claims.getString("email")).isEqualTo("ops@example.com");
        assertThat(claims.getBoolean("platformAdmin")).isFalse();
        assertThat(claims.getJsonObject("memberships").getString("site-b")).isEqualTo("operator");
        long siteBCreated = http.get("/api/v1/tenants/site-b").json().path("createdAt").asText().isEmpty() ? -1
                : Instant.parse(http.get("/api/v1/tenants/site-b").json().path("createdAt").asText()).toEpochMilli();
        assertThat(claims.getJsonObject("tenantsCreatedAt").getLong("site-b")).isEqualTo(siteBCreated);
        assertThat(claims.getString("jti")).isNotBlank();
        // the verified user carries exp and iat as attributes; read them from the payload
        JsonNode payload = io.edgefleet.kit.events.Json.parse(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload.path("exp").asLong() - payload.path("iat").asLong()).isEqualTo(900);
        JsonNode header = io.edgefleet.kit.events.Json.parse(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        assertThat(header.path("kid").asText()).isEqualTo(publishedKeys().path("keys").get(0).path("kid").asText());
    }

    @Test
    void aTamperedOrExpiredOrForeignTokenFailsVerification() throws Exception {
        String token = login("ops@example.com", PASSWORD, "10.0.0.2").json().path("accessToken").asText();
        String[] parts = token.split("\\.");
        ObjectNode forged = (ObjectNode) io.edgefleet.kit.events.Json.parse(Base64.getUrlDecoder().decode(parts[1]));
        forged.put("platformAdmin", true);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(io.edgefleet.kit.events.Json.write(forged).getBytes()) + "." + parts[2];
        JsonNode keys = publishedKeys();
        assertThatThrownBy(() -> AccessTokenCheck.verify(keys, tampered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessTokenCheck.verify(keys, "not.a.jwt")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AccessTokenCheck.verify(keys, token).getString("sub")).isEqualTo(userId);

        SigningKey other = SigningKey.fromPem(Optional.empty());
        AccessTokens foreignIssuer = new AccessTokens(Vertx.vertx(), other, Clock.systemUTC());
        User user = new User(UUID.fromString(userId), "ops@example.com", "Ops", false, Map.of("site-b", "operator"),
                OffsetDateTime.now(), OffsetDateTime.now());
        String foreign = foreignIssuer.issue(user);
        assertThatThrownBy(() -> AccessTokenCheck.verify(keys, foreign)).isInstanceOf(IllegalArgumentException.class);
        AccessTokens stale = new AccessTokens(Vertx.vertx(), other,
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        assertThatThrownBy(() -> AccessTokenCheck.verify(other.jwks(), stale.issue(user)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AccessTokenCheck.verify(other.jwks(), foreign).getString("sub")).isEqualTo(userId);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailAnswerTheSame() {
        Http.Response wrong = login("ops@example.com", "wrong-password-123", "10.0.0.3");
        Http.Response unknown = login("ghost@example.com", "wrong-password-123", "10.0.0.4");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().path("detail")).isEqualTo(unknown.json().path("detail"));
        assertThat(wrong.json().path("type")).isEqualTo(unknown.json().path("type"));
    }

    @Test
    void anUnknownEmailCostsAboutAsMuchTimeAsAWrongPassword() {
        harness.createUser("timing@example.com", PASSWORD);
        long wrong = 0;
        long unknown = 0;
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            assertThat(login("timing@example.com", "not-the-password", "10.5.0." + i).status()).isEqualTo(401);
            wrong += System.nanoTime() - start;
            start = System.nanoTime();
            assertThat(login("nobody-" + i + "@example.com", "not-the-password", "10.6.0." + i).status()).isEqualTo(401);
            unknown += System.nanoTime() - start;
        }
        // the Argon2 work dominates both; without the dummy hash an unknown email answers many times faster
        assertThat((double) unknown / wrong).isBetween(0.5, 2.0);
    }

    @Test
    void fiveFailuresForOneEmailAreThrottledWithRetryAfter() {
        harness.createUser("target@example.com", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(login("target@example.com", "guess-number-" + i, "10.1.0." + i).status()).isEqualTo(401);
        }
        Http.Response throttled = login("target@example.com", PASSWORD, "10.1.0.99");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void fiveFailuresFromOneSourceAreThrottledForEveryEmail() {
        for (int i = 0; i < 5; i++) {
            login("nobody" + i + "@example.com", "guess-guess-guess", "10.2.0.1");
        }
        assertThat(login("ops@example.com", PASSWORD, "10.2.0.1").status()).isEqualTo(429);
        assertThat(login("ops@example.com", PASSWORD, "10.2.0.2").status()).isEqualTo(200);
    }

    @Test
    void aRefreshTokenWorksOnceAndLogoutRevokesTheNext() {
        String first = login("ops@example.com", PASSWORD, "10.3.0.1").json().path("refreshToken").asText();
        Http.Response refreshed = http.post("/api/v1/auth/refresh", "{\"refreshToken\":\"" + first + "\"}");
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        String second = refreshed.json().path("refreshToken").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(http.post("/api/v1/auth/refresh", "{\"refreshToken\":\"" + first + "\"}").status()).isEqualTo(401);

        assertThat(http.post("/api/v1/auth/logout", "{\"refreshToken\":\"" + second + "\"}").status()).isEqualTo(204);
        assertThat(http.post("/api/v1/auth/refresh", "{\"refreshToken\":\"" + second + "\"}").status()).isEqualTo(401);
    }

    @Test
    void badLoginBodiesAreProblems() {
        assertThat(http.post("/api/v1/auth/login", "{").status()).isEqualTo(400);
        Http.Response missing = http.post("/api/v1/auth/login", "{\"email\":\"ops@example.com\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().path("errors").findValuesAsText("field")).containsExactly("/password");
        assertThat(http.post("/api/v1/auth/refresh", "{\"refreshToken\":\"\"}").status()).isEqualTo(422);
        assertThat(harness.anonymousHttp().get("/internal/v1/jwks").status()).isEqualTo(401);
    }

    @Test
    void loginLatencyAtTheDefaultArgon2Cost() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            long start = System.nanoTime();
            assertThat(login("ops@example.com", PASSWORD, "10.9.0." + i).status()).isEqualTo(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.printf("login latency p50 %d ms, max %d ms (argon2id m=19456,t=2,p=1)%n", millis.get(7), millis.get(14));
        assertThat(millis.get(7)).isLessThan(2000);
    }

    private static Http.Response login(String email, String password, String source) {
        return http.withHeader("X-Forwarded-For", source + ", 127.0.0.1")
                .post("/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static JsonNode publishedKeys() {
        Http.Response jwks = http.get("/internal/v1/jwks");
        assertThat(jwks.status()).isEqualTo(200);
        JsonNode jwk = jwks.json().path("keys").get(0);
        assertThat(jwk.path("kty").asText()).isEqualTo("EC");
        assertThat(jwk.path("crv").asText()).isEqualTo("P-256");
        assertThat(jwk.has("d")).isFalse();
        return jwks.json();
    }
}
