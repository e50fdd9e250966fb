package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The public API through the gateway: authentication, bad input answered with problem JSON, and an endpoint's link
 * profile reaching its desired document and timing its commands.
 */
class GatewayApiIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PlatformProcess platform = PLATFORM.process();
    private final ApiClient api = PLATFORM.api();

    @Test
    void apiWithoutOrWithAWrongTokenIsRefused() throws Exception {
        ApiClient anonymous = new ApiClient(platform.gatewayUri(), null);
        ApiClient.Response none = anonymous.call("GET", "/api/v1/tenants/default/endpoints", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");

        ApiClient wrong = new ApiClient(platform.gatewayUri(), "x".repeat(40));
        assertThat(wrong.call("GET", "/api/v1/tenants/default/endpoints", null).status()).isEqualTo(401);
        assertThat(anonymous.call("GET", "/health/live", null).status()).isEqualTo(200);
    }

    @Test
    void badInputGetsProblemJsonNamingTheFieldAndStoresNothing() throws Exception {
        api.createEndpoint("gw-existing", "{\"site\":\"qingdao\"}");
        long before = total();

        ApiClient.Response malformed = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        ApiClient.Response unknownField = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"ok-1\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.body().toString()).contains("colour");

        ApiClient.Response longName = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"" + "n".repeat(300) + "\"}");
        assertThat(longName.status()).isEqualTo(422);
        assertThat(longName.body().path("errors").get(0).path("field").asText()).isEqualTo("/name");

        ApiClient.Response duplicate = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"gw-existing\"}");
        assertThat(duplicate.status()).isEqualTo(409);

        ApiClient.Response badSelector = api.call("GET", "/api/v1/tenants/default/endpoints?selector=site%20in%20(a", null);
        assertThat(badSelector.status()).isEqualTo(400);
        assertThat(badSelector.body().path("detail").asText()).contains("selector");

        assertThat(total()).isEqualTo(before);
        ApiClient.Response selected = api.call("GET", "/api/v1/tenants/default/endpoints?selector=site%3Dqingdao", null);
        assertThat(selected.body().path("items").get(0).path("name").asText()).isEqualTo("gw-existing");
    }

    @Test
    void unknownApiPathIsAProblem404() throws Exception {
        ApiClient.Response response = api.call("GET", "/api/v1/nothing-here", null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private long total() throws Exception {
        return api.call("GET", "/api/v1/tenants/default/endpoints", null).body().path("total").asLong();
    }

    /**
     * An endpoint's link profile set through the gateway reaches both sides: the agent's part arrives in its retained
     * desired document (a new generation, also when the profile goes back to the defaults), and the deployment service
     * issues commands to the endpoint with the profile's expiry and waits for the reply as long as the profile says.
     * The "agent" here is a bare MQTT client holding the endpoint's credentials that never replies.
     */
    @Test
    void theLinkProfileSetThroughTheApiReachesTheDesiredDocumentAndTimesTheEndpointsCommands() throws Exception {
        ApiClient.Response created = api.call("POST", "/api/v1/tenants/default/endpoints", "{\"name\":\"satellite-site\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().path("id").asText();
        String self = "/api/v1/tenants/default/endpoints/" + id;

        ApiClient.Response refused = api.call("PATCH", self,
                "{\"linkProfile\":{\"reconnectBackoff\":{\"initialSeconds\":120,\"maxSeconds\":30}}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("/linkProfile/reconnectBackoff/initialSeconds");

        ApiClient.Response patched = api.call("PATCH", self, """
                {"linkProfile": {"preset": "satellite", "keepAliveSeconds": 90, "commandTtlSeconds": 240,
                                 "replyTimeoutSeconds": 2}}""");
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.body().path("linkProfile").path("reconnectBackoff"))
                .isEqualTo(JSON.readTree("{\"initialSeconds\":5,\"maxSeconds\":300}"));

        Mqtt5BlockingClient agent = MqttAgentClient.connect(PLATFORM.process().mqttPort, id, id,
                created.body().path("secret").asText());
        try (Mqtt5BlockingClient.Mqtt5Publishes received = agent.publishes(MqttGlobalPublishFilter.ALL)) {
            agent.subscribeWith().topicFilter("edge/v1/default/" + id + "/desired").qos(MqttQos.AT_LEAST_ONCE).send();
            agent.subscribeWith().topicFilter("edge/v1/default/" + id + "/commands").qos(MqttQos.AT_LEAST_ONCE).send();
            JsonNode desired = next(received, "/desired", d -> d.has("link"));
            assertThat(desired.path("link")).isEqualTo(JSON.readTree(
                    "{\"keepAliveSeconds\":90,\"reconnectBackoff\":{\"initialSeconds\":5,\"maxSeconds\":300}}"));
            long generation = desired.path("generation").asLong();

            // no ?wait=: the call waits the profile's 2 s for the reply that never comes, then answers 202
            long started = System.nanoTime();
            ApiClient.Response command = api.call("POST", self + "/containers/web/actions/restart", null);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(command.status()).as(command.body().toString()).isEqualTo(202);
            assertThat(waited).isBetween(Duration.ofMillis(1900), Duration.ofMillis(4500));
            assertThat(lifetime(command.body())).isEqualTo(Duration.ofSeconds(240));
            JsonNode sent = next(received, "/commands", c -> c.path("id").asText().equals(command.body().path("id").asText()));
            assertThat(lifetime(sent)).isEqualTo(Duration.ofSeconds(240));

            // back to the platform defaults: a document without link, and commands expire after 60 s again
            assertThat(api.call("PATCH", self, "{\"linkProfile\":null}").body().path("linkProfile").isNull()).isTrue();
            JsonNode reset = next(received, "/desired", d -> d.path("generation").asLong() > generation);
            assertThat(reset.has("link")).isFalse();
            ApiClient.Response plain = api.call("POST", self + "/containers/web/actions/restart?wait=0", null);
            assertThat(plain.status()).isEqualTo(202);
            assertThat(lifetime(plain.body())).isEqualTo(Duration.ofSeconds(60));
        } finally {
            agent.disconnect();
        }
    }

    private static Duration lifetime(JsonNode command) {
        return Duration.between(Instant.parse(command.path("issuedAt").asText()),
                Instant.parse(command.path("expiresAt").asText()));
    }

    /** The next message on the topic ending in {@code leaf} that matches, within 20 s. */
    private static JsonNode next(Mqtt5BlockingClient.Mqtt5Publishes received, String leaf,
                                 Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Mqtt5Publish publish = received.receive(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .orElse(null);
            if (publish != null && publish.getTopic().toString().endsWith(leaf) && publish.getPayloadAsBytes().length > 0) {
                JsonNode json = JSON.readTree(publish.getPayloadAsBytes());
                if (wanted.test(json)) {
                    return json;
                }
            }
        }
        throw new AssertionError("no matching message on " + leaf + " within 20 s");
    }
}
