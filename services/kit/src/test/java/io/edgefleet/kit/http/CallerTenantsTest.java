package io.edgefleet.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgefleet.kit.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CallerTenantsTest {

    private static final String TOKEN = "internal-token-for-tests";
    private static Vertx vertx;
    private static HttpFixture http;

    @BeforeAll
    static void startServer() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/api/*").handler(InternalAuth.requireInternalToken(TOKEN));
        router.route("/api/v1/tenants/:tenant/*").handler(CallerTenants.requireTenantInPath());
        router.get("/api/v1/tenants/:tenant/things").handler(ctx -> ctx.response().end("things of " + ctx.pathParam("tenant")));
        Problems.install(router);
        http = new HttpFixture(vertx, router);
    }

    @AfterAll
    static void stopServer() {
        http.close();
        Await.result(vertx.close());
    }

    private static HttpResponse<Buffer> get(String tenant, String tenantsHeader) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + TOKEN);
        headers.put(InternalAuth.PRINCIPAL_HEADER, "user:1");
        if (tenantsHeader != null) {
            headers.put(CallerTenants.HEADER, tenantsHeader);
        }
        return http.send(HttpMethod.GET, "/api/v1/tenants/" + tenant + "/things", headers, null);
    }

    @Test
    void callerReachesTheTenantsItIsAMemberOf() {
        assertThat(get("acme", "globex, acme").bodyAsString()).isEqualTo("things of acme");
    }

    @Test
    void anotherTenantLooksAbsentNotForbidden() {
        HttpResponse<Buffer> response = get("acme", "globex");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsString()).contains("tenant-not-found").doesNotContain("globex");
    }

    @Test
    void missingOrBlankHeaderMeansNoTenant() {
        assertThat(get("acme", null).statusCode()).isEqualTo(404);
        assertThat(get("acme", " ").statusCode()).isEqualTo(404);
    }

    @Test
    void platformAdminReachesEveryTenant() {
        assertThat(get("acme", "*").statusCode()).isEqualTo(200);
    }

    @Test
    void headerWithoutTheInternalTokenIsIgnored() {
        HttpResponse<Buffer> response = http.send(HttpMethod.GET, "/api/v1/tenants/acme/things",
                Map.of(CallerTenants.HEADER, "*"), null);
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void headerRoundTrips() {
        assertThat(CallerTenants.parse(CallerTenants.of(Set.of("b", "a")).toHeader()).allows("a")).isTrue();
        assertThat(CallerTenants.of(Set.of("b", "a")).toHeader()).isEqualTo("a,b");
        assertThat(CallerTenants.parse("*").isAll()).isTrue();
        assertThat(CallerTenants.parse("a,,b").allows("")).isFalse();
    }
}
