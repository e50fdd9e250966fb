package io.edgefleet.deployment.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rollouts through the real service, broker and database, with the agents played by retained presence and state
 * reports: what each endpoint's desired document holds is what the rollout allows, step by step.
 */
class RolloutIT {

    private static final String V1 = "{\"image\":\"edgefleet-test/busybox:1\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"]}";
    private static final String V2 = "{\"image\":\"edgefleet-test/busybox:2\",\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"]}";

    private static DeploymentHarness harness;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** A tenant with {@code count} online endpoints labelled site=qingdao, each reporting {@code app} rev 1 Running. */
    private static World world(int count, String rollout) {
        World world = new World("t" + UUID.randomUUID().toString().substring(0, 8), new ArrayList<>());
        for (int i = 0; i < count; i++) {
            String endpoint = DeploymentHarness.newEndpointId();
            harness.registered(world.tenant, endpoint, "{\"site\":\"qingdao\"}");
            harness.presence(world.tenant, endpoint, true);
            world.endpoints.add(endpoint);
        }
        world.endpoints.sort(String::compareTo);
        Http.Response created = harness.http(world.tenant).post(world.base(), "{\"name\":\"web\",\"spec\":" + V1
                + ",\"target\":{\"selector\":\"site=qingdao\"},\"rollout\":" + rollout + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        harness.awaitOutboxEmpty();
        world.endpoints.forEach(e -> harness.appState(world.tenant, e, "web", 1, "Running", null));
        return world;
    }

    private record World(String tenant, List<String> endpoints) {
        String base() {
            return "/api/v1/tenants/" + tenant + "/apps";
        }

        Http.Response update(String spec, String rollout) {
            Http.Response updated = harness.http(tenant).put(base() + "/web", "{\"spec\":" + spec
                    + ",\"target\":{\"selector\":\"site=qingdao\"},\"rollout\":" + rollout + "}");
            assertThat(updated.status()).as(updated.text()).isEqualTo(200);
            return updated;
        }

        /** The revision of web in each endpoint's retained desired document, once the outbox is empty. */
        int revisionAt(String endpoint) {
            List<?> messages = harness.desiredMessages(tenant, endpoint);
            String last = harness.desiredMessages(tenant, endpoint).get(messages.size() - 1).payload();
            JsonNode document = io.edgefleet.kit.events.Json.parse(last.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return document.at("/apps/0/revision").asInt();
        }

        JsonNode rollout() {
            return harness.http(tenant).get(base() + "/web/rollout").json();
        }

        String stateOf(String endpoint) {
            for (JsonNode target : rollout().path("endpoints")) {
                if (target.path("endpoint").asText().equals(endpoint)) {
                    return target.path("state").asText();
                }
            }
            return "absent";
        }

        void awaitRevisions(int... revisions) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                harness.awaitOutboxEmpty();
                for (int i = 0; i < revisions.length; i++) {
                    assertThat(revisionAt(endpoints.get(i))).as("revision at endpoint %d", i).isEqualTo(revisions[i]);
                }
            });
        }

        void awaitState(String state) {
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(rollout().path("state").asText()).isEqualTo(state));
        }
    }

    @Test
    void aRollingUpdateWithBatchOneTellsOneEndpointAtATimeAndWaitsForItsAgent() {
        String rolling = "{\"strategy\":\"rolling\",\"batchSize\":1,\"maxUnavailable\":1}";
        World world = world(3, rolling);

        world.update(V2, rolling);

        world.awaitRevisions(2, 1, 1);
        assertThat(world.rollout().at("/counts/updating").asInt()).isEqualTo(1);
        assertThat(world.rollout().at("/counts/pending").asInt()).isEqualTo(2);
        harness.appState(world.tenant, world.endpoints.get(0), "web", 2, "Running", null);
        world.awaitRevisions(2, 2, 1);
        harness.appState(world.tenant, world.endpoints.get(1), "web", 2, "Running", null);
        world.awaitRevisions(2, 2, 2);
        harness.appState(world.tenant, world.endpoints.get(2), "web", 2, "Running", null);
        world.awaitState("succeeded");
        assertThat(world.rollout().at("/counts/succeeded").asInt()).isEqualTo(3);
        List<String> states = harness.events("rollout.progressed").stream()
                .filter(e -> e.tenant().equals(world.tenant)).map(e -> ((JsonNode) io.edgefleet.kit.events.Json.tree(
                        e.data())).path("state").asText()).toList();
        assertThat(states).contains("running", "succeeded");
    }

    @Test
    void aFailedCanaryPausesTheRolloutAndTheOtherEndpointsKeepTheOldRevision() {
        String canary = "{\"strategy\":\"canary\",\"canary\":{\"count\":1},\"failurePolicy\":\"pause\"}";
        World world = world(3, canary);

        world.update(V2, canary);
        world.awaitRevisions(2, 1, 1);
        harness.appState(world.tenant, world.endpoints.get(0), "web", 2, "Failed", "pull failed: manifest unknown");

        world.awaitState("paused");
        assertThat(world.rollout().path("reason").asText()).contains("manifest unknown");
        assertThat(world.stateOf(world.endpoints.get(0))).isEqualTo("failed");
        harness.awaitOutboxEmpty();
        DeploymentHarness.sleep(1500);
        world.awaitRevisions(2, 1, 1);

        Http.Response aborted = harness.http(world.tenant).post(world.base() + "/web/rollout/abort", "");
        assertThat(aborted.status()).as(aborted.text()).isEqualTo(200);
        assertThat(aborted.json().path("state").asText()).isEqualTo("aborted");
        DeploymentHarness.sleep(1500);
        world.awaitRevisions(2, 1, 1);
        assertThat(harness.http(world.tenant).post(world.base() + "/web/rollout/resume", "").status()).isEqualTo(404);
    }

    @Test
    void aFailedCanaryWithTheRollbackPolicyRollsTheAppBackAndLeavesTheOthersUntouched() {
        String canary = "{\"strategy\":\"canary\",\"canary\":{\"count\":1},\"failurePolicy\":\"rollback\"}";
        World world = world(3, canary);
        world.update(V2, canary);
        world.awaitRevisions(2, 1, 1);

        harness.appState(world.tenant, world.endpoints.get(0), "web", 2, "Failed", "exited at once");

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                harness.http(world.tenant).get(world.base() + "/web").json().path("revision").asInt()).isEqualTo(3));
        JsonNode history = harness.http(world.tenant).get(world.base() + "/web/rollouts").json().path("items");
        assertThat(history.get(1).path("state").asText()).isEqualTo("rolled-back");
        world.awaitRevisions(3, 3, 3);
        JsonNode revisions = harness.http(world.tenant).get(world.base() + "/web/revisions").json().path("items");
        assertThat(revisions.get(0).path("rolledBackTo").asInt()).isEqualTo(1);
        assertThat(revisions.get(0).path("createdBy").asText()).startsWith("rollout:");
        // the untouched endpoints were never told another spec: their rollout entry says so
        JsonNode rollback = world.rollout();
        assertThat(rollback.path("revision").asInt()).isEqualTo(3);
        assertThat(world.stateOf(world.endpoints.get(1))).isEqualTo("succeeded");
    }

    @Test
    void aCanaryWaitsForPromotionThenTheRestFollows() {
        String canary = "{\"strategy\":\"canary\",\"canary\":{\"count\":1,\"promote\":\"manual\"}}";
        World world = world(3, canary);
        world.update(V2, canary);
        world.awaitRevisions(2, 1, 1);
        harness.appState(world.tenant, world.endpoints.get(0), "web", 2, "Running", null);

        world.awaitState("awaiting-promotion");
        Http.Response promoted = harness.http(world.tenant).post(world.base() + "/web/rollout/promote", "");
        assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);

        // then batches of one, as no batch size was given
        world.awaitRevisions(2, 2, 1);
        harness.appState(world.tenant, world.endpoints.get(1), "web", 2, "Running", null);
        world.awaitRevisions(2, 2, 2);
        assertThat(harness.http(world.tenant).post(world.base() + "/web/rollout/promote", "").status()).isEqualTo(409);
    }

    @Test
    void anOfflineEndpointWaitsUnderTheWaitPolicyAndIsUpdatedWhenItReturns() {
        String waiting = "{\"strategy\":\"all-at-once\",\"offline\":\"wait\"}";
        World world = world(2, waiting);
        harness.presence(world.tenant, world.endpoints.get(1), false);
        DeploymentHarness.sleep(500);

        world.update(V2, waiting);
        world.awaitRevisions(2, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(world.stateOf(world.endpoints.get(1))).isEqualTo("waiting"));
        harness.appState(world.tenant, world.endpoints.get(0), "web", 2, "Running", null);
        DeploymentHarness.sleep(1500);
        assertThat(world.rollout().path("state").asText()).as("not finished without the offline one").isEqualTo("running");

        harness.presence(world.tenant, world.endpoints.get(1), true);
        world.awaitRevisions(2, 2);
        harness.appState(world.tenant, world.endpoints.get(1), "web", 2, "Running", null);
        world.awaitState("succeeded");
    }

    @Test
    void anOfflineEndpointIsSkippedUnderTheSkipPolicyButToldTheNewRevision() {
        String skipping = "{\"strategy\":\"rolling\",\"batchSize\":1,\"offline\":\"skip\"}";
        World world = world(2, skipping);
        harness.presence(world.tenant, world.endpoints.get(0), false);
        DeploymentHarness.sleep(500);

        world.update(V2, skipping);

        world.awaitRevisions(2, 2);
        assertThat(world.stateOf(world.endpoints.get(0))).isEqualTo("skipped");
        harness.appState(world.tenant, world.endpoints.get(1), "web", 2, "Running", null);
        world.awaitState("succeeded");
    }

    @Test
    void aMaintenanceWindowInTheEndpointsTimeZoneHoldsOnlyThatEndpoint() {
        World world = world(2, "{}");
        harness.appState(world.tenant, world.endpoints.get(1), "web", 1, "Running", null, "Asia/Shanghai");
        // the report is consumed asynchronously: until its zone is stored the endpoint counts as UTC (window open)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !harness.sql(
                "SELECT 1 FROM deployment.endpoint_status WHERE endpoint = ? AND timezone = 'Asia/Shanghai'",
                world.endpoints.get(1)).isEmpty());
        // open now for the first endpoint (no zone: UTC), closed for the second: Shanghai is eight hours ahead
        int hour = ZonedDateTime.now(ZoneId.of("UTC")).getHour();
        String start = String.format("%02d:00", hour);
        // two hours wide, so a run late in the hour does not see the window close under it (it may cross midnight)
        String end = String.format("%02d:00", (hour + 2) % 24);
        String window = "{\"strategy\":\"all-at-once\",\"maintenanceWindow\":{\"start\":\"" + start
                + "\",\"end\":\"" + end + "\"}}";

        world.update(V2, window);

        world.awaitRevisions(2, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(world.stateOf(world.endpoints.get(1))).isEqualTo("waiting"));
        String reason = world.rollout().at("/endpoints/1/reason").asText();
        assertThat(reason).contains("maintenance window").contains("Asia/Shanghai").contains("T" + start + "+08:00");
    }

    @Test
    void anOverrideGivesMatchingEndpointsAnotherImageAndFollowsTheirLabels() {
        World world = world(2, "{}");
        Http.Response updated = harness.http(world.tenant).put(world.base() + "/web", "{\"spec\":" + V1
                + ",\"target\":{\"selector\":\"site=qingdao\"},\"overrides\":[{\"selector\":\"line=b\","
                + "\"image\":\"edgefleet-test/busybox:cn\",\"env\":{\"LANG\":\"zh_CN.UTF-8\"}}]}");
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        harness.awaitOutboxEmpty();
        String plain = world.endpoints.get(0);
        String lineB = world.endpoints.get(1);

        harness.updated(world.tenant, lineB, "{\"site\":\"qingdao\",\"line\":\"b\"}");

        Map<String, JsonNode> retained = harness.retainedDesired(world.tenant, 2);
        JsonNode overridden = retained.get("edge/v1/" + world.tenant + "/" + lineB + "/desired");
        assertThat(overridden.at("/apps/0/spec/image").asText()).isEqualTo("edgefleet-test/busybox:cn");
        assertThat(overridden.at("/apps/0/spec/env/LANG").asText()).isEqualTo("zh_CN.UTF-8");
        JsonNode untouched = retained.get("edge/v1/" + world.tenant + "/" + plain + "/desired");
        assertThat(untouched.at("/apps/0/spec/image").asText()).isEqualTo("edgefleet-test/busybox:1");
        assertThat(untouched.at("/apps/0/spec/env").isMissingNode()).isTrue();

        Http.Response bad = harness.http(world.tenant).put(world.base() + "/web", "{\"spec\":" + V1
                + ",\"target\":{\"selector\":\"site=qingdao\"},\"overrides\":[{\"selector\":\"line in (\",\"image\":\"x\"}]}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.text()).contains("/overrides/0");
    }
}
