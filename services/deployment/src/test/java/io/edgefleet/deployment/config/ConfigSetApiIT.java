package io.edgefleet.deployment.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The config set API against the real service: versions, limits, and what the references make of an app. */
class ConfigSetApiIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SPEC = "{\"image\":\"edgefleet-test/busybox:1\",\"env\":{\"A\":\"own\"}}";

    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String sets(String tenant) {
        return "/api/v1/tenants/" + tenant + "/config-sets";
    }

    private static String apps(String tenant) {
        return "/api/v1/tenants/" + tenant + "/apps";
    }

    private static String app(String name, String endpoint, String configSets) {
        return "{\"name\":\"" + name + "\",\"spec\":" + SPEC + ",\"target\":{\"endpoints\":[\"" + endpoint
                + "\"]},\"configSets\":" + configSets + "}";
    }

    @Test
    void anUpdateMakesANewImmutableVersionAndAnEqualOneMakesNone() {
        String tenant = tenant();
        Http http = harness.http(tenant);

        Http.Response created = http.post(sets(tenant),
                "{\"name\":\"plc\",\"entries\":{\"PLC_HOST\":\"10.0.0.5\"},\"files\":{\"plc.yaml\":\"port: 502\\n\"}}");
        Http.Response updated = http.put(sets(tenant) + "/plc", "{\"entries\":{\"PLC_HOST\":\"10.0.0.6\"}}");
        Http.Response same = http.put(sets(tenant) + "/plc", "{\"entries\":{\"PLC_HOST\":\"10.0.0.6\"}}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.headers().get("location")).containsExactly(sets(tenant) + "/plc");
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);
        assertThat(updated.json().path("files").size()).as("absent members are empty").isZero();
        assertThat(same.json().path("version").asInt()).isEqualTo(2);
        assertThat(http.get(sets(tenant) + "/plc").json().at("/entries/PLC_HOST").asText()).isEqualTo("10.0.0.6");
        JsonNode versions = http.get(sets(tenant) + "/plc/versions").json().path("items");
        assertThat(versions).extracting(v -> v.path("version").asInt()).containsExactly(2, 1);
        assertThat(versions.get(1).path("createdBy").asText()).isEqualTo("user:test");
        JsonNode first = http.get(sets(tenant) + "/plc/versions/1").json();
        assertThat(first.at("/entries/PLC_HOST").asText()).isEqualTo("10.0.0.5");
        assertThat(first.at("/files/plc.yaml").asText()).isEqualTo("port: 502\n");
        assertThat(http.get(sets(tenant) + "/plc/versions/3").status()).isEqualTo(404);
        JsonNode list = http.get(sets(tenant)).json().path("items");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("keys")).extracting(JsonNode::asText).containsExactly("PLC_HOST");
        assertThat(http.post(sets(tenant), "{\"name\":\"plc\"}").status()).isEqualTo(409);
        assertThat(harness.http(tenant()).get(sets(tenant) + "/plc").status()).as("another tenant's caller")
                .isIn(403, 404);
    }

    @Test
    void fileSizeAndKeyNamesAreCheckedAndBigBodiesGetTheirOwnLimit() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        ObjectNode body = MAPPER.createObjectNode().put("name", "big");
        body.putObject("files").put("at-limit.bin", "x".repeat(ConfigSetRoutes.MAX_FILE_BYTES));

        Http.Response atLimit = http.post(sets(tenant), body.toString());
        body.put("name", "too-big").putObject("files").put("over.txt", "é".repeat(ConfigSetRoutes.MAX_FILE_BYTES / 2 + 1));
        Http.Response over = http.post(sets(tenant), body.toString());
        Http.Response badKey = http.post(sets(tenant), "{\"name\":\"k\",\"entries\":{\"1BAD-KEY\":\"x\"}}");
        Http.Response badFile = http.post(sets(tenant), "{\"name\":\"f\",\"files\":{\"..\":\"x\"}}");
        body.put("name", "huge").putObject("files").put("a", "y".repeat(25 * 1024 * 1024));
        Http.Response huge = http.post(sets(tenant), body.toString());

        assertThat(atLimit.status()).as("a 1 MiB file passes, above the 256 KiB limit of other bodies")
                .isEqualTo(201);
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.json().path("errors").get(0).path("field").asText()).isEqualTo("/files/over.txt");
        assertThat(over.json().path("errors").get(0).path("message").asText()).contains("1048576").contains("1048578");
        assertThat(badKey.status()).isEqualTo(422);
        assertThat(badKey.text()).contains("environment variable name");
        assertThat(badFile.status()).isEqualTo(422);
        assertThat(huge.status()).isEqualTo(413);
    }

    @Test
    void unknownSetsVersionsAndRegistriesAreRefusedNamingThem() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post(sets(tenant), "{\"name\":\"plc\",\"entries\":{\"B\":\"1\"}}");

        Http.Response noSet = http.post(apps(tenant), app("web", DeploymentHarness.newEndpointId(), "[{\"name\":\"nope\"}]"));
        Http.Response noVersion = http.post(apps(tenant), app("web", DeploymentHarness.newEndpointId(), "[{\"name\":\"plc\",\"version\":2}]"));
        Http.Response noRegistry = http.post(apps(tenant), "{\"name\":\"web\",\"spec\":" + SPEC
                + ",\"target\":{\"endpoints\":[\"" + DeploymentHarness.newEndpointId() + "\"]},\"registries\":[\"private\"]}");

        assertThat(noSet.status()).isEqualTo(422);
        assertThat(noSet.json().at("/errors/0/field").asText()).isEqualTo("/configSets/0/name");
        assertThat(noSet.json().at("/errors/0/message").asText()).contains("'nope'");
        assertThat(noVersion.status()).isEqualTo(422);
        assertThat(noVersion.json().at("/errors/0/field").asText()).isEqualTo("/configSets/0/version");
        assertThat(noVersion.json().at("/errors/0/message").asText()).contains("no version 2");
        assertThat(noRegistry.status()).isEqualTo(422);
        assertThat(noRegistry.json().at("/errors/0/field").asText()).isEqualTo("/registries/0");
        assertThat(http.get(apps(tenant)).json().path("items")).as("nothing was created").isEmpty();
    }

    @Test
    void theDesiredSpecCarriesTheSetAsEnvAndFilesAndAnUpdateRevisesOnlyTheAppsThatFollowIt() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        String follower = DeploymentHarness.newEndpointId();
        String pinned = DeploymentHarness.newEndpointId();
        harness.registered(tenant, follower, "{}");
        harness.registered(tenant, pinned, "{}");
        http.post(sets(tenant), "{\"name\":\"plc\",\"entries\":{\"A\":\"set\",\"B\":\"one\"},"
                + "\"files\":{\"plc.yaml\":\"port: 502\\n\"}}");

        Http.Response created = http.post(apps(tenant), app("web", follower,
                "[{\"name\":\"plc\",\"mountPath\":\"/etc/plc/\"}]"));
        http.post(apps(tenant), app("db", pinned, "[{\"name\":\"plc\",\"version\":1,\"env\":false,\"mountPath\":\"/cfg\"}]"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("configSets")).hasSize(1);
        assertThat(created.json().at("/configSets/0/resolvedVersion").asInt()).isEqualTo(1);
        assertThat(created.json().at("/configSets/0/env").asBoolean()).isTrue();
        assertThat(created.json().at("/configSets/0/mountPath").asText()).isEqualTo("/etc/plc");
        JsonNode first = harness.awaitDesired(tenant, follower, doc -> doc.path("apps").size() == 1);
        JsonNode spec = first.at("/apps/0/spec");
        assertThat(spec.at("/env/A").asText()).as("the spec's own env wins").isEqualTo("own");
        assertThat(spec.at("/env/B").asText()).isEqualTo("one");
        assertThat(spec.at("/files/0/path").asText()).isEqualTo("/etc/plc/plc.yaml");
        assertThat(spec.at("/files/0/content").asText()).isEqualTo("port: 502\n");
        JsonNode pinnedSpec = harness.awaitDesired(tenant, pinned, doc -> doc.path("apps").size() == 1).at("/apps/0/spec");
        assertThat(pinnedSpec.at("/env/B").isMissingNode()).as("env false").isTrue();
        assertThat(pinnedSpec.at("/files/0/path").asText()).isEqualTo("/cfg/plc.yaml");
        long pinnedGeneration = harness.awaitDesired(tenant, pinned, doc -> true).path("generation").asLong();

        Http.Response updated = http.put(sets(tenant) + "/plc", "{\"entries\":{\"A\":\"set\",\"B\":\"two\"},"
                + "\"files\":{\"plc.yaml\":\"port: 503\\n\"}}");

        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().path("appsUpdated")).hasSize(1);
        assertThat(updated.json().at("/appsUpdated/0/name").asText()).isEqualTo("web");
        JsonNode revisions = http.get(apps(tenant) + "/web/revisions").json().path("items");
        assertThat(revisions.get(0).path("revision").asInt()).isEqualTo(2);
        assertThat(revisions.get(0).path("createdBy").asText()).isEqualTo("config-set:plc@2");
        assertThat(revisions.get(0).at("/configSets/0/resolvedVersion").asInt()).isEqualTo(2);
        assertThat(revisions.get(1).at("/configSets/0/resolvedVersion").asInt()).as("revisions are reproducible")
                .isEqualTo(1);
        JsonNode second = harness.awaitDesired(tenant, follower, doc -> doc.at("/apps/0/revision").asInt() == 2);
        assertThat(second.at("/apps/0/spec/env/B").asText()).isEqualTo("two");
        assertThat(second.at("/apps/0/spec/files/0/content").asText()).isEqualTo("port: 503\n");
        assertThat(http.get(apps(tenant) + "/db").json().path("revision").asInt()).as("pinned to version 1").isEqualTo(1);
        harness.awaitOutboxEmpty();
        assertThat(harness.awaitDesired(tenant, pinned, doc -> true).path("generation").asLong())
                .isEqualTo(pinnedGeneration);
        assertThat(harness.events("app.updated")).anySatisfy(event ->
                assertThat(event.data().toString()).contains("\"resolvedVersion\":2"));

        Http.Response rollback = http.post(apps(tenant) + "/web/rollback", "{\"revision\":1}");
        assertThat(rollback.status()).as(rollback.text()).isEqualTo(200);
        assertThat(rollback.json().at("/configSets/0/resolvedVersion").asInt()).isEqualTo(1);
        JsonNode rolledBack = harness.awaitDesired(tenant, follower, doc -> doc.at("/apps/0/revision").asInt() == 3);
        assertThat(rolledBack.at("/apps/0/spec/env/B").asText()).isEqualTo("one");

        Http.Response refused = http.delete(sets(tenant) + "/plc");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("db, web");
        http.delete(apps(tenant) + "/web");
        http.delete(apps(tenant) + "/db");
        assertThat(http.delete(sets(tenant) + "/plc").status()).isEqualTo(204);
        assertThat(http.get(sets(tenant) + "/plc").status()).isEqualTo(404);
    }

    @Test
    void anUpdateThatWouldBreakAFollowersSpecIsRefusedAndChangesNothing() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post(sets(tenant), "{\"name\":\"plc\",\"entries\":{\"B\":\"1\"}}");
        ObjectNode spec = MAPPER.createObjectNode().put("image", "edgefleet-test/busybox:1");
        ObjectNode env = spec.putObject("env");
        for (int i = 0; i < 500; i++) {
            env.put("OWN_" + i, "x");
        }
        ObjectNode body = MAPPER.createObjectNode().put("name", "web");
        body.set("spec", spec);
        body.putObject("target").putArray("endpoints").add(DeploymentHarness.newEndpointId());
        body.putArray("configSets").addObject().put("name", "plc");
        assertThat(http.post(apps(tenant), body.toString()).status()).isEqualTo(201);
        ObjectNode many = MAPPER.createObjectNode();
        ObjectNode entries = many.putObject("entries");
        for (int i = 0; i < 20; i++) {
            entries.put("SET_" + i, "y");
        }

        Http.Response refused = http.put(sets(tenant) + "/plc", many.toString());

        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.json().at("/errors/0/message").asText()).contains("/env");
        assertThat(http.get(sets(tenant) + "/plc").json().path("version").asInt()).isEqualTo(1);
        assertThat(http.get(apps(tenant) + "/web").json().path("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aDeletedTenantsConfigSetsAndRegistriesGoWithIt() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        assertThat(http.post(sets(tenant), "{\"name\":\"plc\",\"entries\":{\"A\":\"1\"}}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/tenants/" + tenant + "/registries", "{\"name\":\"reg\",\"host\":\"reg.example\","
                + "\"username\":\"u\",\"password\":\"p\"}").status()).isEqualTo(201);

        harness.tenantDeleted(tenant);

        assertThat(harness.sql("SELECT 1 FROM deployment.config_set_versions WHERE tenant = ?", tenant)).isEmpty();
        assertThat(harness.sql("SELECT 1 FROM deployment.registries WHERE tenant = ?", tenant)).isEmpty();
        assertThat(http.get(sets(tenant)).json().path("items")).isEmpty();
    }
}
