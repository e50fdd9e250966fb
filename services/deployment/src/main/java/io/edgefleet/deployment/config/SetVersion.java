package io.edgefleet.deployment.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefleet.deployment.app.App;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One immutable version of a config set.
 *
 * @param entries {@code {"KEY": "value"}}, environment variables
 * @param files   {@code {"file-name": "UTF-8 content"}}, mounted under an app's {@code mountPath}
 */
public record SetVersion(String name, int version, ObjectNode entries, ObjectNode files, OffsetDateTime createdAt,
                         String createdBy) {

    public SetVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(files, "files");
    }

    /** The key of this version among others: {@code name@version}. */
    public static String key(String name, int version) {
        return name + "@" + version;
    }

    /** The API representation of the version with its content. */
    public ObjectNode toJson() {
        ObjectNode json = summary();
        json.set("entries", entries.deepCopy());
        json.set("files", files.deepCopy());
        return json;
    }

    /** The API representation without the content: what the versions list shows. */
    public ObjectNode summary() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", name).put("version", version);
        json.put("createdAt", App.format(createdAt));
        json.put("createdBy", createdBy);
        return json;
    }
}
