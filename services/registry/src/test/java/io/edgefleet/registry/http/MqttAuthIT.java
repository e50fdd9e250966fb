package io.edgefleet.registry.http;

import static io.edgefleet.registry.http.EndpointApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import io.edgefleet.registry.testing.Http;
import io.edgefleet.registry.testing.MqttTestClient;
import io.edgefleet.registry.testing.RegistryHarness;
import io.edgefleet.schemas.JsonSchemas;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker's auth API, called directly and through the real broker's extension. */
class MqttAuthIT {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthIT.class);
    static final String AUTH = "/internal/v1/mqtt/auth";
    static RegistryHarness registry;
    static Http http;
    static String id;
    static String secret;

    @BeforeAll
    static void start() {
        registry = RegistryHarness.start();
        http = registry.http();
        JsonNode created = registry.createEndpoint("auth-probe", null);
        id = created.path("id").asText();
        secret = created.path("secret").asText();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void allowsTheEndpointWithItsSecretAndNamesItsTenant() {
        Http.Response answer = auth(id, id, secret);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JsonSchemas.load().validate("rest/mqtt-auth-response", answer.json())).isEmpty();
        assertThat(answer.json()).hasToString("{\"result\":\"allow\",\"is_superuser\":false,"
                + "\"client_attrs\":{\"kind\":\"agent\",\"tenant\":\"default\",\"endpoint\":\"" + id + "\"}}");
    }

    @Test
    void deniesEveryOtherCombination() {
        assertDenied(auth(id, id, secret + "x"));
        assertDenied(auth(id, id, ""));
        assertDenied(auth("other-client", id, secret));
        assertDenied(auth("ep-aaaaaaaaaaaa", "ep-aaaaaaaaaaaa", secret));
        assertDenied(auth("svc:registry", "svc:registry", secret));
        assertDenied(auth(id.toUpperCase(), id.toUpperCase(), secret));
    }

    @Test
    void deniesRotatedAndDeletedCredentials() {
        JsonNode created = registry.createEndpoint("auth-rotate", null);
        String otherId = created.path("id").asText();
        String first = created.path("secret").asText();
        String second = http.post("/api/v1/tenants/default/endpoints/" + otherId + "/credentials", null)
                .json().path("secret").asText();

        assertDenied(auth(otherId, otherId, first));
        assertThat(auth(otherId, otherId, second).json().path("result").asText()).isEqualTo("allow");

        assertThat(http.delete("/api/v1/tenants/default/endpoints/" + otherId).status()).isEqualTo(204);
        assertDenied(auth(otherId, otherId, second));
    }

    @Test
    void malformedRequestsAre400Problems() {
        assertProblem(http.post(AUTH, "{\"clientId\":"), 400, "malformed-json");
        assertProblem(http.post(AUTH, "{\"clientId\":\"a\",\"username\":\"a\"}"), 400, "invalid-request");
        assertProblem(http.post(AUTH, "{\"clientId\":1,\"username\":\"a\",\"password\":\"b\"}"), 400, "invalid-request");
        assertProblem(registry.anonymousHttp().post(AUTH, body(id, id, secret)), 401, "unauthorized");
    }

    @Test
    @DisplayName("through the real broker: the agent connects with its secret and is refused with a wrong one")
    void brokerAuthenticatesAgentsThroughTheApi() {
        try (MqttTestClient agent = registry.agent(id, secret, null)) {
            assertThat(agent.isConnected()).isTrue();
        }
        assertThatThrownBy(() -> registry.agent(id, "wrong-secret", null))
                .isInstanceOf(Mqtt5ConnAckException.class)
                .hasMessageMatching("(?s).*(NOT_AUTHORIZED|BAD_USER_NAME_OR_PASSWORD).*");
    }

    @Test
    @DisplayName("through the real broker: rotating the secret or deleting the endpoint drops the agent's live session")
    void credentialEventsDisconnectTheAgent() {
        JsonNode created = registry.createEndpoint("auth-live", null);
        String liveId = created.path("id").asText();
        MqttTestClient agent = registry.agent(liveId, created.path("secret").asText(), null);
        assertThat(agent.isConnected()).isTrue();

        String rotated = http.post("/api/v1/tenants/default/endpoints/" + liveId + "/credentials", null)
                .json().path("secret").asText();

        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected());
        assertThatThrownBy(() -> registry.agent(liveId, created.path("secret").asText(), null))
                .isInstanceOf(Mqtt5ConnAckException.class);
        MqttTestClient again = registry.agent(liveId, rotated, null);
        assertThat(again.isConnected()).isTrue();

        assertThat(http.delete("/api/v1/tenants/default/endpoints/" + liveId).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(5)).until(() -> !again.isConnected());
        assertThatThrownBy(() -> registry.agent(liveId, rotated, null)).isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    @DisplayName("through the real broker: an agent's tenant is the registry's, whatever topics the agent claims")
    void agentCannotActInAnotherTenantWithItsValidCredentials() {
        registry.tenant("acme", "active");
        JsonNode acme = http.post("/api/v1/tenants/acme/endpoints", "{\"name\":\"acme-agent\"}").json();
        String acmeId = acme.path("id").asText();
        assertThat(auth(acmeId, acmeId, acme.path("secret").asText()).json().path("client_attrs").path("tenant").asText())
                .isEqualTo("acme");

        try (MqttTestClient agent = registry.agent("acme", acmeId, acme.path("secret").asText(), null)) {
            agent.subscribe("edge/v1/acme/" + acmeId + "/commands");
            for (String filter : new String[]{"edge/v1/default/" + acmeId + "/commands", "edge/v1/default/" + acmeId + "/desired",
                    "edge/v1/default/" + id + "/commands", "edge/v1/+/" + acmeId + "/commands"}) {
                assertThatThrownBy(() -> agent.subscribe(filter)).as(filter).isInstanceOf(Mqtt5SubAckException.class);
            }
            assertThatThrownBy(() -> agent.publish("edge/v1/default/" + acmeId + "/heartbeat",
                    "{\"seq\":1,\"at\":\"2030-01-01T00:00:00Z\",\"intervalSeconds\":30}", false))
                    .isInstanceOf(Mqtt5PubAckException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isConnected());
        }
        assertThat(registry.sql("SELECT status FROM registry.endpoints WHERE id = ?", acmeId).get(0).get("status"))
                .isEqualTo("pending");
    }

    @Test
    @DisplayName("latency of the auth API: 500 sequential calls (numbers in the test log)")
    void answersQuickly() {
        int calls = 500;
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            auth(id, id, i % 2 == 0 ? secret : "wrong");
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        double p50 = nanos[calls / 2] / 1e6;
        double p99 = nanos[calls * 99 / 100] / 1e6;
        LOG.info("auth API round trip over {} calls: p50 {} ms, p99 {} ms, max {} ms", calls,
                String.format("%.2f", p50), String.format("%.2f", p99), String.format("%.2f", nanos[calls - 1] / 1e6));
        assertThat(p50).as("median ms").isLessThan(20);
        assertThat(registry.metric("edgefleet_registry_mqtt_auth_seconds_count", "result=\"allow\""))
                .isGreaterThanOrEqualTo(calls / 2.0);
    }

    private static void assertDenied(Http.Response answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json()).hasToString("{\"result\":\"deny\"}");
        assertThat(JsonSchemas.load().validate("rest/mqtt-auth-response", answer.json())).isEmpty();
    }

    private static Http.Response auth(String clientId, String username, String password) {
        return http.post(AUTH, body(clientId, username, password));
    }

    private static String body(String clientId, String username, String password) {
        return "{\"clientId\":\"" + clientId + "\",\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }
}
