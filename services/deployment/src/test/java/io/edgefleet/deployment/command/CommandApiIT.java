package io.edgefleet.deployment.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.deployment.testing.DeploymentHarness;
import io.edgefleet.kit.testing.Http;
import io.edgefleet.kit.testing.MqttRecorder;
import io.edgefleet.kit.events.Json;
import io.edgefleet.schemas.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands API against the real broker and PostgreSQL, with an MQTT client standing in for the agents: it receives
 * what an agent would on {@code edge/v1/{t}/{e}/commands} and answers on {@code .../replies}. Commands expire after 3 s
 * here so that expiry can be watched.
 */
class CommandApiIT {

    private static final int TTL_SECONDS = 3;
    private static DeploymentHarness harness;

    private MqttRecorder agent;
    private String tenant;
    private String endpoint;
    private Http http;

    @BeforeAll
    static void start() {
        harness = DeploymentHarness.start(Map.of("EDGEFLEET_COMMAND_TTL_SECONDS", String.valueOf(TTL_SECONDS)));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void endpointWithAgent() {
        tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        endpoint = DeploymentHarness.newEndpointId();
        harness.registered(tenant, endpoint, "{}");
        http = harness.http(tenant);
        agent = harness.agentStandIn().subscribe("edge/v1/" + tenant + "/+/commands");
    }

    @AfterEach
    void closeAgent() {
        agent.close();
    }

    private String containers() {
        return "/api/v1/tenants/" + tenant + "/endpoints/" + endpoint + "/containers";
    }

    /** The next command the stand-in received for the endpoint, checked against command.schema.json. */
    private JsonNode receivedCommand(String toEndpoint, int index) {
        String topic = "edge/v1/" + tenant + "/" + toEndpoint + "/commands";
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> agent.received(r -> r.topic().equals(topic)).size() > index);
        MqttRecorder.Received message = agent.received(r -> r.topic().equals(topic)).get(index);
        assertThat(message.retained()).isFalse();
        JsonNode command = Json.parse(message.payload().getBytes(StandardCharsets.UTF_8));
        assertThat(JsonSchemas.load().validate("command", command)).as(message.payload()).isEmpty();
        return command;
    }

    private void reply(String fromEndpoint, String commandId, String status, String detail, String outputJson) {
        StringBuilder reply = new StringBuilder("{\"commandId\":\"").append(commandId).append("\",\"status\":\"")
                .append(status).append("\",\"finishedAt\":\"").append(Instant.now()).append('"');
        if (detail != null) {
            reply.append(",\"detail\":\"").append(detail).append('"');
        }
        if (outputJson != null) {
            reply.append(",\"output\":").append(outputJson);
        }
        agent.publish("edge/v1/" + tenant + "/" + fromEndpoint + "/replies", reply.append('}').toString(), false);
    }

    @Test
    void stopIsSentToTheAgentAndItsReplyAnswersTheWaitingCall() {
        long started = System.nanoTime();
        CompletableFuture<Http.Response> call = CompletableFuture.supplyAsync(
                () -> http.post(containers() + "/line-a_web/actions/stop?wait=10", "{\"timeoutSeconds\":3}"));

        JsonNode command = receivedCommand(endpoint, 0);
        long published = System.nanoTime();
        assertThat(command.path("type").asText()).isEqualTo("container.stop");
        assertThat(command.path("target").path("container").asText()).isEqualTo("line-a_web");
        assertThat(command.path("args").path("timeoutSeconds").asInt()).isEqualTo(3);
        assertThat(command.path("issuedBy").asText()).isEqualTo("user:test");
        assertThat(Duration.between(OffsetDateTime.parse(command.path("issuedAt").asText()),
                OffsetDateTime.parse(command.path("expiresAt").asText()))).isEqualTo(Duration.ofSeconds(TTL_SECONDS));
        reply(endpoint, command.path("id").asText(), "SUCCEEDED", null, null);
        Http.Response answer = call.join();
        long answered = System.nanoTime();

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("id").asText()).isEqualTo(command.path("id").asText());
        assertThat(body.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.path("reply").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.path("issuedBy").asText()).isEqualTo("user:test");
        assertThat(answer.headers().get("location")).containsExactly("/api/v1/tenants/" + tenant + "/commands/"
                + body.path("id").asText());
        assertThat(http.get("/api/v1/tenants/" + tenant + "/commands/" + body.path("id").asText()).json()).isEqualTo(body);
        assertThat(http.get("/api/v1/tenants/" + tenant + "/commands?endpoint=" + endpoint).json().path("items"))
                .containsExactly(body);
        System.out.printf("command latency: call to published %d ms, reply to answer %d ms%n",
                (published - started) / 1_000_000, (answered - published) / 1_000_000);
    }

    @Test
    void withoutReplyTheCallAnswers202AndThePollShowsTheReplyOnceItCame() {
        Http.Response answer = http.post(containers() + "/web/actions/restart?wait=0.3", null);

        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        assertThat(answer.json().path("status").asText()).isEqualTo("SENT");
        assertThat(answer.json().path("reply").isNull()).isTrue();
        String location = answer.headers().get("location").get(0);
        JsonNode command = receivedCommand(endpoint, 0);
        assertThat(location).endsWith("/commands/" + command.path("id").asText());
        assertThat(http.get(location).json().path("status").asText()).isEqualTo("SENT");

        reply(endpoint, command.path("id").asText(), "NOT_FOUND", "no such container: web", null);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get(location).json().path("status").asText().equals("NOT_FOUND"));
        JsonNode polled = http.get(location).json();
        assertThat(polled.path("reply").path("detail").asText()).isEqualTo("no such container: web");
        assertThat(polled.path("repliedAt").asText()).isNotEmpty();
    }

    @Test
    void aCommandWithoutReplyPastItsExpiryReadsExpiredAndALateSecondReplyChangesNothing() {
        Http.Response answer = http.post(containers() + "/web/actions/pause?wait=0", null);
        assertThat(answer.status()).isEqualTo(202);
        String location = answer.headers().get("location").get(0);

        Awaitility.await().atMost(Duration.ofSeconds(TTL_SECONDS + 5))
                .until(() -> http.get(location).json().path("status").asText().equals("EXPIRED"));
        assertThat(http.get(location).json().path("reply").isNull()).isTrue();

        // the agent answers EXPIRED itself when it receives a command too late; a duplicate of it is ignored
        String id = receivedCommand(endpoint, 0).path("id").asText();
        reply(endpoint, id, "EXPIRED", "arrived after its expiry", null);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !http.get(location).json().path("reply").isNull());
        reply(endpoint, id, "SUCCEEDED", null, null);
        DeploymentHarness.sleep(500);
        assertThat(http.get(location).json().path("reply").path("status").asText()).isEqualTo("EXPIRED");
        assertThat(harness.deadLetters()).noneMatch(d -> d.toString().contains(id));
    }

    @Test
    void aReplyFromAnotherEndpointDoesNotCompleteTheCommand() {
        String other = DeploymentHarness.newEndpointId();
        harness.registered(tenant, other, "{}");
        Http.Response answer = http.post(containers() + "/web/actions/start?wait=0", null);
        String location = answer.headers().get("location").get(0);
        String id = receivedCommand(endpoint, 0).path("id").asText();

        reply(other, id, "SUCCEEDED", null, null);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> harness.deadLetters().stream()
                .anyMatch(d -> d.path("reason").asText().startsWith("unknown-command") && d.toString().contains(id)));
        assertThat(http.get(location).json().path("status").asText()).isEqualTo("SENT");
        reply(endpoint, id, "SUCCEEDED", null, null);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get(location).json().path("status").asText().equals("SUCCEEDED"));
    }

    @Test
    void logsAndInspectAreCommandsWithTheirOutputInTheReply() {
        CompletableFuture<Http.Response> logs = CompletableFuture.supplyAsync(
                () -> http.get(containers() + "/web/logs?tail=5&timestamps=true&since=2025-06-01T00:00:00Z&wait=10"));
        JsonNode logsCommand = receivedCommand(endpoint, 0);
        assertThat(logsCommand.path("type").asText()).isEqualTo("container.logs");
        assertThat(logsCommand.path("args").path("tail").asInt()).isEqualTo(5);
        assertThat(logsCommand.path("args").path("timestamps").asBoolean()).isTrue();
        assertThat(logsCommand.path("args").path("since").asText()).isEqualTo("2025-06-01T00:00:00Z");
        reply(endpoint, logsCommand.path("id").asText(), "SUCCEEDED", null, "{\"lines\":[\"one\",\"two\"]}");
        assertThat(logs.join().json().path("reply").path("output").path("lines").toString()).isEqualTo("[\"one\",\"two\"]");

        CompletableFuture<Http.Response> inspect = CompletableFuture.supplyAsync(
                () -> http.get(containers() + "/web/inspect?wait=10"));
        JsonNode inspectCommand = receivedCommand(endpoint, 1);
        assertThat(inspectCommand.path("type").asText()).isEqualTo("container.inspect");
        reply(endpoint, inspectCommand.path("id").asText(), "SUCCEEDED", null, "{\"State\":{\"Status\":\"running\"}}");
        Http.Response inspected = inspect.join();
        assertThat(inspected.status()).isEqualTo(200);
        assertThat(inspected.json().path("reply").path("output").path("State").path("Status").asText()).isEqualTo("running");
    }

    @Test
    void unknownActionUnknownEndpointAndAnotherTenantsEndpointAre404AndNothingIsSent() {
        Http.Response action = http.post(containers() + "/web/actions/explode", null);
        assertThat(action.status()).isEqualTo(404);
        assertThat(action.json().path("type").asText()).endsWith("/action-not-found");

        Http.Response unknown = http.post("/api/v1/tenants/" + tenant + "/endpoints/"
                + DeploymentHarness.newEndpointId() + "/containers/web/actions/stop", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("type").asText()).endsWith("/endpoint-not-found");

        String stranger = "t" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response foreign = harness.http(stranger).post("/api/v1/tenants/" + stranger + "/endpoints/" + endpoint
                + "/containers/web/actions/stop", null);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().path("type").asText()).endsWith("/endpoint-not-found");
        assertThat(http.get("/api/v1/tenants/" + stranger + "/commands").status()).isEqualTo(404);
        assertThat(http.post(containers() + "/-bad/actions/stop", null).status()).isEqualTo(400);

        DeploymentHarness.sleep(300);
        assertThat(agent.received()).isEmpty();
    }

    @Test
    void argsTheActionDoesNotTakeOrThatBreakTheirRuleAre422NamingTheField() {
        Http.Response signalOnStop = http.post(containers() + "/web/actions/stop", "{\"signal\":\"HUP\"}");
        Http.Response badSignal = http.post(containers() + "/web/actions/kill", "{\"signal\":\"hup\"}");
        Http.Response unknownArg = http.post(containers() + "/web/actions/remove", "{\"force\":true,\"bogus\":1}");
        Http.Response tooLong = http.post(containers() + "/web/actions/restart", "{\"timeoutSeconds\":99999}");
        Http.Response notJson = http.post(containers() + "/web/actions/stop", "{nope");
        Http.Response badTail = http.get(containers() + "/web/logs?tail=many");
        Http.Response badSince = http.get(containers() + "/web/logs?since=yesterday");

        assertThat(signalOnStop.status()).isEqualTo(422);
        assertThat(fields(signalOnStop)).containsExactly("/signal");
        assertThat(signalOnStop.text()).contains("only container.kill takes a signal");
        assertThat(badSignal.status()).isEqualTo(422);
        assertThat(fields(badSignal)).containsExactly("/signal");
        assertThat(unknownArg.status()).isEqualTo(422);
        assertThat(fields(unknownArg)).containsExactly("/bogus");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(fields(tooLong)).containsExactly("/timeoutSeconds");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(badTail.status()).isEqualTo(400);
        assertThat(badTail.text()).contains("'tail'");
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.text()).contains("'since'");
        assertThat(http.post(containers() + "/web/actions/stop?wait=soon", null).status()).isEqualTo(400);

        DeploymentHarness.sleep(300);
        assertThat(agent.received()).isEmpty();
        assertThat(http.get("/api/v1/tenants/" + tenant + "/commands").json().path("items")).isEmpty();
    }

    @Test
    void aReplyThatBreaksTheSchemaIsDeadLetteredAndTheCommandStaysOpen() {
        Http.Response answer = http.post(containers() + "/web/actions/resume?wait=0", null);
        String location = answer.headers().get("location").get(0);
        String id = receivedCommand(endpoint, 0).path("id").asText();

        agent.publish("edge/v1/" + tenant + "/" + endpoint + "/replies",
                "{\"commandId\":\"" + id + "\",\"status\":\"FAILED\",\"finishedAt\":\"" + Instant.now() + "\"}", false);
        agent.publish("edge/v1/" + tenant + "/" + endpoint + "/replies", "not json", false);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> harness.deadLetters().stream()
                .filter(d -> d.path("topic").asText().equals("edge/v1/" + tenant + "/" + endpoint + "/replies")).count() == 2);
        assertThat(http.get(location).json().path("status").asText()).isEqualTo("SENT");
    }

    private static List<String> fields(Http.Response response) {
        return response.json().path("errors").findValuesAsText("field");
    }
}
