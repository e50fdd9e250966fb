package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What disabling and deleting a tenant does to its callers at the gateway, and the audit trail of it all:
 * disabling ends members' and API tokens' access and their event streams at once while the data stays; deleting
 * removes the tenant's data, so a new tenant of the same name starts empty; every change is in the audit log.
 */
class TenantAccessLifecycleIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private final ApiClient admin = PLATFORM.api();
    private final TenantWorld world = new TenantWorld(PLATFORM.process(), admin);

    @Test
    void disablingATenantEndsItsCallersAccessAtOnceAndKeepsItsData() throws Exception {
        world.tenant("lumen");
        ApiClient viewer = world.member("lumen", "viewer", "lia");
        ApiClient tenantAdmin = world.member("lumen", "tenant-admin", "leo");
        world.endpoint(admin, "lumen", "lumen-press");
        ApiClient token = new ApiClient(PLATFORM.process().gatewayUri(),
                world.apiToken(tenantAdmin, "lumen", "viewer", "lumen-ci").path("token").asText());
        String endpoints = "/api/v1/tenants/lumen/endpoints";
        assertThat(viewer.call("GET", endpoints, null).status()).isEqualTo(200);
        assertThat(token.call("GET", endpoints, null).status()).isEqualTo(200);

        try (EventStreamClient stream = new EventStreamClient(PLATFORM.process().gatewayUri(),
                "/api/v1/tenants/lumen/events", viewer.token())) {
            assertThat(stream.status()).isEqualTo(200);
            long disabledAt = System.nanoTime();
            TenantWorld.expect(admin.call("PATCH", "/api/v1/tenants/lumen", "{\"status\":\"disabled\"}"), 200,
                    "disable");
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> TenantWorld.isTenantNotFound(viewer.call("GET", endpoints, null)));
            long millis = (System.nanoTime() - disabledAt) / 1_000_000;
            System.out.printf("tenant disabled -> member refused after %d ms%n", millis);
            assertThat(token.call("GET", endpoints, null).status()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(2)).until(stream::ended);
        }
        JsonNode kept = TenantWorld.expect(admin.call("GET", endpoints, null), 200, "admin reads the disabled tenant");
        assertThat(kept.path("total").asInt()).isEqualTo(1);

        TenantWorld.expect(admin.call("PATCH", "/api/v1/tenants/lumen", "{\"status\":\"active\"}"), 200, "enable");
        await().atMost(Duration.ofSeconds(2)).until(() -> viewer.call("GET", endpoints, null).status() == 200);
        assertThat(token.call("GET", endpoints, null).status()).isEqualTo(200);
    }

    @Test
    void aRoleChangeOrRemovedMembershipVoidsTheMembersTokensAtOnce() throws Exception {
        world.tenant("quill");
        ApiClient member = world.member("quill", "operator", "quinn");
        String userId = member.call("GET", "/api/v1/me", null).body().path("id").asText();
        String endpoints = "/api/v1/tenants/quill/endpoints";
        ApiClient oldToken = new ApiClient(PLATFORM.process().gatewayUri(), member.token());
        assertThat(oldToken.call("POST", endpoints, "{\"name\":\"quill-1\"}").status()).isEqualTo(201);

        TenantWorld.expect(admin.call("PUT", "/api/v1/tenants/quill/members/" + userId, "{\"role\":\"viewer\"}"),
                200, "downgrade");
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> oldToken.call("GET", endpoints, null).status() == 401);
        // signed in again, the member has the new role
        assertThat(member.call("POST", endpoints, "{\"name\":\"quill-2\"}").status()).isEqualTo(403);
        assertThat(member.call("GET", endpoints, null).status()).isEqualTo(200);

        ApiClient viewerToken = new ApiClient(PLATFORM.process().gatewayUri(), member.token());
        assertThat(admin.call("DELETE", "/api/v1/tenants/quill/members/" + userId, null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> viewerToken.call("GET", endpoints, null).status() == 401);
        assertThat(TenantWorld.isTenantNotFound(member.call("GET", endpoints, null))).isTrue();
    }

    @Test
    void aDeletedTenantsDataIsGoneSoANewTenantOfTheSameNameStartsEmpty() throws Exception {
        world.tenant("mortal");
        ApiClient tenantAdmin = world.member("mortal", "tenant-admin", "max");
        world.endpoint(tenantAdmin, "mortal", "mortal-press");
        world.apiToken(tenantAdmin, "mortal", "viewer", "mortal-ci");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                tenantAdmin.call("GET", "/api/v1/tenants/mortal/audit", null).body().path("items").size() >= 2);

        assertThat(admin.call("DELETE", "/api/v1/tenants/mortal", null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> TenantWorld.isTenantNotFound(tenantAdmin.call("GET", "/api/v1/tenants/mortal/endpoints", null)));
        assertThat(admin.call("GET", "/api/v1/tenants/mortal", null).status()).isEqualTo(404);

        world.tenant("mortal");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                admin.call("GET", "/api/v1/tenants/mortal/endpoints", null).status() == 200);
        assertThat(admin.call("GET", "/api/v1/tenants/mortal/endpoints", null).body().path("total").asInt()).isZero();
        assertThat(admin.call("GET", "/api/v1/tenants/mortal/tokens", null).body().path("items")).isEmpty();
        assertThat(admin.call("GET", "/api/v1/tenants/mortal/audit", null).body().path("items")).isEmpty();
        assertThat(tenantAdmin.call("GET", "/api/v1/me", null).body().path("memberships").has("mortal")).isFalse();
    }

    @Test
    void everyChangeIsAuditedAndOnlyItsTenantSeesIt() throws Exception {
        world.tenant("ledger");
        world.tenant("rival");
        ApiClient ledgerAdmin = world.member("ledger", "tenant-admin", "lin");
        ApiClient ledgerViewer = world.member("ledger", "viewer", "val");
        ApiClient rivalAdmin = world.member("rival", "tenant-admin", "ray");
        String id = world.endpoint(ledgerAdmin, "ledger", "ledger-press").path("id").asText();
        assertThat(ledgerViewer.call("DELETE", "/api/v1/tenants/ledger/endpoints/" + id, null).status()).isEqualTo(403);
        assertThat(rivalAdmin.call("DELETE", "/api/v1/tenants/ledger/endpoints/" + id, null).status()).isEqualTo(404);

        List<JsonNode> entries = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            entries.clear();
            ledgerAdmin.call("GET", "/api/v1/tenants/ledger/audit?action=endpoints.*", null).body().path("items")
                    .forEach(entries::add);
            return entries.size() >= 2;
        });
        assertThat(entries).extracting(e -> e.path("action").asText() + " " + e.path("outcome").asText())
                .containsExactlyInAnyOrder("endpoints.delete denied", "endpoints.create success");
        JsonNode created = entries.stream().filter(e -> e.path("action").asText().equals("endpoints.create"))
                .findFirst().orElseThrow();
        assertThat(created.path("actor").path("kind").asText()).isEqualTo("user");
        assertThat(created.path("actor").path("name").asText()).isEqualTo("lin@ledger.example.com");
        assertThat(created.path("status").asInt()).isEqualTo(201);
        assertThat(created.path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(created.path("target").asText()).isEqualTo("/api/v1/tenants/ledger/endpoints");

        // the rival's probe is on record for platform admins, not in the ledger's log
        String rivalId = rivalAdmin.call("GET", "/api/v1/me", null).body().path("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                admin.call("GET", "/api/v1/audit?actor=" + rivalId, null).body().path("items").size() >= 1);
        JsonNode probe = admin.call("GET", "/api/v1/audit?actor=" + rivalId, null).body().path("items").get(0);
        assertThat(probe.path("outcome").asText()).isEqualTo("denied");
        assertThat(probe.path("tenant").isNull()).isTrue();
        assertThat(entries).noneMatch(e -> e.path("actor").path("id").asText().equals(rivalId));
        assertThat(TenantWorld.isTenantNotFound(rivalAdmin.call("GET", "/api/v1/tenants/ledger/audit", null))).isTrue();
        assertThat(ledgerViewer.call("GET", "/api/v1/tenants/ledger/audit", null).status()).isEqualTo(403);
    }
}
