package io.edgefleet.tenancy.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered cluster as the API shows it: never its credential.
 *
 * @param status {@value #READY} when the last check reached the API server, else {@value #UNREACHABLE}
 */
public record Cluster(UUID id, String name, String apiUrl, String authKind, Optional<String> caCertPem,
                      boolean insecureSkipTlsVerify, String status, Optional<String> kubernetesVersion,
                      OffsetDateTime lastCheckedAt, Optional<String> lastError, Optional<String> createdBy,
                      OffsetDateTime createdAt) {

    public static final String READY = "ready";
    public static final String UNREACHABLE = "unreachable";

    /** The columns {@link #from(Row)} reads, without the sealed credential. */
    static final String COLUMNS = "id, name, api_url, auth_kind, ca_cert_pem, insecure_skip_tls_verify, status,"
            + " kubernetes_version, last_checked_at, last_error, created_by, created_at";

    static Cluster from(Row row) {
        return new Cluster(row.getUUID("id"), row.getString("name"), row.getString("api_url"), row.getString("auth_kind"),
                Optional.ofNullable(row.getString("ca_cert_pem")), row.getBoolean("insecure_skip_tls_verify"),
                row.getString("status"), Optional.ofNullable(row.getString("kubernetes_version")),
                row.getOffsetDateTime("last_checked_at"), Optional.ofNullable(row.getString("last_error")),
                Optional.ofNullable(row.getString("created_by")), row.getOffsetDateTime("created_at"));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id.toString()).put("name", name).put("apiUrl", apiUrl).put("authKind", authKind);
        caCertPem.ifPresent(pem -> json.put("caCertPem", pem));
        json.put("insecureSkipTlsVerify", insecureSkipTlsVerify).put("status", status);
        json.put("kubernetesVersion", kubernetesVersion.orElse(null));
        json.put("lastCheckedAt", lastCheckedAt.toInstant().toString());
        json.put("lastError", lastError.orElse(null));
        json.put("createdBy", createdBy.orElse(null));
        json.put("createdAt", createdAt.toInstant().toString());
        return json;
    }
}
