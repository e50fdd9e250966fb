package io.edgefleet.agent.desired;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A file the agent writes under its data dir and bind-mounts read-only into the app's container at {@link #path()}.
 *
 * @param path     absolute path inside the container
 * @param content  the content as the document carries it: UTF-8 text, or base64 when {@code encoding} is base64
 * @param encoding {@value #UTF8} (default) or {@value #BASE64}
 * @param mode     POSIX permission bits, e.g. {@code 0644} (octal) = 420; {@code null} = 0644
 */
public record ConfigFile(String path, String content, String encoding, Integer mode) {

    public static final String UTF8 = "utf-8";
    public static final String BASE64 = "base64";
    /** Largest file the agent writes: the 1 MiB per file, counted after decoding. */
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int DEFAULT_MODE = 0644;

    public ConfigFile {
        encoding = encoding == null ? UTF8 : encoding;
        // 0644 and absent mean the same file: the canonical spec (and so the spec hash) must not tell them apart
        mode = mode == null || mode == DEFAULT_MODE ? null : mode;
    }

    /** The bytes to write; fails with {@link IllegalArgumentException} when base64 content does not decode. */
    @JsonIgnore
    public byte[] bytes() {
        return BASE64.equals(encoding) ? Base64.getMimeDecoder().decode(content)
                : content.getBytes(StandardCharsets.UTF_8);
    }

    /** The permission bits to give the file. */
    @JsonIgnore
    public int effectiveMode() {
        return mode == null ? DEFAULT_MODE : mode;
    }

    /**
     * Reads a file entry of a schema-valid spec. The mode is an octal string ({@code "0640"}, {@code "640"}) or the
     * number itself ({@code 416}, as Kubernetes takes it in JSON).
     */
    static ConfigFile fromJson(JsonNode node) {
        JsonNode mode = node.get("mode");
        Integer bits = null;
        if (mode != null && mode.isTextual()) {
            bits = Integer.parseInt(mode.asText(), 8);
        } else if (mode != null && mode.isIntegralNumber()) {
            bits = mode.asInt();
        }
        return new ConfigFile(node.get("path").asText(), node.get("content").asText(),
                SpecJson.text(node, "encoding"), bits);
    }
}
