package io.edgefleet.deployment.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both catalogues over HTTP against the real service, PostgreSQL and broker; tenant isolation; instantiation. */
class TemplateApiIT {

    static final String BRIDGE = """
            {"name": "%s", "description": "OPC UA bridge",
             "params": [{"name": "line", "type": "string", "required": true, "pattern": "[a-z0-9]{1,8}"},
                        {"name": "port", "type": "integer", "required": false, "default": 8080, "min": 1024, "max": 65535},
                        {"name": "level", "type": "enum", "values": ["info", "debug"], "required": false, "default": "info"},
                        {"name": "note", "type": "string", "required": false, "default": "none"}],
             "app": {"image": "edgefleet-test/busybox:1", "command": ["httpd", "-f", "-p${port}"],
                     "env": {"LINE": "${line}", "URL": "opc.tcp://plc-${line}:4840", "LEVEL": "${level}", "NOTE": "${note}"},
                     "ports": [{"containerPort": "${port}", "hostPort": "${port}"}]}}""";

    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String templates(String tenant) {
        return "/api/v1/tenants/" + tenant + "/templates";
    }

    @Test
    void aTenantCatalogueCreatesListsReadsVersionsAndDeletes() {
        String tenant = tenant();
        Http http = harness.http(tenant);

        Http.Response created = http.post(templates(tenant), BRIDGE.formatted("bridge"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.headers().get("location")).containsExactly(templates(tenant) + "/bridge");
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.json().path("catalogue").asText()).isEqualTo("tenant");
        assertThat(created.json().at("/params/0/name").asText()).isEqualTo("line");
        assertThat(http.post(templates(tenant), BRIDGE.formatted("bridge")).status()).isEqualTo(409);

        assertThat(http.get(templates(tenant)).json().path("items")).extracting(t -> t.path("name").asText())
                .containsExactly("bridge");
        assertThat(http.get(templates(tenant) + "/bridge").json().at("/app/env/LINE").asText()).isEqualTo("${line}");

        String changed = BRIDGE.formatted("x").replace("{\"name\": \"x\", ", "{").replace("OPC UA bridge", "v2");
        Http.Response updated = http.put(templates(tenant) + "/bridge", changed);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);
        assertThat(updated.json().path("description").asText()).isEqualTo("v2");
        assertThat(http.put(templates(tenant) + "/bridge", changed).json().path("version").asInt())
                .as("an identical body makes no version").isEqualTo(2);
        assertThat(http.put(templates(tenant) + "/absent", changed).status()).isEqualTo(404);

        assertThat(http.delete(templates(tenant) + "/bridge").status()).isEqualTo(204);
        assertThat(http.get(templates(tenant) + "/bridge").status()).isEqualTo(404);
        assertThat(http.delete(templates(tenant) + "/bridge").status()).isEqualTo(404);
    }

    @Test
    void aDeletedTenantsCatalogueGoesWithItAndTheSharedOneStays() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        assertThat(http.post(templates(tenant), BRIDGE.formatted("doomed")).status()).isEqualTo(201);
        Http admin = harness.http("*");
        assertThat(admin.post("/api/v1/templates", BRIDGE.formatted("kept-" + tenant)).status()).isEqualTo(201);

        harness.tenantDeleted(tenant);

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(templates(tenant) + "/doomed").status() == 404);
        assertThat(admin.get("/api/v1/templates/kept-" + tenant).status()).isEqualTo(200);
    }

    @Test
    void theSharedCatalogueIsReadByTenantsAndChangedOnlyByPlatformAdmins() {
        Http admin = harness.http("*");
        Http tenant = harness.http(tenant());
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 6);

        assertThat(tenant.post("/api/v1/templates", BRIDGE.formatted(name)).status()).isEqualTo(403);
        Http.Response created = admin.post("/api/v1/templates", BRIDGE.formatted(name));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("catalogue").asText()).isEqualTo("shared");

        assertThat(tenant.get("/api/v1/templates").json().path("items")).extracting(t -> t.path("name").asText())
                .contains(name);
        assertThat(tenant.get("/api/v1/templates/" + name).json().path("version").asInt()).isEqualTo(1);
        String body = BRIDGE.formatted("x").replace("{\"name\": \"x\", ", "{");
        assertThat(tenant.put("/api/v1/templates/" + name, body.replace("OPC", "OPC-UA")).status()).isEqualTo(403);
        assertThat(tenant.delete("/api/v1/templates/" + name).status()).isEqualTo(403);

        Http.Response updated = admin.put("/api/v1/templates/" + name, body.replace("OPC", "OPC-UA"));
        assertThat(updated.json().path("version").asInt()).as(updated.text()).isEqualTo(2);
        assertThat(admin.delete("/api/v1/templates/" + name).status()).isEqualTo(204);
        assertThat(tenant.get("/api/v1/templates/" + name).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantCannotSeeOrUseATenantsTemplates() {
        String a = tenant();
        String b = tenant();
        assertThat(harness.http(a).post(templates(a), BRIDGE.formatted("private")).status()).isEqualTo(201);

        Http.Response foreign = harness.http(b).get(templates(a) + "/private");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().path("type").asText()).endsWith("/tenant-not-found");
        assertThat(harness.http(b).get(templates(a)).status()).isEqualTo(404);
        assertThat(harness.http(b).get(templates(b) + "/private").status()).isEqualTo(404);
        assertThat(harness.http(b).get(templates(b)).json().path("items")).isEmpty();
        assertThat(harness.http(b).post(templates(b) + "/private/instantiate",
                "{\"app\": \"stolen\", \"target\": {\"selector\": \"a\"}, \"params\": {\"line\": \"a\"}}").status())
                .isEqualTo(404);
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = ?", b)).isEmpty();
    }

    @Test
    void anInconsistentTemplateIs422NamingTheProblemAndStoresNothing() {
        String tenant = tenant();
        String undeclared = BRIDGE.formatted("broken").replace("${level}", "${colour}");
        Http.Response response = harness.http(tenant).post(templates(tenant), undeclared);
        assertThat(response.status()).as(response.text()).isEqualTo(422);
        assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("/app/env/LEVEL");

        String badDefault = BRIDGE.formatted("broken").replace("\"default\": 8080", "\"default\": 80");
        assertThat(harness.http(tenant).post(templates(tenant), badDefault).json().at("/errors/0/field").asText())
                .isEqualTo("/params/1/default");
        assertThat(harness.sql("SELECT 1 FROM deployment.app_templates WHERE catalogue = ?", tenant)).isEmpty();
    }
}
