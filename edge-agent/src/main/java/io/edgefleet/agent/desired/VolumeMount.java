package io.edgefleet.agent.desired;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Storage mounted into an app's container: a host path or a named Docker volume. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = VolumeMount.Bind.class, name = "bind"),
        @JsonSubTypes.Type(value = VolumeMount.Named.class, name = "volume")})
public sealed interface VolumeMount permits VolumeMount.Bind, VolumeMount.Named {

    /** The absolute path inside the container. */
    String target();

    boolean readOnly();

    /** A host directory or file mounted at {@code target}. */
    record Bind(String source, String target, boolean readOnly) implements VolumeMount {
    }

    /**
     * A named volume, created with {@code driver} and {@code driverOptions} when the engine lacks it (e.g. NFS:
     * {@code type=nfs}, {@code o=addr=10.0.0.5,ro}, {@code device=:/export}).
     */
    record Named(String name, String target, boolean readOnly, String driver, Map<String, String> driverOptions)
            implements VolumeMount {

        public Named {
            driver = driver == null ? "local" : driver;
            driverOptions = SpecJson.sortedCopy(driverOptions);
        }
    }

    static VolumeMount fromJson(JsonNode node) {
        String target = node.get("target").asText();
        boolean readOnly = Boolean.TRUE.equals(SpecJson.bool(node, "readOnly"));
        if ("bind".equals(SpecJson.text(node, "type"))) {
            return new Bind(node.get("source").asText(), target, readOnly);
        }
        return new Named(node.get("name").asText(), target, readOnly, SpecJson.text(node, "driver"),
                SpecJson.map(node, "driverOptions"));
    }
}
