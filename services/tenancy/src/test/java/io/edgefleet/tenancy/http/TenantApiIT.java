package io.edgefleet.tenancy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgefleet.kit.events.EventEnvelope;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TenantApiIT {

    private static TenancyHarness harness;
    private static Http http;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start();
        http = harness.http();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theDefaultTenantExistsAfterMigration() {
        Http.Response response = http.get("/api/v1/tenants/default");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("active");
    }

    @Test
    void aCreatedTenantIsListedAndAnnouncedOnItsOwnEventTopic() {
        Http.Response created = http.post("/api/v1/tenants", "{\"id\":\"acme\",\"displayName\":\"ACME\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/tenants/acme");
        assertThat(http.get("/api/v1/tenants").json().findValuesAsText("id")).contains("acme", "default");

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.eventTypes("acme").contains("tenant.created"));
        EventEnvelope event = harness.events().stream().filter(e -> "acme".equals(e.subject())).findFirst().orElseThrow();
        assertThat(event.topic()).isEqualTo("fleet/v1/acme/events/tenant.created");
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.data().path("displayName").asText()).isEqualTo("ACME");
    }

    @Test
    void aTakenIdIsAConflict() {
        assertThat(http.post("/api/v1/tenants", "{\"id\":\"twice\",\"displayName\":\"one\"}").status()).isEqualTo(201);
        Http.Response again = http.post("/api/v1/tenants", "{\"id\":\"twice\",\"displayName\":\"two\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asText()).endsWith("/tenant-exists");
    }

    @Test
    void patchRenamesDisablesAndEnablesWithOneEventEach() {
        http.post("/api/v1/tenants", "{\"id\":\"plant-7\",\"displayName\":\"Plant 7\"}");
        assertThat(http.patch("/api/v1/tenants/plant-7", "{\"displayName\":\"Plant seven\"}").json()
                .path("displayName").asText()).isEqualTo("Plant seven");
        assertThat(http.patch("/api/v1/tenants/plant-7", "{\"status\":\"disabled\"}").json().path("status").asText())
                .isEqualTo("disabled");
        assertThat(http.patch("/api/v1/tenants/plant-7", "{\"status\":\"active\"}").json().path("status").asText())
                .isEqualTo("active");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(harness.eventTypes("plant-7"))
                .containsExactly("tenant.created", "tenant.updated", "tenant.disabled", "tenant.enabled"));
    }

    @Test
    void deleteDisablesFirstThenDeletesAndTheTenantIsGone() {
        http.post("/api/v1/tenants", "{\"id\":\"short-lived\",\"displayName\":\"gone soon\"}");
        assertThat(http.delete("/api/v1/tenants/short-lived").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/tenants/short-lived").status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/tenants/short-lived").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(harness.eventTypes("short-lived"))
                .containsExactly("tenant.created", "tenant.disabled", "tenant.deleted"));
    }

    @Test
    void unknownTenantIs404ForEveryMethod() {
        assertThat(http.get("/api/v1/tenants/nope").status()).isEqualTo(404);
        assertThat(http.patch("/api/v1/tenants/nope", "{\"status\":\"disabled\"}").status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/tenants/nope").status()).isEqualTo(404);
    }

    @Test
    void badBodiesAreProblemsNamingTheField() {
        assertThat(http.post("/api/v1/tenants", "{\"id\":").status()).isEqualTo(400);
        assertThat(http.post("/api/v1/tenants", "[]").status()).isEqualTo(400);
        Http.Response badId = http.post("/api/v1/tenants", "{\"id\":\"Bad Id\",\"displayName\":\"x\"}");
        assertThat(badId.status()).isEqualTo(422);
        assertThat(badId.json().path("errors").findValuesAsText("field")).containsExactly("/id");
        Http.Response unknown = http.post("/api/v1/tenants", "{\"id\":\"ok-id\",\"displayName\":\"x\",\"admin\":true}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().path("errors").findValuesAsText("field")).containsExactly("/admin");
        assertThat(http.patch("/api/v1/tenants/default", "{}").status()).isEqualTo(422);
        assertThat(http.get("/api/v1/tenants/ok-id").status()).isEqualTo(404);
    }

    @Test
    void injectionStringsAreStoredVerbatimAndHarmless() {
        String name = "x'); DROP TABLE tenants; -- \\\"}{\\\"status\\\":\\\"disabled";
        Http.Response created = http.post("/api/v1/tenants", "{\"id\":\"inject\",\"displayName\":\"" + name + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Http.Response read = http.get("/api/v1/tenants/inject");
        assertThat(read.json().path("displayName").asText()).isEqualTo("x'); DROP TABLE tenants; -- \"}{\"status\":\"disabled");
        assertThat(read.json().path("status").asText()).isEqualTo("active");
        assertThat(http.get("/api/v1/tenants/default").status()).isEqualTo(200);
    }

    @Test
    void withoutTheInternalTokenNothingIsServed() {
        Http anonymous = harness.anonymousHttp();
        assertThat(anonymous.get("/api/v1/tenants").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/v1/tenants", "{\"id\":\"sneaky\",\"displayName\":\"x\"}").status()).isEqualTo(401);
        assertThat(http.get("/api/v1/tenants/sneaky").status()).isEqualTo(404);
        assertThat(List.of(anonymous.get("/health/live").status())).containsExactly(200);
    }
}
