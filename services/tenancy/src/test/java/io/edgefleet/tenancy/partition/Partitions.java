package io.edgefleet.tenancy.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.kit.events.Json;
import io.edgefleet.tenancy.testing.Http;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Request bodies and set-up calls the partition tests share. */
final class Partitions {

    /** The token the tests register mock clusters with (the mock accepts any). */
    static final String TOKEN = "mock-cluster-token-5f0d3c1a9b7e";

    private Partitions() {
    }

    /**
     * Registers the mock API server as a cluster through the API, trusting the mock's self-signed certificate as the
     * cluster CA; returns the cluster's id.
     */
    static String registerCluster(Http admin, String name, KubernetesMockServer server) {
        return registerCluster(admin, name, server.url("/"), server);
    }

    /** Registers a cluster at {@code apiUrl} (e.g. a relay in front of the mock) with the mock's CA. */
    static String registerCluster(Http admin, String name, String apiUrl, KubernetesMockServer server) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("apiUrl", apiUrl).put("token", TOKEN)
                .put("caCertPem", caCertPem(server));
        Http.Response registered = admin.post("/api/v1/clusters", Json.write(body));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        return registered.json().path("id").asText();
    }

    /** The PEM of the mock server's self-signed certificate. */
    static String caCertPem(KubernetesMockServer server) {
        try {
            return Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void createTenant(Http admin, String tenant) {
        Http.Response created = admin.post("/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"displayName\":\"" + tenant + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** A valid create body: 4 CPUs, 8Gi, 20 pods; containers 500m/512Mi by default, 100m/128Mi requested, at most 2/4Gi. */
    static String body(String cluster, String name) {
        return """
                {"cluster": "%s", "name": "%s",
                 "quota": {"cpu": "4", "memory": "8Gi", "pods": 20},
                 "limits": {"defaultCpu": "500m", "defaultMemory": "512Mi", "defaultRequestCpu": "100m",
                            "defaultRequestMemory": "128Mi", "maxCpu": "2", "maxMemory": "4Gi"}}
                """.formatted(cluster, name);
    }
}
