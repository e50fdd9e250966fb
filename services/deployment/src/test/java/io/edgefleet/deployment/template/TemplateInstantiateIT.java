package io.edgefleet.deployment.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Instantiation against the real service, PostgreSQL and broker: the app, its desired documents, refusals. */
class TemplateInstantiateIT {

    private static final String TENANT = "tpl";
    private static final String BRIDGE = TemplateApiIT.BRIDGE;
    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
        Http.Response created = harness.http(TENANT).post(TemplateApiIT.templates(TENANT), BRIDGE.formatted("bridge"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String instantiate(String app, String params) {
        return "{\"app\": \"" + app + "\", \"target\": {\"selector\": \"line=3\"}, \"params\": " + params + "}";
    }

    @Test
    void anInstantiatedAppIsCreatedWithTheValuesAndReachesTheSelectedEndpoint() {
        String tenant = TemplateApiIT.tenant();
        String line3 = DeploymentHarness.newEndpointId();
        String line4 = DeploymentHarness.newEndpointId();
        harness.registered(tenant, line3, "{\"line\":\"3\"}");
        harness.registered(tenant, line4, "{\"line\":\"4\"}");
        assertThat(harness.http(tenant).post(TemplateApiIT.templates(tenant), BRIDGE.formatted("bridge")).status())
                .isEqualTo(201);

        Http.Response created = harness.http(tenant).post(TemplateApiIT.templates(tenant) + "/bridge/instantiate",
                instantiate("bridge-l3", "{\"line\": \"l3\", \"port\": 9090, \"level\": \"debug\"}"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.headers().get("location")).containsExactly("/api/v1/tenants/" + tenant + "/apps/bridge-l3");
        assertThat(created.json().path("revision").asInt()).isEqualTo(1);
        assertThat(created.json().at("/template/name").asText()).isEqualTo("bridge");
        assertThat(created.json().at("/template/version").asInt()).isEqualTo(1);
        JsonNode app = harness.http(tenant).get("/api/v1/tenants/" + tenant + "/apps/bridge-l3").json();
        assertThat(app.at("/spec/ports/0/hostPort").isInt()).isTrue();
        assertThat(app.at("/spec/ports/0/hostPort").asInt()).isEqualTo(9090);
        assertThat(app.at("/spec/command/2").asText()).isEqualTo("-p9090");
        assertThat(app.at("/spec/env/URL").asText()).isEqualTo("opc.tcp://plc-l3:4840");
        assertThat(app.at("/spec/env/LEVEL").asText()).isEqualTo("debug");
        assertThat(app.at("/spec/env/NOTE").asText()).as("a default").isEqualTo("none");
        assertThat(app.at("/target/selector").asText()).isEqualTo("line=3");

        harness.awaitOutboxEmpty();
        Map<String, JsonNode> retained = harness.retainedDesired(tenant, 1);
        assertThat(retained).containsOnlyKeys("edge/v1/" + tenant + "/" + line3 + "/desired");
        JsonNode document = retained.values().iterator().next();
        assertThat(document.path("generation").asLong()).isEqualTo(1);
        assertThat(document.at("/apps/0/name").asText()).isEqualTo("bridge-l3");
        assertThat(document.at("/apps/0/spec/ports/0/containerPort").asInt()).isEqualTo(9090);
        assertThat(harness.events("app.created")).anySatisfy(event -> assertThat(event.subject()).isEqualTo("bridge-l3"));
    }

    @Test
    void aSharedTemplateIsInstantiatedIntoTheCallersTenant() {
        String tenant = TemplateApiIT.tenant();
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(harness.http("*").post("/api/v1/templates", BRIDGE.formatted(name)).status()).isEqualTo(201);

        Http.Response created = harness.http(tenant).post(TemplateApiIT.templates(tenant) + "/shared/" + name
                + "/instantiate", instantiate("from-shared", "{\"line\": \"a1\"}"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("tenant").asText()).isEqualTo(tenant);
        assertThat(created.json().at("/template/catalogue").asText()).isEqualTo("shared");
        assertThat(created.json().at("/spec/ports/0/hostPort").asInt()).isEqualTo(8080);
        assertThat(harness.http(tenant).post(TemplateApiIT.templates(tenant) + "/shared/" + name + "/instantiate",
                instantiate("from-shared", "{\"line\": \"a1\"}")).status()).as("the app name is taken").isEqualTo(409);
        assertThat(harness.http(tenant).post(TemplateApiIT.templates(tenant) + "/shared/absent/instantiate",
                instantiate("other", "{\"line\": \"a1\"}")).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing required       | {}                                         | /params/line",
        "no params at all       |                                            | /params/line",
        "unknown param          | {\"line\": \"a\", \"colour\": \"red\"}     | /params/colour",
        "string for integer     | {\"line\": \"a\", \"port\": \"9090\"}      | /params/port",
        "below min              | {\"line\": \"a\", \"port\": 22}            | /params/port",
        "above max              | {\"line\": \"a\", \"port\": 70000}         | /params/port",
        "not in enum            | {\"line\": \"a\", \"level\": \"trace\"}    | /params/level",
        "pattern mismatch       | {\"line\": \"Line 3\"}                     | /params/line",
        "shell injection        | {\"line\": \"a;reboot\"}                   | /params/line",
        "number for string      | {\"line\": 3}                              | /params/line",
    })
    void aBadParamIs422NamingItAndStoresNothing(String why, String params, String field) {
        String body = params == null ? "{\"app\": \"bad\", \"target\": {\"selector\": \"line=3\"}}"
                : instantiate("bad", params);

        Http.Response response = harness.http(TENANT).post(TemplateApiIT.templates(TENANT) + "/bridge/instantiate", body);

        assertThat(response.status()).as(response.text()).isEqualTo(422);
        assertThat(response.json().path("errors")).extracting(e -> e.path("field").asText()).as(response.text())
                .containsExactly(field.strip());
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = ?", TENANT)).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.outbox WHERE topic LIKE 'fleet/v1/tpl/%'")).isEmpty();
    }

    @Test
    void injectionStringsAreSubstitutedAsInertTextAndStillValidated() {
        String tenant = TemplateApiIT.tenant();
        Http http = harness.http(tenant);
        assertThat(http.post(TemplateApiIT.templates(tenant), BRIDGE.formatted("bridge")).status()).isEqualTo(201);
        String hostile = "${line}'; DROP TABLE deployment.apps; -- \\\"$(reboot)\\\" {\\\"privileged\\\": true}";

        Http.Response created = http.post(TemplateApiIT.templates(tenant) + "/bridge/instantiate",
                instantiate("inert", "{\"line\": \"l1\", \"note\": \"" + hostile + "\"}"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().at("/spec/env/NOTE").asText())
                .isEqualTo("${line}'; DROP TABLE deployment.apps; -- \"$(reboot)\" {\"privileged\": true}");
        assertThat(created.json().at("/spec/privileged").isMissingNode()).isTrue();
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = ?", tenant)).hasSize(1);

        // the same kind of value where the spec has rules is still checked, and blamed on the param
        String imageTemplate = """
                {"name": "img", "params": [{"name": "image", "type": "string", "required": true}],
                 "app": {"image": "${image}"}}""";
        assertThat(http.post(TemplateApiIT.templates(tenant), imageTemplate).status()).isEqualTo(201);
        Http.Response refused = http.post(TemplateApiIT.templates(tenant) + "/img/instantiate",
                instantiate("img-app", "{\"image\": \"busybox; rm -rf /\"}"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.json().path("errors")).extracting(e -> e.path("field").asText()).containsExactly("/params/image");
        assertThat(harness.sql("SELECT 1 FROM deployment.apps WHERE tenant = ? AND name = 'img-app'", tenant)).isEmpty();
    }

    @Test
    void aBadTargetOrAppNameIs422LikeAppCreate() {
        Http.Response selector = harness.http(TENANT).post(TemplateApiIT.templates(TENANT) + "/bridge/instantiate",
                "{\"app\": \"x1\", \"target\": {\"selector\": \"line in (a\"}, \"params\": {\"line\": \"a\"}}");
        assertThat(selector.status()).isEqualTo(422);
        assertThat(selector.json().at("/errors/0/field").asText()).isEqualTo("/target/selector");
        Http.Response name = harness.http(TENANT).post(TemplateApiIT.templates(TENANT) + "/bridge/instantiate",
                instantiate("Bad Name", "{\"line\": \"a\"}"));
        assertThat(name.status()).isEqualTo(422);
        assertThat(name.json().at("/errors/0/field").asText()).isEqualTo("/app");
    }
}
