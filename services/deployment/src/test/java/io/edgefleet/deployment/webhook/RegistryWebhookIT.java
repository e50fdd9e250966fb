package io.edgefleet.deployment.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.events.EventEnvelope;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry webhook releases apps that follow the pushed repository and tag, and nothing else. */
class RegistryWebhookIT {

    private static final String REPO = "registry.example.com:5000/team/app";
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

    private static String app(String name, String image, String autoUpdate) {
        return "{\"name\":\"" + name + "\",\"spec\":{\"image\":\"" + image + "\",\"env\":{\"MODE\":\"prod\"}},"
                + "\"target\":{\"selector\":\"site=a\"}" + (autoUpdate == null ? "" : ",\"autoUpdate\":" + autoUpdate) + "}";
    }

    private static String follow(String repository, String tagPattern) {
        return "{\"repository\":\"" + repository + "\",\"tagPattern\":\"" + tagPattern + "\"}";
    }

    /** A notification as Docker distribution 2.8 sends it for {@code docker push host/repo:tag}: layers, then the manifest. */
    private static String pushed(String host, String repository, String tag) {
        return """
                {"events":[
                 {"id":"%1$s-1","timestamp":"2026-11-27T08:00:00.1Z","action":"push",
                  "target":{"mediaType":"application/octet-stream","size":765,"digest":"sha256:aa11","length":765,
                            "repository":"%3$s","url":"http://%2$s/v2/%3$s/blobs/sha256:aa11"},
                  "request":{"id":"r1","addr":"10.0.0.5:50312","host":"%2$s","method":"PUT","useragent":"docker/20.10"},
                  "actor":{},"source":{"addr":"registry:5000","instanceID":"i-1"}},
                 {"id":"%1$s-2","timestamp":"2026-11-27T08:00:00.2Z","action":"pull",
                  "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":527,
                            "digest":"sha256:bb22","length":527,"repository":"%3$s","url":"http://%2$s/v2/%3$s/manifests/sha256:bb22",
                            "tag":"%4$s"},
                  "request":{"id":"r2","addr":"10.0.0.6:50313","host":"%2$s","method":"GET","useragent":"docker/20.10"},
                  "actor":{},"source":{"addr":"registry:5000","instanceID":"i-1"}},
                 {"id":"%1$s-3","timestamp":"2026-11-27T08:00:00.3Z","action":"push",
                  "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":527,
                            "digest":"sha256:bb22","length":527,"repository":"%3$s","url":"http://%2$s/v2/%3$s/manifests/sha256:bb22",
                            "tag":"%4$s"},
                  "request":{"id":"r3","addr":"10.0.0.5:50314","host":"%2$s","method":"PUT","useragent":"docker/20.10"},
                  "actor":{},"source":{"addr":"registry:5000","instanceID":"i-1"}}
                ]}""".formatted(UUID.randomUUID(), host, repository, tag);
    }

    private static String webhook(String tenant) {
        return "/api/v1/tenants/" + tenant + "/webhooks/registry";
    }

    @Test
    void aPushOfAMatchingTagReleasesTheFollowingAppsWithTheNewImageAndNothingElse() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        String base = "/api/v1/tenants/" + tenant + "/apps";
        assertThat(http.post(base, app("web", REPO + ":1.0.0", follow(REPO, "1\\\\.[0-9]+\\\\.[0-9]+"))).status()).isEqualTo(201);
        assertThat(http.post(base, app("other", "registry.example.com:5000/team/other:1.0.0",
                follow("registry.example.com:5000/team/other", ".*"))).status()).isEqualTo(201);
        assertThat(http.post(base, app("manual", REPO + ":1.0.0", null)).status()).isEqualTo(201);

        Http.Response answer = http.post(webhook(tenant), pushed("registry.example.com:5000", "team/app", "1.1.0"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().path("released").toString())
                .isEqualTo("[{\"name\":\"web\",\"revision\":2,\"image\":\"" + REPO + ":1.1.0\"}]");
        JsonNode web = http.get(base + "/web").json();
        assertThat(web.path("revision").asInt()).isEqualTo(2);
        assertThat(web.path("spec").path("image").asText()).isEqualTo(REPO + ":1.1.0");
        assertThat(web.path("spec").path("env").path("MODE").asText()).isEqualTo("prod");
        assertThat(web.path("autoUpdate").path("repository").asText()).isEqualTo(REPO);
        assertThat(http.get(base + "/web/revisions").json().path("items").get(0).path("createdBy").asText())
                .isEqualTo("webhook:user:test");
        assertThat(http.get(base + "/other").json().path("revision").asInt()).isEqualTo(1);
        assertThat(http.get(base + "/manual").json().path("revision").asInt()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> harness.events("app.updated").stream()
                .anyMatch(e -> e.tenant().equals(tenant) && e.subject().equals("web")));
        EventEnvelope event = harness.events("app.updated").stream().filter(e -> e.tenant().equals(tenant)).findFirst().orElseThrow();
        assertThat(event.toJson()).contains("1.1.0");

        // the same push again releases nothing: the app already runs that image
        assertThat(http.post(webhook(tenant), pushed("registry.example.com:5000", "team/app", "1.1.0")).json()
                .path("released")).isEmpty();
        assertThat(http.get(base + "/web").json().path("revision").asInt()).isEqualTo(2);
    }

    @Test
    void aTagThePatternDoesNotMatchAnotherRepositoryOrAnotherHostReleaseNothing() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        String base = "/api/v1/tenants/" + tenant + "/apps";
        http.post(base, app("web", REPO + ":1.0.0", follow(REPO, "1\\\\.[0-9]+\\\\.[0-9]+")));

        for (String body : new String[] {
                pushed("registry.example.com:5000", "team/app", "latest"),
                pushed("registry.example.com:5000", "team/app", "1.1.0-rc1"),
                pushed("registry.example.com:5000", "team/application", "1.1.0"),
                pushed("elsewhere.example.com", "team/app", "1.1.0")}) {
            Http.Response answer = http.post(webhook(tenant), body);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.json().path("released")).isEmpty();
        }
        assertThat(http.get(base + "/web").json().path("revision").asInt()).isEqualTo(1);
        // another tenant's push does not reach this tenant's apps
        assertThat(harness.http("x" + tenant).post(webhook("x" + tenant),
                pushed("registry.example.com:5000", "team/app", "1.2.0")).json().path("released")).isEmpty();
        assertThat(http.get(base + "/web").json().path("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aRuleWithoutHostFollowsThatPathOnAnyRegistry() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post("/api/v1/tenants/" + tenant + "/apps", app("web", "team/app:1", follow("team/app", "[0-9]+")));

        Http.Response answer = http.post(webhook(tenant), pushed("registry.example.com:5000", "team/app", "2"));

        assertThat(answer.json().path("released").get(0).path("image").asText()).isEqualTo("team/app:2");
    }

    @Test
    void rollbackRestoresTheAutoUpdateOfTheEarlierRevision() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        String base = "/api/v1/tenants/" + tenant + "/apps";
        http.post(base, app("web", REPO + ":1.0.0", follow(REPO, ".*")));
        assertThat(http.put(base + "/web", "{\"spec\":{\"image\":\"" + REPO + ":1.0.0\",\"env\":{\"MODE\":\"prod\"}},"
                + "\"target\":{\"selector\":\"site=a\"}}").json().has("autoUpdate")).isFalse();
        assertThat(http.post(webhook(tenant), pushed("registry.example.com:5000", "team/app", "9")).json()
                .path("released")).isEmpty();

        JsonNode rolledBack = http.post(base + "/web/rollback", "{\"revision\":1}").json();

        assertThat(rolledBack.path("revision").asInt()).isEqualTo(3);
        assertThat(rolledBack.path("autoUpdate").path("repository").asText()).isEqualTo(REPO);
        assertThat(http.post(webhook(tenant), pushed("registry.example.com:5000", "team/app", "9")).json()
                .path("released").get(0).path("revision").asInt()).isEqualTo(4);
    }

    @Test
    void badRulesAndBadNotificationsAreRefusedNamingTheField() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        String base = "/api/v1/tenants/" + tenant + "/apps";

        Http.Response badPattern = http.post(base, app("web", "team/app:1", follow("team/app", "([")));
        Http.Response badRepository = http.post(base, app("web", "team/app:1", follow("Team/App:1", ".*")));
        Http.Response longPattern = http.post(base, app("web", "team/app:1", follow("team/app", "a".repeat(201))));
        Http.Response noEvents = http.post(webhook(tenant), "{\"evts\":[]}");
        Http.Response badEvent = http.post(webhook(tenant), "{\"events\":[{\"action\":\"push\",\"target\":{\"tag\":7}}]}");
        Http.Response notJson = http.post(webhook(tenant), "events");

        assertThat(badPattern.status()).isEqualTo(422);
        assertThat(badPattern.json().path("errors").findValuesAsText("field")).containsExactly("/autoUpdate/tagPattern");
        assertThat(badRepository.status()).isEqualTo(422);
        assertThat(badRepository.json().path("errors").findValuesAsText("field")).containsExactly("/autoUpdate/repository");
        assertThat(longPattern.status()).isEqualTo(422);
        assertThat(longPattern.json().path("errors").findValuesAsText("field")).containsExactly("/autoUpdate/tagPattern");
        assertThat(http.get(base).json().path("items")).isEmpty();
        assertThat(noEvents.status()).isEqualTo(422);
        assertThat(badEvent.status()).isEqualTo(422);
        assertThat(badEvent.json().path("errors").findValuesAsText("field")).containsExactly("/events/0/target/tag");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void aPatternThatBacktracksWithoutEndMatchesNothingAndDoesNotHoldTheService() {
        String tenant = tenant();
        Http http = harness.http(tenant);
        http.post("/api/v1/tenants/" + tenant + "/apps", app("web", "team/app:1", follow("team/app", "(a+)+b")));

        long started = System.nanoTime();
        Http.Response answer = http.post(webhook(tenant), pushed("r.example.com", "team/app", "a".repeat(60)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("released")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(http.post(webhook(tenant), pushed("r.example.com", "team/app", "aab")).json().path("released")).hasSize(1);
    }
}
