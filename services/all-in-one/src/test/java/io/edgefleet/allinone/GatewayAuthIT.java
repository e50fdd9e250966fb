package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Authentication at the gateway: only tokens tenancy issued and still honours get in; throttled logins and
 * oversized bodies are refused cleanly; no password or token reaches the log.
 */
class GatewayAuthIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient admin = PLATFORM.api();

    private int statusWith(String token) throws Exception {
        ApiClient.Response response = new ApiClient(platform.gatewayUri(), token)
                .call("GET", "/api/v1/tenants/default/endpoints", null);
        if (response.status() == 401) {
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        return response.status();
    }

    @Test
    void onlyGenuineUnexpiredTokensGetIn() throws Exception {
        String genuine = admin.token();
        ForgedTokens forge = new ForgedTokens(platform.home(), genuine);
        assertThat(statusWith(genuine)).isEqualTo(200);
        assertThat(statusWith(forge.signedWithPlatformKey(ForgedTokens.adminClaims(60, 600)))).as("control").isEqualTo(200);

        assertThat(statusWith(forge.signedWithPlatformKey(ForgedTokens.adminClaims(3600, -600)))).as("expired")
                .isEqualTo(401);
        assertThat(statusWith(forge.signedWithAnotherKey(ForgedTokens.adminClaims(60, 600)))).as("foreign key")
                .isEqualTo(401);
        assertThat(statusWith(forge.unsigned(ForgedTokens.adminClaims(60, 600)))).as("alg none").isEqualTo(401);
        assertThat(statusWith(ForgedTokens.tampered(genuine))).as("tampered").isEqualTo(401);
        for (String malformed : List.of("abc", "a.b.c", "eyJ.eyJ.", "eft_not-a-token", "' OR 1=1 --", "{\"$ne\":1}")) {
            assertThat(statusWith(malformed)).as(malformed).isEqualTo(401);
        }
    }

    @Test
    void signingKeyIsPublishedNotTheGatewaysSecret() throws Exception {
        assertThat(Files.readString(platform.home().resolve("jwt-signing-key.pem"))).contains("PRIVATE KEY");
        // the services' internal routes are not reachable through the gateway
        assertThat(admin.call("GET", "/internal/v1/jwks", null).status()).isEqualTo(404);
        assertThat(admin.call("GET", "/api/v1/../internal/v1/jwks", null).status()).isIn(400, 404);
    }

    @Test
    void repeatedWrongPasswordsAreThrottled() throws Exception {
        ApiClient anonymous = new ApiClient(platform.gatewayUri(), null);
        String wrong = "{\"email\":\"admin@edgefleet.local\",\"password\":\"not-the-password-1\"}";
        int status = 0;
        for (int i = 0; i < 6; i++) {
            status = anonymous.call("POST", "/api/v1/auth/login", wrong).status();
        }
        assertThat(status).isEqualTo(429);
    }

    @Test
    void oversizedBodyIsRefusedWithAProblem() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        ApiClient.Response response = admin.call("POST", "/api/v1/tenants/default/endpoints", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(admin.call("GET", "/api/v1/tenants/default/endpoints", null).body().path("total").asInt())
                .isZero();
    }

    @Test
    void passwordsAndTokensNeverReachTheLog() throws Exception {
        TenantWorld world = new TenantWorld(platform, admin);
        JsonNode token = world.apiToken(admin, "default", "viewer", "log-check");
        new ApiClient(platform.gatewayUri(), token.path("token").asText())
                .call("GET", "/api/v1/tenants/default/endpoints", null);
        String password = Files.readString(platform.home().resolve("admin-password")).trim();
        String log = platform.logText();
        assertThat(log).isNotBlank()
                .doesNotContain(password)
                .doesNotContain(token.path("token").asText())
                .doesNotContain(admin.token())
                .doesNotContain(TenantWorld.PASSWORD);
    }
}
