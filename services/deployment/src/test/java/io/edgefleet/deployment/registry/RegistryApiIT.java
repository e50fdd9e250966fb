package io.edgefleet.deployment.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registry credentials against the real service: sealed at rest, never answered, sent only where needed. */
class RegistryApiIT {

    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

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

    private static String registries(String tenant) {
        return "/api/v1/tenants/" + tenant + "/registries";
    }

    private static String apps(String tenant) {
        return "/api/v1/tenants/" + tenant + "/apps";
    }

    @Test
    void thePasswordIsSealedAtRestAndNeverAnswered() {
        String tenant = tenant();
        Http http = harness.http(tenant);

        Http.Response created = http.post(registries(tenant), "{\"name\":\"private\",\"host\":\"reg.example:5000\","
                + "\"username\":\"ci\",\"password\":\"" + PASSWORD + "\"}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("hasPassword").asBoolean()).isTrue();
        assertThat(created.json().path("host").asText()).isEqualTo("reg.example:5000");
        assertThat(created.text()).doesNotContain(PASSWORD);
        assertThat(http.get(registries(tenant)).text()).doesNotContain(PASSWORD).contains("\"private\"");
        assertThat(http.get(registries(tenant) + "/private").text()).doesNotContain(PASSWORD);
        List<Map<String, Object>> rows = harness.sql("SELECT * FROM deployment.registries WHERE tenant = ?", tenant);
        assertThat(rows).hasSize(1);
        byte[] sealed = (byte[]) rows.get(0).get("password");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
        assertThat(rows.get(0).toString()).doesNotContain(PASSWORD);
        SecretBox box = SecretBox.of(Base64.getDecoder().decode(DeploymentHarness.SECRET_KEY));
        assertThat(new String(box.open(sealed, RegistrySeal.associatedData(tenant, "private")), StandardCharsets.UTF_8))
                .isEqualTo(PASSWORD);

        assertThat(http.post(registries(tenant), "{\"name\":\"private\",\"host\":\"other.example\","
                + "\"username\":\"ci\",\"password\":\"x\"}").status()).as("name taken").isEqualTo(409);
        Http.Response sameHost = http.post(registries(tenant), "{\"name\":\"second\",\"host\":\"REG.example:5000\","
                + "\"username\":\"ci\",\"password\":\"x\"}");
        assertThat(sameHost.status()).as("host taken: the agent refuses a host listed twice").isEqualTo(409);
        assertThat(http.post(registries(tenant), "{\"name\":\"bad\",\"host\":\"https://reg.example\","
                + "\"username\":\"ci\",\"password\":\"x\"}").status()).isEqualTo(422);
    }

    @Test
    void onlyEndpointsRunningAnAppThatUsesTheRegistryGetItsCredentialsAndARotationReachesThem() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        String needs = DeploymentHarness.newEndpointId();
        String other = DeploymentHarness.newEndpointId();
        harness.registered(tenant, needs, "{}");
        harness.registered(tenant, other, "{}");
        http.post(registries(tenant), "{\"name\":\"private\",\"host\":\"127.0.0.1:5000\",\"username\":\"ci\","
                + "\"password\":\"" + PASSWORD + "\"}");
        http.post(registries(tenant), "{\"name\":\"unused\",\"host\":\"reg.example\",\"username\":\"x\","
                + "\"password\":\"unused-password\"}");

        Http.Response created = http.post(apps(tenant), "{\"name\":\"vision\",\"spec\":{\"image\":"
                + "\"127.0.0.1:5000/vision/inspector:1\"},\"target\":{\"endpoints\":[\"" + needs + "\"]},"
                + "\"registries\":[\"private\"]}");
        http.post(apps(tenant), "{\"name\":\"plain\",\"spec\":{\"image\":\"edgefleet-test/busybox:1\"},"
                + "\"target\":{\"endpoints\":[\"" + other + "\"]}}");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("registries")).extracting(JsonNode::asText).containsExactly("private");
        JsonNode withCredentials = harness.awaitDesired(tenant, needs, doc -> doc.path("apps").size() == 1);
        assertThat(withCredentials.path("registries")).hasSize(1);
        assertThat(withCredentials.at("/registries/0/host").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(withCredentials.at("/registries/0/username").asText()).isEqualTo("ci");
        assertThat(withCredentials.at("/registries/0/password").asText()).isEqualTo(PASSWORD);
        JsonNode without = harness.awaitDesired(tenant, other, doc -> doc.path("apps").size() == 1);
        assertThat(without.path("registries")).isEmpty();
        assertThat(without.toString()).doesNotContain(PASSWORD).doesNotContain("unused-password");
        long otherGeneration = without.path("generation").asLong();

        Http.Response rotated = http.put(registries(tenant) + "/private",
                "{\"host\":\"127.0.0.1:5000\",\"username\":\"ci\",\"password\":\"rotated-" + PASSWORD + "\"}");

        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        assertThat(rotated.json().path("version").asInt()).isEqualTo(2);
        assertThat(rotated.text()).doesNotContain(PASSWORD);
        JsonNode after = harness.awaitDesired(tenant, needs,
                doc -> doc.at("/registries/0/password").asText().equals("rotated-" + PASSWORD));
        assertThat(after.path("generation").asLong()).isGreaterThan(withCredentials.path("generation").asLong());
        harness.awaitOutboxEmpty();
        assertThat(harness.awaitDesired(tenant, other, doc -> true).path("generation").asLong())
                .as("an endpoint that does not use the registry gets no new document").isEqualTo(otherGeneration);
        Http.Response keep = http.put(registries(tenant) + "/private", "{\"host\":\"127.0.0.1:5000\",\"username\":\"ops\"}");
        assertThat(keep.status()).isEqualTo(200);
        JsonNode kept = harness.awaitDesired(tenant, needs, doc -> doc.at("/registries/0/username").asText().equals("ops"));
        assertThat(kept.at("/registries/0/password").asText()).as("no password keeps the stored one")
                .isEqualTo("rotated-" + PASSWORD);

        Http.Response refused = http.delete(registries(tenant) + "/private");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("vision");
        assertThat(http.delete(registries(tenant) + "/unused").status()).isEqualTo(204);
        http.put(apps(tenant) + "/vision", "{\"spec\":{\"image\":\"127.0.0.1:5000/vision/inspector:1\"},"
                + "\"target\":{\"endpoints\":[\"" + needs + "\"]}}");
        JsonNode dropped = harness.awaitDesired(tenant, needs, doc -> doc.at("/apps/0/revision").asInt() == 2);
        assertThat(dropped.path("registries")).as("the app no longer lists it").isEmpty();
        assertThat(http.delete(registries(tenant) + "/private").status()).isEqualTo(204);
    }
}
