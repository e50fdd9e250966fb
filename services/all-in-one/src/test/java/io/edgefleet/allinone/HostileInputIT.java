package io.edgefleet.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQL, JSON, script and path injection strings in every text field of the REST API, through the gateway: each is
 * either refused with a clean 4xx problem or stored and returned verbatim; never a 5xx, and nothing else changes.
 */
class HostileInputIT {

    @RegisterExtension static final RunningPlatform PLATFORM = new RunningPlatform();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HOSTILE = List.of(
            "'; DROP TABLE endpoints; --", "\" OR \"1\"=\"1", "a' || pg_sleep(5) --", "{\"$gt\": \"\"}",
            "<script>alert(1)</script>", "../../../etc/passwd", "${jndi:ldap://example.com/a}", "nul\u0000byte",
            "line\nbreak", "\u202Eevil", "x".repeat(5000));

    private final ApiClient admin = PLATFORM.api();
    private final List<String> problems = new ArrayList<>();

    /**
     * Sends each hostile value in the body {@code template} builds, and checks the answer: a 4xx problem, or a 2xx
     * whose resource shows the value unchanged at {@code field} (null: not shown, e.g. a password); the resource at
     * {@code location} is then deleted.
     */
    private void probe(String what, String path, Function<String, ObjectNode> template, String field,
                       Function<JsonNode, String> location) throws Exception {
        for (String value : HOSTILE) {
            ApiClient.Response response = admin.call("POST", path, template.apply(value).toString());
            String label = what + " with " + shorten(value);
            if (response.status() >= 500 || response.status() < 200) {
                problems.add(label + " -> " + response.status() + " " + response.body());
            } else if (response.status() >= 400) {
                if (!response.contentType().startsWith("application/problem+json")) {
                    problems.add(label + " -> " + response.status() + " without a problem document");
                }
            } else {
                String self = location.apply(response.body());
                // a resource without a GET of its own (API tokens) is checked in the creation answer
                ApiClient.Response read = admin.call("GET", self, null);
                JsonNode stored = read.status() == 200 ? read.body() : response.body();
                if (field != null && !value.equals(stored.at(field).asText())) {
                    problems.add(label + " stored as " + shorten(stored.at(field).asText()));
                }
                admin.call("DELETE", self, null);
            }
        }
    }

    @Test
    void hostileTextIsRefusedOrKeptVerbatimAndNothingElseChanges() throws Exception {
        JsonNode tenantsBefore = admin.call("GET", "/api/v1/tenants", null).body();
        JsonNode endpointsBefore = admin.call("GET", "/api/v1/tenants/default/endpoints", null).body();
        int[] n = {0};

        probe("tenant id", "/api/v1/tenants", v -> obj().put("id", v).put("displayName", "T"), "/id",
                body -> "/api/v1/tenants/" + body.path("id").asText());
        probe("tenant name", "/api/v1/tenants", v -> obj().put("id", "hostile-" + n[0]++).put("displayName", v),
                "/displayName", body -> "/api/v1/tenants/" + body.path("id").asText());
        probe("user email", "/api/v1/users", v -> obj().put("email", v).put("displayName", "U")
                .put("password", TenantWorld.PASSWORD), "/email", body -> "/api/v1/users/" + body.path("id").asText());
        probe("user name", "/api/v1/users", v -> obj().put("email", "hostile" + n[0]++ + "@example.com")
                .put("displayName", v).put("password", TenantWorld.PASSWORD), "/displayName",
                body -> "/api/v1/users/" + body.path("id").asText());
        probe("user password", "/api/v1/users", v -> obj().put("email", "pw" + n[0]++ + "@example.com")
                .put("displayName", "U").put("password", v + "-Padding-Words-42"), null,
                body -> "/api/v1/users/" + body.path("id").asText());
        String endpoints = "/api/v1/tenants/default/endpoints";
        probe("endpoint name", endpoints, v -> obj().put("name", v), "/name",
                body -> endpoints + "/" + body.path("id").asText());
        probe("endpoint description", endpoints, v -> obj().put("name", "hostile-" + n[0]++).put("description", v),
                "/description", body -> endpoints + "/" + body.path("id").asText());
        probe("label value", endpoints, v -> {
            ObjectNode body = obj().put("name", "hostile-" + n[0]++);
            body.putObject("labels").put("site", v);
            return body;
        }, "/labels/site", body -> endpoints + "/" + body.path("id").asText());
        probe("label key", endpoints, v -> {
            ObjectNode body = obj().put("name", "hostile-" + n[0]++);
            body.putObject("labels").put(v, "x");
            return body;
        }, "/labels", body -> endpoints + "/" + body.path("id").asText());
        probe("token name", "/api/v1/tenants/default/tokens", v -> obj().put("name", v).put("role", "viewer")
                .put("expiresAt", "2099-01-01T00:00:00Z"), "/name",
                body -> "/api/v1/tenants/default/tokens/" + body.path("id").asText());

        for (String value : HOSTILE) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            for (String path : List.of(endpoints + "?nameContains=" + encoded, endpoints + "?selector=" + encoded,
                    endpoints + "?status=" + encoded, "/api/v1/tenants/" + encoded + "/endpoints",
                    endpoints + "/" + encoded)) {
                ApiClient.Response response = admin.call("GET", path, null);
                if (response.status() >= 500) {
                    problems.add("GET " + shorten(path) + " -> " + response.status() + " " + response.body());
                }
            }
        }

        assertThat(problems).isEmpty();
        assertThat(admin.call("GET", "/api/v1/tenants", null).body().path("items"))
                .isEqualTo(tenantsBefore.path("items"));
        assertThat(admin.call("GET", "/api/v1/tenants/default/endpoints", null).body().path("total"))
                .isEqualTo(endpointsBefore.path("total"));
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private static String shorten(String text) {
        String printable = text.replace("\u0000", "\\0").replace("\n", "\\n");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
