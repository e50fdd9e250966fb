package io.edgefleet.allinone;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Tenants, users with roles and API tokens, made through the public API as a platform admin would. */
final class TenantWorld {

    static final String PASSWORD = "Tundra-Kettle-Marble-42";

    private final PlatformProcess platform;
    private final ApiClient admin;

    TenantWorld(PlatformProcess platform, ApiClient admin) {
        this.platform = platform;
        this.admin = admin;
    }

    ApiClient admin() {
        return admin;
    }

    void tenant(String id) throws Exception {
        expect(admin.call("POST", "/api/v1/tenants", "{\"id\":\"" + id + "\",\"displayName\":\"Tenant " + id + "\"}"),
                201, "create tenant " + id);
    }

    /** A new user who is {@code role} in {@code tenant}, signed in once the gateway sees the tenant active. */
    ApiClient member(String tenant, String role, String name) throws Exception {
        String email = name + "@" + tenant + ".example.com";
        JsonNode user = expect(admin.call("POST", "/api/v1/users",
                "{\"email\":\"" + email + "\",\"displayName\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"),
                201, "create user " + email);
        expect(admin.call("PUT", "/api/v1/tenants/" + tenant + "/members/" + user.path("id").asText(),
                "{\"role\":\"" + role + "\"}"), 200, "membership of " + email);
        ApiClient client = ApiClient.signedIn(platform.gatewayUri(), email, PASSWORD);
        awaitActive(client, tenant);
        return client;
    }

    /** A new API token of {@code tenant} with {@code role}, made by a tenant admin; returns its secret and id. */
    JsonNode apiToken(ApiClient tenantAdmin, String tenant, String role, String name) throws Exception {
        return expect(tenantAdmin.call("POST", "/api/v1/tenants/" + tenant + "/tokens",
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"expiresAt\":\""
                        + Instant.now().plus(Duration.ofDays(1)) + "\"}"), 201, "create token " + name);
    }

    JsonNode endpoint(ApiClient caller, String tenant, String name) throws Exception {
        return expect(caller.call("POST", "/api/v1/tenants/" + tenant + "/endpoints", "{\"name\":\"" + name + "\"}"),
                201, "create endpoint " + name);
    }

    /** Waits until the gateway lists {@code tenant} among the caller's active tenants. */
    static void awaitActive(ApiClient client, String tenant) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                client.call("GET", "/api/v1/me", null).body().path("memberships").has(tenant));
    }

    static JsonNode expect(ApiClient.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    static boolean isTenantNotFound(ApiClient.Response response) {
        return response.status() == 404 && response.body() != null
                && response.body().path("type").asText().endsWith("/tenant-not-found");
    }
}
