package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.events.NulCharacters;
import io.edgefleet.schemas.JsonSchemas;
import io.edgefleet.schemas.hostile.HostileJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A seeded stream of hostile input against the real platform: MQTT payloads of every agent -> platform type,
 * published as a real enrolled agent, and REST bodies and headers through the gateway. Every one must be refused:
 * each MQTT payload counted as a rejection by the service that consumes its topic, each REST call answered with a
 * 4xx problem document that names the problem. Afterwards the platform still answers, valid state and metrics from
 * the same agent still go through (no consumer is stuck), and what the API shows is what it showed before.
 *
 * <p>{@code -Dedgefleet.fuzz.tries=N} sends N/2 MQTT payloads and N/2 REST bodies (default 300: 150 each);
 * {@code -Dedgefleet.fuzz.seed} replays a run.
 */
class HostileStreamIT {

    // a jqwik test (the generators need its lifecycle), so the platform is started by hand rather than as an extension
    private static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemas SCHEMAS = JsonSchemas.load();
    private static final Pattern REJECTED = Pattern.compile(
            "^edgefleet_messages_rejected_total\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final long SEED = Long.getLong("edgefleet.fuzz.seed", 20261128L);
    private static final int COUNT = Math.max(20, Integer.getInteger("edgefleet.fuzz.tries", 300) / 2);

    /** Agent topic level, schema, valid example, and the service whose rejection counter must count it. */
    private record Kind(String level, String schema, String example, String service) {
    }

    private static final List<Kind> AGENT_KINDS = List.of(
            new Kind("heartbeat", "heartbeat", "heartbeat.valid", "registry"),
            new Kind("state", "state", "state.valid", "registry"),
            new Kind("presence", "presence", "presence.valid-online", "registry"),
            new Kind("metrics", "metrics", "metrics.valid", "telemetry"),
            new Kind("logs", "logs", "logs.valid", "telemetry"),
            new Kind("replies", "reply", "reply.valid-failed", "deployment"));

    private ApiClient admin;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(SEED);

    @BeforeContainer
    static void startPlatform() throws Exception {
        PLATFORM.beforeAll(null);
    }

    @AfterContainer
    static void stopPlatform() throws Exception {
        PLATFORM.afterAll(null);
    }

    @Example
    void aSeededStreamOfHostileInputIsRefusedAndCountedAndChangesNothing() throws Exception {
        admin = PLATFORM.api();
        JsonNode endpoint = admin.createEndpoint("hostile-target", "{\"site\":\"fuzz\"}");
        String id = endpoint.path("id").asText();
        String base = "edge/v1/default/" + id + "/";
        Mqtt5BlockingClient agent = MqttAgentClient.connect(PLATFORM.process().mqttPort, id, id,
                endpoint.path("secret").asText());
        publish(agent, base + "heartbeat", Json.write(heartbeat(1)).getBytes());
        publish(agent, base + "state", Json.write(state("before")).getBytes());
        await().atMost(Duration.ofSeconds(20)).until(() -> "before".equals(admin.endpoint(id).at("/facts/hostname").asText()));
        Thread.sleep(1500); // the registry flushes last-seen once a second
        Map<String, JsonNode> before = snapshot(id);
        Map<String, Double> rejectedBefore = rejections();

        Map<String, Integer> sent = new TreeMap<>();
        for (int i = 0; i < COUNT; i++) {
            Kind kind = AGENT_KINDS.get(random.nextInt(AGENT_KINDS.size()));
            byte[] payload = mustBeRefused(kind);
            publish(agent, base + kind.level(), payload);
            if (payload.length > 0) {
                // an empty payload clears a retained topic: consumers skip it (counted as ignored, not rejected)
                sent.merge(kind.service(), 1, Integer::sum);
            }
        }
        for (Kind kind : AGENT_KINDS) {
            // 10 MB: under the broker's packet limit, far over every schema's
            byte[] huge = ("{\"seq\":1,\"at\":\"" + Instant.now() + "\",\"note\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")
                    .getBytes();
            publish(agent, base + kind.level(), huge);
            sent.merge(kind.service(), 1, Integer::sum);
        }

        List<String> restProblems = new ArrayList<>();
        sendHostileRestCalls(id, restProblems);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Double> now = rejections();
            for (var entry : sent.entrySet()) {
                double counted = now.getOrDefault(entry.getKey(), 0.0) - rejectedBefore.getOrDefault(entry.getKey(), 0.0);
                assertThat(counted).as("rejections counted by %s", entry.getKey())
                        .isGreaterThanOrEqualTo(entry.getValue());
            }
        });
        double registryCounted = rejections().getOrDefault("registry", 0.0) - rejectedBefore.getOrDefault("registry", 0.0);
        assertThat(registryCounted).as("each hostile heartbeat, state and presence counted once by the registry")
                .isEqualTo(sent.get("registry").doubleValue());
        assertThat(restProblems).isEmpty();
        assertThat(snapshot(id)).isEqualTo(before);

        publish(agent, base + "state", Json.write(state("after")).getBytes());
        ObjectNode metrics = (ObjectNode) HostileJson.example("metrics.valid");
        metrics.put("stream", java.util.UUID.randomUUID().toString()).put("seq", 1).put("at", Instant.now().toString());
        publish(agent, base + "metrics", Json.write(metrics).getBytes());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin.endpoint(id).at("/facts/hostname").asText()).isEqualTo("after");
            JsonNode latest = admin.call("GET", "/api/v1/tenants/default/metrics/latest?endpoint=" + id
                    + "&metric=node_cpu_percent", null).body();
            assertThat(latest.toString()).contains("12.5");
        });
        agent.disconnect();
    }

    /** A payload of this kind that its consumer must refuse: not JSON, U+0000, or against its schema. */
    private byte[] mustBeRefused(Kind kind) {
        JsonNode valid = HostileJson.example(kind.example());
        Arbitrary<byte[]> hostile = Arbitraries.oneOf(HostileJson.malformed(valid),
                HostileJson.mutations(valid).map(m -> HostileJson.bytes(m.document())));
        for (int attempt = 0; ; attempt++) {
            byte[] bytes = hostile.generator(1000).next(random).value();
            if (refusedBySchema(kind.schema(), bytes) || attempt > 1000) {
                return bytes;
            }
        }
    }

    private static boolean refusedBySchema(String schema, byte[] bytes) {
        JsonNode node;
        try {
            node = Json.parse(bytes);
        } catch (RuntimeException notJson) {
            return true;
        }
        return !NulCharacters.find(node).isEmpty() || !SCHEMAS.validate(schema, node).isEmpty();
    }

    private void sendHostileRestCalls(String id, List<String> problems) throws Exception {
        record Target(String method, String path, String schema, String example) {
        }
        String t = "/api/v1/tenants/default";
        List<Target> targets = List.of(
                new Target("POST", t + "/endpoints", "rest/endpoint-create", "rest/endpoint-create.valid"),
                new Target("PATCH", t + "/endpoints/" + id, "rest/endpoint-update", "rest/endpoint-update.valid"),
                new Target("POST", t + "/apps", "rest/app-create", "rest/app-create.valid"),
                new Target("POST", t + "/templates", "rest/template-create", "rest/template-create.valid"),
                new Target("POST", t + "/registries", "rest/registry-create", "rest/registry-create.valid"),
                new Target("POST", t + "/integration-keys", "rest/integration-key-create", "rest/integration-key-create.valid"),
                new Target("POST", t + "/tokens", "rest/token-create", "rest/token-create.valid"),
                new Target("POST", "/api/v1/tenants", "rest/tenant-create", "rest/tenant-create.valid"),
                new Target("POST", "/api/v1/users", "rest/user-create", "rest/user-create.valid"));
        for (int i = 0; i < COUNT; i++) {
            Target target = targets.get(random.nextInt(targets.size()));
            byte[] body = mustBeRefusedBody(target.schema(), target.example());
            check(problems, target.method() + " " + target.path(), send(target.method(), target.path(), body,
                    Map.of("Authorization", "Bearer " + admin.token(), "Content-Type", "application/json")), true);
        }
        byte[] valid = HostileJson.bytes(HostileJson.example("rest/endpoint-create.valid"));
        for (String authorization : List.of("", "Bearer ", "Bearer a.b.c", "Basic YWRtaW46YWRtaW4=",
                "Bearer " + "A".repeat(7_000), "Bearer eft_" + "x".repeat(43), "bearer\t" + admin.token().substring(1))) {
            HttpResponse<String> response = send("POST", t + "/endpoints", valid,
                    Map.of("Authorization", authorization, "Content-Type", "application/json"));
            if (response.statusCode() != 401) {
                problems.add("Authorization '" + authorization.substring(0, Math.min(20, authorization.length()))
                        + "' -> " + response.statusCode());
            }
            check(problems, "bad Authorization", response, false);
        }
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain",
                "application/json; charset=utf-16", "")) {
            check(problems, "Content-Type " + type, send("POST", t + "/endpoints", "=&=".getBytes(),
                    Map.of("Authorization", "Bearer " + admin.token(), "Content-Type", type)), false);
        }
        byte[] tenMegabytes = ("{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes();
        HttpResponse<String> huge = send("POST", t + "/endpoints", tenMegabytes,
                Map.of("Authorization", "Bearer " + admin.token(), "Content-Type", "application/json"));
        if (huge.statusCode() != 413) {
            problems.add("10 MB body -> " + huge.statusCode());
        }
        check(problems, "10 MB body", huge, false);
    }

    private byte[] mustBeRefusedBody(String schema, String example) {
        JsonNode valid = HostileJson.example(example);
        Arbitrary<byte[]> hostile = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, HostileJson.malformed(valid)),
                net.jqwik.api.Tuple.of(3, HostileJson.mutations(valid).map(m -> HostileJson.bytes(m.document()))));
        for (int attempt = 0; ; attempt++) {
            byte[] bytes = hostile.generator(1000).next(random).value();
            if (refusedBySchema(schema, bytes) || attempt > 1000) {
                return bytes;
            }
        }
    }

    /** A 4xx problem document; with {@code namesField}, a 422 lists the fields at fault. */
    private static void check(List<String> problems, String what, HttpResponse<String> response, boolean namesField) {
        String label = what + " -> " + response.statusCode() + " " + shorten(response.body());
        if (response.statusCode() < 400 || response.statusCode() >= 500) {
            problems.add(label);
            return;
        }
        if (!response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json")) {
            problems.add(label + " (not a problem document)");
            return;
        }
        try {
            JsonNode problem = MAPPER.readTree(response.body());
            if (problem.path("detail").asText().isBlank() || problem.path("status").asInt() != response.statusCode()) {
                problems.add(label + " (no detail or wrong status)");
            }
            if (namesField && response.statusCode() == 422 && (!problem.path("errors").isArray()
                    || problem.path("errors").isEmpty() || !problem.path("errors").get(0).has("field"))) {
                problems.add(label + " (a 422 that names no field)");
            }
        } catch (Exception e) {
            problems.add(label + " (body is not JSON)");
        }
    }

    private HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(PLATFORM.process().gatewayUri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!value.isEmpty()) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the API shows of the fleet: the target endpoint, its containers, the lists of endpoints, apps, tenants. */
    private Map<String, JsonNode> snapshot(String id) throws Exception {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        String t = "/api/v1/tenants/default";
        for (String path : List.of(t + "/endpoints/" + id, t + "/endpoints/" + id + "/containers", t + "/endpoints",
                t + "/apps", t + "/templates", t + "/registries", t + "/integration-keys", "/api/v1/tenants",
                "/api/v1/users", t + "/metrics/latest?endpoint=" + id)) {
            ApiClient.Response response = admin.call("GET", path, null);
            assertThat(response.status()).as("GET %s", path).isEqualTo(200);
            views.put(path, response.body());
        }
        return views;
    }

    /** edgefleet_messages_rejected_total summed per service, from every service's /metrics. */
    private Map<String, Double> rejections() throws Exception {
        Map<String, Double> series = new TreeMap<>();
        PlatformProcess p = PLATFORM.process();
        for (int port : List.of(p.registryPort, p.telemetryPort, p.deploymentPort, p.tenancyPort)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = REJECTED.matcher(response.body());
            while (m.find()) {
                // one registry may be shared by the services of this process: the same series seen twice counts once
                series.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        Map<String, Double> byService = new TreeMap<>();
        Pattern service = Pattern.compile("service=\"([^\"]+)\"");
        series.forEach((labels, value) -> {
            Matcher m = service.matcher(labels);
            if (m.find()) {
                byService.merge(m.group(1), value, Double::sum);
            }
        });
        return byService;
    }

    private static void publish(Mqtt5BlockingClient client, String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    private static ObjectNode heartbeat(int seq) {
        return ((ObjectNode) HostileJson.example("heartbeat.valid")).put("seq", seq).put("at", Instant.now().toString());
    }

    private static ObjectNode state(String hostname) {
        ObjectNode state = (ObjectNode) HostileJson.example("state.valid");
        state.put("reportedAt", Instant.now().toString());
        ((ObjectNode) state.get("facts")).put("hostname", hostname);
        return state;
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
