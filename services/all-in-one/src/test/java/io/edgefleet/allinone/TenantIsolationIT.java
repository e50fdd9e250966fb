package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.gateway.access.Access;
import io.edgefleet.gateway.access.ApiCatalog;
import io.edgefleet.gateway.access.Operation;
import io.edgefleet.gateway.access.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The role matrix and tenant isolation over REST, checked on every operation of the gateway's catalog: another
 * tenant's resources look absent (404, not 403), a viewer cannot change anything, an operator cannot manage users
 * or members, a tenant admin cannot act on the platform, and API tokens stay inside their tenant and role.
 */
class TenantIsolationIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final List<Operation> OPERATIONS = ApiCatalog.standard().operations();

    private static TenantWorld world;
    private static ApiClient acmeAdmin;
    private static ApiClient acmeOperator;
    private static ApiClient acmeViewer;
    private static ApiClient globexAdmin;
    private static JsonNode acmeEndpoint;
    private static JsonNode acmeToken;

    @BeforeAll
    static void twoTenants() throws Exception {
        world = new TenantWorld(PLATFORM.process(), PLATFORM.api());
        world.tenant("acme");
        world.tenant("globex");
        acmeAdmin = world.member("acme", "tenant-admin", "ada");
        acmeOperator = world.member("acme", "operator", "otto");
        acmeViewer = world.member("acme", "viewer", "vera");
        globexAdmin = world.member("globex", "tenant-admin", "gus");
        acmeEndpoint = world.endpoint(acmeOperator, "acme", "acme-press-1");
        acmeToken = world.apiToken(acmeAdmin, "acme", "operator", "acme-ci");
    }

    /** The operation's path with acme's real resource ids filled in. */
    private static String acmePath(Operation operation) {
        String id = operation.name().startsWith("endpoints.") ? acmeEndpoint.path("id").asText()
                : operation.name().startsWith("tokens.") ? acmeToken.path("id").asText()
                : "00000000-0000-0000-0000-000000000000";
        return operation.template().replace("{tenant}", "acme").replace("{id}", id)
                .replace("{user}", "00000000-0000-0000-0000-000000000000").replace("{name}", "p1")
                .replaceAll("\\{[a-z]+}", "x1"); // any other path part (container, action, ...)
    }

    private static List<Operation> tenantOperations() {
        return OPERATIONS.stream().filter(operation -> operation.template().contains("{tenant}")).toList();
    }

    @Test
    void everyTenantOperationOnAnotherTenantLooksAbsent() throws Exception {
        ApiClient globexToken = new ApiClient(PLATFORM.process().gatewayUri(),
                world.apiToken(globexAdmin, "globex", "tenant-admin", "globex-ci").path("token").asText());
        List<String> leaks = new ArrayList<>();
        for (Operation operation : tenantOperations()) {
            for (ApiClient outsider : List.of(globexAdmin, globexToken)) {
                ApiClient.Response response = outsider.call(operation.method().name(), acmePath(operation),
                        operation.mutates() ? "{}" : null);
                if (!TenantWorld.isTenantNotFound(response) || response.body().toString().contains("acme-press")) {
                    leaks.add(operation.name() + " -> " + response.status() + " " + response.body());
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(acmeViewer.call("GET", acmePath(op("endpoints.get")), null).status()).isEqualTo(200);
    }

    @Test
    void viewerCannotChangeAnythingInItsTenant() throws Exception {
        List<String> allowed = new ArrayList<>();
        for (Operation operation : tenantOperations()) {
            if (operation.mutates()) {
                ApiClient.Response response = acmeViewer.call(operation.method().name(), acmePath(operation), "{}");
                if (response.status() != 403) {
                    allowed.add(operation.name() + " -> " + response.status());
                }
            }
        }
        assertThat(allowed).isEmpty();
        assertThat(acmeViewer.call("GET", "/api/v1/tenants/acme/endpoints", null).body().path("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void operatorCannotManageUsersMembersOrTokens() throws Exception {
        for (Operation operation : OPERATIONS) {
            boolean needsMoreThanOperator = operation.access().kind() == Access.Kind.PLATFORM_ADMIN
                    || operation.access().kind() == Access.Kind.TENANT
                    && !Role.OPERATOR.covers(operation.access().minRole());
            if (needsMoreThanOperator && (operation.name().startsWith("users.") || operation.name().startsWith("members.")
                    || operation.name().startsWith("tokens."))) {
                ApiClient.Response response = acmeOperator.call(operation.method().name(), acmePath(operation),
                        operation.mutates() ? "{}" : null);
                assertThat(response.status()).as(operation.name()).isEqualTo(403);
            }
        }
        assertThat(acmeOperator.call("POST", "/api/v1/tenants/acme/endpoints", "{\"name\":\"acme-press-2\"}").status())
                .isEqualTo(201);
        assertThat(acmeOperator.call("DELETE", "/api/v1/tenants/acme/endpoints/"
                + world.endpoint(acmeOperator, "acme", "acme-tmp").path("id").asText(), null).status()).isEqualTo(204);
        acmeOperator.call("DELETE", "/api/v1/tenants/acme/endpoints/" + acmeOperator.call("GET",
                "/api/v1/tenants/acme/endpoints?nameContains=acme-press-2", null).body().path("items").get(0)
                .path("id").asText(), null);
    }

    @Test
    void tenantAdminCannotActOnThePlatform() throws Exception {
        for (Operation operation : OPERATIONS) {
            if (operation.access().kind() == Access.Kind.PLATFORM_ADMIN) {
                ApiClient.Response response = acmeAdmin.call(operation.method().name(), acmePath(operation),
                        operation.mutates() ? "{}" : null);
                assertThat(response.status()).as(operation.name()).isEqualTo(403);
            }
        }
    }

    @Test
    void apiTokenWorksOnlyInItsTenantWithItsRoleAndStopsWhenRevoked() throws Exception {
        JsonNode viewerToken = world.apiToken(acmeAdmin, "acme", "viewer", "acme-dashboard");
        ApiClient token = new ApiClient(PLATFORM.process().gatewayUri(), viewerToken.path("token").asText());
        assertThat(token.call("GET", "/api/v1/tenants/acme/endpoints", null).status()).isEqualTo(200);
        assertThat(token.call("POST", "/api/v1/tenants/acme/endpoints", "{\"name\":\"by-token\"}").status())
                .isEqualTo(403);
        assertThat(TenantWorld.isTenantNotFound(token.call("GET", "/api/v1/tenants/globex/endpoints", null))).isTrue();
        JsonNode me = token.call("GET", "/api/v1/me", null).body();
        assertThat(me.path("kind").asText()).isEqualTo("api-token");
        assertThat(me.path("memberships").path("acme").asText()).isEqualTo("viewer");

        assertThat(acmeAdmin.call("DELETE", "/api/v1/tenants/acme/tokens/" + viewerToken.path("id").asText(), null)
                .status()).isEqualTo(204);
        assertThat(token.call("GET", "/api/v1/tenants/acme/endpoints", null).status()).isEqualTo(401);
    }

    @Test
    void eventStreamsCarryOnlyTheirTenantsEventsAndAuditOnlyToAdmins() throws Exception {
        var gateway = PLATFORM.process().gatewayUri();
        try (EventStreamClient viewer = new EventStreamClient(gateway, "/api/v1/tenants/acme/events",
                     acmeViewer.token());
             EventStreamClient admin = new EventStreamClient(gateway, "/api/v1/tenants/acme/events?types=endpoint.,audit.",
                     acmeAdmin.token());
             EventStreamClient outsider = new EventStreamClient(gateway, "/api/v1/tenants/acme/events",
                     globexAdmin.token());
             EventStreamClient globex = new EventStreamClient(gateway, "/api/v1/tenants/globex/events",
                     globexAdmin.token())) {
            assertThat(viewer.status()).isEqualTo(200);
            assertThat(outsider.status()).isEqualTo(404);
            JsonNode created = world.endpoint(acmeOperator, "acme", "acme-streamed");
            String id = created.path("id").asText();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(viewer.eventTypes()).contains("endpoint.registered");
                assertThat(admin.eventTypes()).contains("endpoint.registered", "audit.recorded");
            });
            assertThat(viewer.eventTypes()).doesNotContain("audit.recorded");
            assertThat(viewer.data()).anySatisfy(line -> assertThat(line).contains(id).contains("\"tenant\":\"acme\""));
            assertThat(globex.eventTypes()).isEmpty();
            assertThat(globex.data()).noneSatisfy(line -> assertThat(line).contains("acme"));
            acmeOperator.call("DELETE", "/api/v1/tenants/acme/endpoints/" + id, null);
        }
    }

    private static Operation op(String name) {
        return OPERATIONS.stream().filter(operation -> operation.name().equals(name)).findFirst().orElseThrow();
    }
}
