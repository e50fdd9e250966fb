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

/** openapi/registry.yaml: the registry's REST API, with working references and examples that match. */
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([A-Za-z]+)}");
    private static final String PROBLEM = "../json/rest/problem.schema.json";

    private final Path file = ContractFiles.root().resolve("openapi/registry.yaml");
    private final JsonNode doc = ContractFiles.read(file);
    private final JsonSchemas schemas = JsonSchemas.load();

    @Test
    void documentsTheRegistryOperations() {
        assertThat(doc.path("openapi").asText()).startsWith("3.1.");
        List<String> operations = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(op -> METHODS.contains(op.getKey()))
                .forEach(op -> operations.add(op.getKey().toUpperCase() + " " + path.getKey())));
        assertThat(operations).containsExactlyInAnyOrder(
                "POST /api/v1/tenants/{tenant}/endpoints",
                "GET /api/v1/tenants/{tenant}/endpoints",
                "GET /api/v1/tenants/{tenant}/endpoints/{endpointId}",
                "GET /api/v1/tenants/{tenant}/endpoints/{endpointId}/containers",
                "PATCH /api/v1/tenants/{tenant}/endpoints/{endpointId}",
                "DELETE /api/v1/tenants/{tenant}/endpoints/{endpointId}",
                "POST /api/v1/tenants/{tenant}/endpoints/{endpointId}/credentials",
                "POST /api/v1/tenants/{tenant}/integration-keys",
                "GET /api/v1/tenants/{tenant}/integration-keys",
                "GET /api/v1/tenants/{tenant}/integration-keys/{keyId}",
                "DELETE /api/v1/tenants/{tenant}/integration-keys/{keyId}",
                "POST /internal/v1/mqtt/auth");
    }

    @Test
    void listTakesTheDocumentedQueryParameters() {
        JsonNode list = doc.at("/paths/~1api~1v1~1tenants~1{tenant}~1endpoints/get/parameters");
        Set<String> names = new TreeSet<>();
        list.forEach(parameter -> names.add(parameter.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("status", "selector", "nameContains", "page", "size");
        list.forEach(parameter -> assertThat(parameter.path("in").asText()).isEqualTo("query"));
        assertThat(schemaOf(list, "page").path("default").asInt()).isEqualTo(1);
        assertThat(schemaOf(list, "page").path("minimum").asInt()).isEqualTo(1);
        JsonNode size = schemaOf(list, "size");
        assertThat(List.of(size.path("minimum").asInt(), size.path("maximum").asInt(), size.path("default").asInt()))
                .containsExactly(1, 500, 20);
        assertThat(schemaOf(list, "status").path("enum")).extracting(JsonNode::asText)
                .containsExactly("pending", "online", "offline");
    }

    @Test
    void operationsHaveUniqueIdsAndDeclareTheirPathParameters() {
        Set<String> ids = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> {
            Set<String> templated = new TreeSet<>();
            Matcher parameter = TEMPLATE.matcher(path.getKey());
            while (parameter.find()) {
                templated.add(parameter.group(1));
            }
            path.getValue().properties().stream().filter(op -> METHODS.contains(op.getKey())).forEach(op -> {
                assertThat(ids.add(op.getValue().path("operationId").asText()))
                        .as("unique operationId of %s %s", op.getKey(), path.getKey()).isTrue();
                Set<String> declared = new TreeSet<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                op.getValue().path("parameters").forEach(parameters::add);
                parameters.stream().map(this::deref).filter(p -> p.path("in").asText().equals("path"))
                        .forEach(p -> declared.add(p.path("name").asText()));
                assertThat(declared).as("path parameters of %s %s", op.getKey(), path.getKey()).isEqualTo(templated);
            });
        });
    }

    @Test
    void errorResponsesAreProblemDocuments() {
        int checked = 0;
        for (JsonNode path : doc.path("paths")) {
            for (Map.Entry<String, JsonNode> op : path.properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> response : op.getValue().path("responses").properties()) {
                    if (response.getKey().startsWith("4")) {
                        JsonNode content = deref(response.getValue()).path("content");
                        assertThat(content.at("/application~1problem+json/schema/$ref").asText())
                                .as("%s response of %s", response.getKey(), op.getValue().path("operationId"))
                                .isEqualTo(PROBLEM);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(15);
    }

    @Test
    void everyReferenceAndExternalExampleResolves() {
        List<ContractFiles.Ref> refs = ContractFiles.find(doc, "$ref");
        refs.addAll(ContractFiles.find(doc, "externalValue"));
        assertThat(refs).hasSizeGreaterThan(30);
        refs.forEach(ref -> ContractFiles.resolve(file, ref.value()));
    }

    @Test
    void externalExamplesMatchTheSchemaNextToThem() {
        List<ContractFiles.Ref> examples = ContractFiles.find(doc, "externalValue");
        int checked = 0;
        for (ContractFiles.Ref example : examples) {
            // .../content/<media type>/examples/<name>/externalValue -> .../content/<media type>
            String mediaType = example.location().replaceAll("/examples/[^/]+/externalValue$", "");
            String schemaRef = doc.at(mediaType + "/schema/$ref").asText();
            assertThat(schemaRef).as("schema next to %s", example.location()).startsWith("../json/");
            String schema = schemaRef.substring("../json/".length(), schemaRef.length() - ContractFiles.SCHEMA_SUFFIX.length());
            JsonNode payload = ContractFiles.resolve(file, example.value());
            assertThat(schemas.validate(schema, payload)).as("%s against %s", example.value(), schema).isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    private JsonNode deref(JsonNode node) {
        return node.has("$ref") ? ContractFiles.resolve(file, node.path("$ref").asText()) : node;
    }

    private static JsonNode schemaOf(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter.path("schema");
            }
        }
        throw new AssertionError("no parameter " + name);
    }
}
