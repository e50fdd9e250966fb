package io.edgefleet.tenancy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.edgefleet.kit.crypto.SecretBox;
import io.edgefleet.kit.events.Json;
import io.edgefleet.kit.testing.Await;
import io.edgefleet.kit.testing.FreePorts;
import io.edgefleet.kit.testing.TcpRelay;
import io.edgefleet.tenancy.TenancyService;
import io.edgefleet.tenancy.testing.Http;
import io.edgefleet.tenancy.testing.TenancyHarness;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registering, checking and deleting clusters through the API, with fabric8's mock API server as the cluster. */
@EnableKubernetesMockClient(crud = true)
class ClusterApiIT {

    static KubernetesMockServer server;

    private static final String KEY = SecretBox.generateKey();
    private static TenancyHarness harness;
    private static Http admin;

    @BeforeAll
    static void start() {
        harness = TenancyHarness.start(Map.of("EDGEFLEET_SECRET_KEY", KEY));
        admin = harness.http().withHeader("X-Edgefleet-Tenants", "*");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static ObjectNode tokenBody(String name, String apiUrl, String token) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("apiUrl", apiUrl).put("token", token)
                .put("caCertPem", caCertPem());
    }

    private static String caCertPem() {
        try {
            return Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Http.Response register(JsonNode body) {
        return admin.post("/api/v1/clusters", Json.write(body));
    }

    private static long clusterRows() {
        return harness.sql("SELECT count(*) AS n FROM tenancy.clusters").get(0).values().stream()
                .mapToLong(n -> ((Number) n).longValue()).sum();
    }

    @Test
    void theTokenIsStoredOnlySealedAndNeverAnsweredNorLogged() {
        String token = "eyJhbGciOiJSUzI1NiJ9.secret-service-account-" + UUID.randomUUID();
        Http.Response created = register(tokenBody("sealed", server.url("/"), token));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("status").asText()).isEqualTo("ready");
        assertThat(created.json().path("authKind").asText()).isEqualTo("token");
        assertThat(created.json().path("lastCheckedAt").asText()).isNotBlank();
        assertThat(created.header("Location")).isEqualTo("/api/v1/clusters/" + id);

        List<String> answers = List.of(created.text(), admin.get("/api/v1/clusters").text(),
                admin.get("/api/v1/clusters/" + id).text(), admin.post("/api/v1/clusters/" + id + "/check", null).text());
        answers.forEach(answer -> assertThat(answer).contains(id).doesNotContain(token).doesNotContain("secret-service-account"));

        Map<String, Object> row = harness.sql("SELECT * FROM tenancy.clusters WHERE id = '" + id + "'").get(0);
        byte[] sealed = (byte[]) row.get("credential_sealed");
        StringBuilder table = new StringBuilder();
        row.forEach((column, value) -> table.append(column).append('=').append(value instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.ISO_8859_1) + " " + HexFormat.of().formatHex(bytes) : value).append('\n'));
        for (String form : List.of(token, "secret-service-account", HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(table.toString()).as("clusters row").doesNotContain(form);
        }
        // it is the token, sealed for this row: the platform key opens it, bound to the cluster's id
        SecretBox box = SecretBox.of(Base64.getDecoder().decode(KEY));
        assertThat(new String(box.open(sealed, SecretBox.associatedData("clusters", id)), StandardCharsets.UTF_8))
                .isEqualTo(token);

        assertThat(harness.logLines()).anySatisfy(line -> assertThat(line).contains("registered").contains(id));
        assertThat(harness.logLines()).noneSatisfy(line -> assertThat(line).contains("secret-service-account"));
    }

    @Test
    void aKubeconfigWithAnInlineTokenRegistersAndIsNeverAnswered() {
        String token = "kubeconfig-token-" + UUID.randomUUID();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: mock
                  context: {cluster: mock, user: edgefleet}
                current-context: mock
                users:
                - name: edgefleet
                  user:
                    token: %s
                """.formatted(server.url("/"), Base64.getEncoder().encodeToString(caCertPem().getBytes(StandardCharsets.UTF_8)),
                token);
        Http.Response created = register(JsonNodeFactory.instance.objectNode().put("name", "from-kubeconfig")
                .put("kubeconfig", kubeconfig));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("authKind").asText()).isEqualTo("kubeconfig");
        assertThat(created.json().path("apiUrl").asText()).isEqualTo(server.url("/"));
        assertThat(created.text()).doesNotContain(token);
        assertThat(admin.get("/api/v1/clusters").text()).doesNotContain(token).doesNotContain("certificate-authority-data");
        assertThat(harness.logLines()).noneSatisfy(line -> assertThat(line).contains(token));
    }

    @Test
    void anUnreachableApiServerIs502NamingTheReasonAndNothingIsStored() {
        long before = clusterRows();
        Http.Response refused = register(tokenBody("nowhere", "https://127.0.0.1:" + FreePorts.next() + "/", "t0ken"));
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().path("type").asText()).endsWith("/cluster-unreachable");
        assertThat(refused.json().path("detail").asText()).contains("127.0.0.1").contains("connection refused");
        assertThat(clusterRows()).isEqualTo(before);
    }

    @Test
    void aCredentialTheClusterRefusesIs422AtTheToken() throws IOException {
        // an API server that refuses every bearer token, as a real one does for an expired or revoked token
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        refusing.createContext("/", exchange -> {
            byte[] status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"code\":401}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, status.length);
            exchange.getResponseBody().write(status);
            exchange.close();
        });
        refusing.start();
        try {
            long before = clusterRows();
            Http.Response refused = admin.post("/api/v1/clusters", Json.write(JsonNodeFactory.instance.objectNode()
                    .put("name", "refusing").put("apiUrl", "http://127.0.0.1:" + refusing.getAddress().getPort())
                    .put("token", "expired-token")));
            assertThat(refused.status()).as(refused.text()).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("/token");
            assertThat(refused.json().path("errors").get(0).path("message").asText()).contains("HTTP 401");
            assertThat(clusterRows()).isEqualTo(before);
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void anUntrustedCertificateIs422AtTheCa() {
        Http.Response refused = admin.post("/api/v1/clusters", Json.write(JsonNodeFactory.instance.objectNode()
                .put("name", "untrusted").put("apiUrl", server.url("/")).put("token", "t0ken")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("/caCertPem");
    }

    @Test
    void badInputIs422NamingTheFieldAndStoresNothing() {
        long before = clusterRows();
        Map<String, String> bodies = Map.of(
                "/name", Json.write(tokenBody("'; DROP TABLE clusters;--", server.url("/"), "t")),
                "/apiUrl", Json.write(tokenBody("ftp-cluster", "ftp://10.0.0.1/", "t")),
                "/token", "{\"name\":\"no-token\",\"apiUrl\":\"https://10.0.0.1:6443\"}",
                "/caCertPem", Json.write(tokenBody("bad-ca", server.url("/"), "t")
                        .put("caCertPem", "-----BEGIN CERTIFICATE-----\n{\"$ne\":1}\n-----END CERTIFICATE-----\n")),
                "/kubeconfig", Json.write(JsonNodeFactory.instance.objectNode().put("name", "exec-plugin").put("kubeconfig",
                        KubeconfigsTest.kubeconfig("", "    exec:\n      command: /bin/sh\n      args: [\"-c\", \"id\"]"))));
        bodies.forEach((field, body) -> {
            Http.Response refused = admin.post("/api/v1/clusters", body);
            assertThat(refused.status()).as(body).isEqualTo(422);
            assertThat(refused.json().path("errors").findValuesAsText("field")).as(body).contains(field);
        });
        Http.Response both = admin.post("/api/v1/clusters", Json.write(tokenBody("both", server.url("/"), "t")
                .put("kubeconfig", "apiVersion: v1")));
        assertThat(both.status()).isEqualTo(422);
        assertThat(admin.post("/api/v1/clusters", "{\"name\": ").status()).isEqualTo(400);
        assertThat(clusterRows()).isEqualTo(before);
    }

    @Test
    void aTakenNameIsAConflict() {
        assertThat(register(tokenBody("twice", server.url("/"), "t")).status()).isEqualTo(201);
        Http.Response again = register(tokenBody("twice", server.url("/"), "t"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("type").asText()).endsWith("/cluster-exists");
    }

    @Test
    void aCheckRecordsThatTheClusterWentAwayAndThatItCameBack() {
        try (TcpRelay relay = TcpRelay.to(server.getPort())) {
            String id = register(tokenBody("flaky", "https://localhost:" + relay.port() + "/", "t")).json().path("id").asText();
            relay.close();
            JsonNode down = admin.post("/api/v1/clusters/" + id + "/check", null).json();
            assertThat(down.path("status").asText()).isEqualTo("unreachable");
            assertThat(down.path("lastError").asText()).contains("could not be reached");
            assertThat(admin.get("/api/v1/clusters/" + id).json().path("status").asText()).isEqualTo("unreachable");
        }
        String id = register(tokenBody("steady", server.url("/"), "t")).json().path("id").asText();
        JsonNode up = admin.post("/api/v1/clusters/" + id + "/check", null).json();
        assertThat(up.path("status").asText()).isEqualTo("ready");
        assertThat(up.path("lastError").isNull()).isTrue();
    }

    @Test
    void aServiceWithAnotherPlatformKeyCannotUseTheStoredCredential() {
        String id = register(tokenBody("keyed", server.url("/"), "t0ken")).json().path("id").asText();
        TenancyService other = Await.result(harness.deployAnother(Map.of("EDGEFLEET_SECRET_KEY", SecretBox.generateKey())));
        try {
            Http stranger = new Http(other.httpPort(), harness.internalToken());
            JsonNode checked = stranger.post("/api/v1/clusters/" + id + "/check", null).json();
            assertThat(checked.path("status").asText()).isEqualTo("unreachable");
            assertThat(checked.path("lastError").asText()).contains("does not open with the configured EDGEFLEET_SECRET_KEY");
            assertThat(admin.post("/api/v1/clusters/" + id + "/check", null).json().path("status").asText()).isEqualTo("ready");
        } finally {
            Await.result(other.close());
        }
    }

    @Test
    void aDeletedClusterIsGoneAndUnknownIdsAre404() {
        String id = register(tokenBody("temporary", server.url("/"), "t")).json().path("id").asText();
        assertThat(admin.delete("/api/v1/clusters/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/clusters/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/clusters/" + id).status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/clusters/" + id + "/check", null).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/clusters/not-a-uuid").status()).isEqualTo(404);
        assertThat(harness.sql("SELECT id FROM tenancy.clusters WHERE name = 'temporary'")).isEmpty();
    }
}
