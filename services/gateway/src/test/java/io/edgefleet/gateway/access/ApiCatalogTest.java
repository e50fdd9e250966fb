package io.edgefleet.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class ApiCatalogTest {

    private final ApiCatalog catalog = ApiCatalog.standard();

    @Test
    void findsTheOperationAndTheTenantItsPathNames() {
        Operation.Match match = catalog.find(HttpMethod.DELETE, "/api/v1/tenants/acme/endpoints/ep-1").orElseThrow();
        assertThat(match.operation().name()).isEqualTo("endpoints.delete");
        assertThat(match.operation().service()).isEqualTo("registry");
        assertThat(match.tenant()).contains("acme");
        assertThat(match.operation().access()).isEqualTo(Access.tenant(Role.OPERATOR));
        assertThat(match.operation().mutates()).isTrue();
    }

    @Test
    void pathsWithoutTenantHaveNone() {
        Operation.Match match = catalog.find(HttpMethod.GET, "/api/v1/users/123").orElseThrow();
        assertThat(match.operation().name()).isEqualTo("users.get");
        assertThat(match.tenant()).isEmpty();
        assertThat(match.operation().mutates()).isFalse();
    }

    @Test
    void anEndpointsReportedContainersAreAPlainReadOfTheRegistryForViewers() {
        Operation operation = catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/endpoints/ep-1/containers")
                .orElseThrow().operation();
        assertThat(operation.name()).isEqualTo("endpoints.containers");
        assertThat(operation.service()).isEqualTo("registry");
        assertThat(operation.access()).isEqualTo(Access.tenant(Role.VIEWER));
        assertThat(operation.audited()).isFalse();
    }

    @Test
    void extraSegmentsAndUnknownPathsMatchNothing() {
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/endpoints/ep-1/extra")).isEmpty();
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/../default/endpoints")).isEmpty();
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/nothing")).isEmpty();
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants//endpoints")).isEmpty();
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheAllowedOnes() {
        assertThat(catalog.find(HttpMethod.PUT, "/api/v1/tenants/acme/endpoints")).isEmpty();
        assertThat(catalog.methodsAt("/api/v1/tenants/acme/endpoints")).containsExactly("GET", "POST");
        assertThat(catalog.methodsAt("/api/v1/nothing")).isEmpty();
    }

    @Test
    void everyTenantPathNeedsAtLeastAMemberAndEveryMutationIsAboveViewer() {
        for (Operation operation : catalog.operations()) {
            if (operation.template().contains("{tenant}")) {
                assertThat(operation.access().kind()).as(operation.name())
                        .isIn(Access.Kind.TENANT, Access.Kind.PLATFORM_ADMIN);
            }
            if (operation.mutates() && operation.access().kind() == Access.Kind.TENANT) {
                assertThat(operation.access().minRole()).as(operation.name()).isNotEqualTo(Role.VIEWER);
            }
        }
    }

    @Test
    void everyMutationIsAuditedAndSoAreTheReadsThatSendACommandToAMachine() {
        for (Operation operation : catalog.operations()) {
            if (operation.mutates()) {
                assertThat(operation.audited()).as(operation.name()).isTrue();
            }
        }
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/endpoints/ep-1/containers/web/logs").orElseThrow()
                .operation().audited()).isTrue();
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/endpoints/ep-1/containers/web/inspect").orElseThrow()
                .operation().audited()).isTrue();
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/commands/c-1").orElseThrow()
                .operation().audited()).isFalse();
        assertThat(catalog.find(HttpMethod.GET, "/api/v1/tenants/acme/endpoints/ep-1").orElseThrow()
                .operation().audited()).isFalse();
        assertThatThrownBy(() -> new Operation("x.create", HttpMethod.POST, "/api/v1/x", "tenancy", Access.open(), false))
                .hasMessageContaining("must be audited");
    }

    @Test
    void operationsRefuseBadDefinitions() {
        assertThatThrownBy(() -> new Operation("Bad Name", HttpMethod.GET, "/api/v1/x", "tenancy", Access.open()))
                .hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> new Operation("x.get", HttpMethod.GET, "/other", "tenancy", Access.open()))
                .hasMessageContaining("/api/v1/");
        assertThatThrownBy(() -> new Operation("x.get", HttpMethod.GET, "/api/v1/x", "tenancy",
                Access.tenant(Role.VIEWER))).hasMessageContaining("{tenant}");
    }

    @Test
    void rolesAreOrdered() {
        assertThat(Role.TENANT_ADMIN.covers(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.covers(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.covers(Role.OPERATOR)).isFalse();
        assertThat(Role.fromWireName("tenant-admin")).contains(Role.TENANT_ADMIN);
        assertThat(Role.fromWireName("root")).isEmpty();
    }
}
