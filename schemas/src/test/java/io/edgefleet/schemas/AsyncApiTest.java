package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** asyncapi.yaml: the topic tree of docs/architecture.md, with working references and valid examples. */
class AsyncApiTest {

    private record Delivery(int qos, boolean retain) {}

    // the topic table of docs/architecture.md
    private static final Map<String, Delivery> TOPICS = Map.ofEntries(
            Map.entry("edge/v1/{tenant}/{endpoint}/presence", new Delivery(1, true)),
            Map.entry("edge/v1/{tenant}/{endpoint}/heartbeat", new Delivery(0, false)),
            Map.entry("edge/v1/{tenant}/{endpoint}/state", new Delivery(1, true)),
            Map.entry("edge/v1/{tenant}/{endpoint}/metrics", new Delivery(1, false)),
            Map.entry("edge/v1/{tenant}/{endpoint}/logs", new Delivery(1, false)),
            Map.entry("edge/v1/{tenant}/{endpoint}/events", new Delivery(1, false)),
            Map.entry("edge/v1/{tenant}/{endpoint}/replies", new Delivery(1, false)),
            Map.entry("edge/v1/{tenant}/{endpoint}/desired", new Delivery(1, true)),
            Map.entry("edge/v1/{tenant}/{endpoint}/commands", new Delivery(1, false)),
            Map.entry("fleet/v1/{tenant}/events/{type}", new Delivery(1, false)),
            Map.entry("fleet/v1/{tenant}/tenant", new Delivery(1, true)),
            Map.entry("fleet/v1/{tenant}/endpoints/{endpoint}", new Delivery(1, true)),
            Map.entry("fleet/v1/{tenant}/partitions/{partition}/desired", new Delivery(1, true)),
            Map.entry("fleet/v1/{tenant}/partitions/{partition}/state", new Delivery(1, true)),
            Map.entry("platform/v1/events/{type}", new Delivery(1, false)),
            Map.entry("platform/v1/users/{user}/sessions", new Delivery(1, true)),
            Map.entry("platform/v1/deadletter/{service}", new Delivery(1, false)));
    private static final Set<String> TO_AGENT = Set.of("desired", "commands");
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");
    private static final Pattern EVENT_TYPE = Pattern.compile("io\\.edgefleet\\.(.+)\\.v1");

    private final Path file = ContractFiles.root().resolve("asyncapi.yaml");
    private final JsonNode doc = ContractFiles.read(file);
    private final JsonSchemas schemas = JsonSchemas.load();

    @Test
    void isAnAsyncApi3DocumentOverMqtt() {
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("defaultContentType").asText()).isEqualTo("application/json");
        doc.path("servers").forEach(server -> assertThat(server.path("protocol").asText()).isIn("mqtt", "secure-mqtt"));
    }

    @Test
    void channelsAreExactlyTheTopicTreeWithTheirParametersDeclared() {
        List<String> addresses = new ArrayList<>();
        doc.path("channels").properties().forEach(channel -> {
            String address = channel.getValue().path("address").asText();
            addresses.add(address);
            Set<String> inAddress = new TreeSet<>();
            Matcher parameter = PARAMETER.matcher(address);
            while (parameter.find()) {
                inAddress.add(parameter.group(1));
            }
            Set<String> declared = new TreeSet<>();
            channel.getValue().path("parameters").fieldNames().forEachRemaining(declared::add);
            assertThat(declared).as("parameters of %s", address).isEqualTo(inAddress);
        });
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(TOPICS.keySet());
    }

    @Test
    void everyOperationStatesDirectionQosAndRetainAsTheArchitectureSays() {
        Set<String> covered = new TreeSet<>();
        doc.path("operations").properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            JsonNode channel = ContractFiles.resolve(file, operation.path("channel").path("$ref").asText());
            String address = channel.path("address").asText();
            covered.add(address);
            assertThat(operation.path("action").asText()).as("action of %s", entry.getKey())
                    .isIn(expectedActions(address));
            JsonNode mqtt = operation.path("bindings").path("mqtt");
            Delivery delivery = TOPICS.get(address);
            assertThat(new Delivery(mqtt.path("qos").asInt(-1), mqtt.path("retain").asBoolean()))
                    .as("mqtt binding of %s", entry.getKey()).isEqualTo(delivery);
            assertThat(operation.path("messages")).as("messages of %s", entry.getKey()).isNotEmpty();
        });
        assertThat(covered).containsExactlyInAnyOrderElementsOf(TOPICS.keySet());
    }

    @Test
    void everyReferenceResolves() {
        List<ContractFiles.Ref> refs = ContractFiles.find(doc, "$ref");
        assertThat(refs).hasSizeGreaterThan(50);
        refs.forEach(ref -> ContractFiles.resolve(file, ref.value()));
    }

    @Test
    void eventTypesMatchTheEventSchemasAndTheFleetMessages() {
        Set<String> enumerated = new TreeSet<>();
        doc.at("/components/parameters/type/enum").forEach(type -> enumerated.add(type.asText()));
        Set<String> schemaFiles = new TreeSet<>();
        schemas.names().stream().filter(name -> name.startsWith("events/"))
                .forEach(name -> schemaFiles.add(name.substring("events/".length())));
        Set<String> messages = new TreeSet<>();
        doc.at("/channels/fleetEvents/messages").forEach(ref -> {
            JsonNode message = ContractFiles.resolve(file, ref.path("$ref").asText());
            JsonNode envelope = message.at("/payload/schema/allOf");
            Matcher type = EVENT_TYPE.matcher(envelope.at("/1/properties/type/const").asText());
            assertThat(type.matches()).as("type const of %s", message.path("name")).isTrue();
            assertThat(message.path("name").asText()).isEqualTo(type.group(1));
            assertThat(envelope.at("/0/$ref").asText()).isEqualTo("./json/cloudevent.schema.json");
            assertThat(envelope.at("/1/properties/data/$ref").asText())
                    .isEqualTo("./json/events/" + type.group(1) + ContractFiles.SCHEMA_SUFFIX);
            messages.add(type.group(1));
        });
        assertThat(enumerated).isEqualTo(schemaFiles).isEqualTo(messages);
    }

    @Test
    void platformEventsCarryNoTenantAndHaveAnEventSchema() {
        Set<String> enumerated = new TreeSet<>();
        ContractFiles.resolve(file, doc.at("/channels/platformEvents/parameters/type/$ref").asText()).path("enum")
                .forEach(type -> enumerated.add(type.asText()));
        Set<String> messages = new TreeSet<>();
        doc.at("/channels/platformEvents/messages").forEach(ref -> {
            JsonNode message = ContractFiles.resolve(file, ref.path("$ref").asText());
            JsonNode envelope = message.at("/payload/schema/allOf");
            Matcher type = EVENT_TYPE.matcher(envelope.at("/1/properties/type/const").asText());
            assertThat(type.matches()).as("type const of %s", message.path("name")).isTrue();
            assertThat(envelope.at("/0/$ref").asText()).isEqualTo("./json/platform-cloudevent.schema.json");
            assertThat(envelope.at("/1/properties/data/$ref").asText())
                    .isEqualTo("./json/events/" + type.group(1) + ContractFiles.SCHEMA_SUFFIX);
            messages.add(type.group(1));
        });
        assertThat(messages).isNotEmpty().isEqualTo(enumerated);
        assertThat(schemas.validate("platform-cloudevent", ContractFiles.JSON.createObjectNode().put("tenant", "acme")))
                .extracting(JsonSchemas.Violation::field).contains("/tenant");
    }

    @Test
    void messageExamplesMatchTheirSchemas() {
        int checked = 0;
        for (JsonNode message : doc.at("/components/messages")) {
            for (JsonNode example : message.path("examples")) {
                JsonNode payload = example.path("payload");
                String ref = message.at("/payload/schema/$ref").asText();
                if (!ref.isEmpty()) {
                    assertValid(schemaName(ref), payload, message);
                } else {
                    assertValid(schemaName(message.at("/payload/schema/allOf/0/$ref").asText()), payload, message);
                    Matcher type = EVENT_TYPE.matcher(payload.path("type").asText());
                    assertThat(type.matches()).isTrue();
                    assertValid("events/" + type.group(1), payload.path("data"), message);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    // from the platform's side: it receives what agents publish, sends what agents consume, and both
    // sends and consumes its own fleet and platform events
    private static Set<String> expectedActions(String address) {
        String leaf = address.substring(address.lastIndexOf('/') + 1);
        if (address.startsWith("edge/")) {
            return Set.of(TO_AGENT.contains(leaf) ? "send" : "receive");
        }
        return address.startsWith("fleet/") || address.startsWith("platform/v1/events/")
                || address.startsWith("platform/v1/users/")
                ? Set.of("send", "receive") : Set.of("send");
    }

    private void assertValid(String schema, JsonNode payload, JsonNode message) {
        assertThat(schemas.validate(schema, payload)).as("example of message %s", message.path("name")).isEmpty();
    }

    private static String schemaName(String ref) {
        String path = ref.substring("./json/".length());
        return path.substring(0, path.length() - ContractFiles.SCHEMA_SUFFIX.length());
    }
}
