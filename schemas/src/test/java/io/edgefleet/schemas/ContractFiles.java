package io.edgefleet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the contract files as packaged on the test classpath and follows references between them. */
final class ContractFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();
    static final String SCHEMA_SUFFIX = ".schema.json";

    /** A reference found in a document: where it sits, what it says, and the object that holds it. */
    record Ref(String location, String value, JsonNode holder) {}

    private ContractFiles() {
    }

    /** The {@code schemas/} resource directory this module packages. */
    static Path root() {
        URL url = ContractFiles.class.getClassLoader().getResource("schemas/asyncapi.yaml");
        assertThat(url).as("schemas/asyncapi.yaml on the classpath").isNotNull();
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path jsonDir() {
        return root().resolve("json");
    }

    static Path examplesDir() {
        return root().resolve("examples");
    }

    static List<Path> filesUnder(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schema name of a file under json/: its path there without {@code .schema.json}. */
    static String schemaName(Path schemaFile) {
        String relative = slashes(jsonDir().relativize(schemaFile));
        return relative.substring(0, relative.length() - SCHEMA_SUFFIX.length());
    }

    static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    static JsonNode read(Path file) {
        try {
            String name = file.getFileName().toString();
            return name.endsWith(".yaml") || name.endsWith(".yml") ? YAML.readTree(file.toFile()) : JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every textual member named {@code key} anywhere in the document, e.g. {@code $ref}. */
    static List<Ref> find(JsonNode document, String key) {
        List<Ref> found = new ArrayList<>();
        collect(document, "", key, found);
        return found;
    }

    private static void collect(JsonNode node, String location, String key, List<Ref> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String at = location + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
                if (member.getKey().equals(key) && member.getValue().isTextual()) {
                    found.add(new Ref(at, member.getValue().asText(), node));
                } else {
                    collect(member.getValue(), at, key, found);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), location + "/" + i, key, found);
            }
        }
    }

    /** The file a reference written in {@code from} points at ({@code from} itself for a local one). */
    static Path targetFile(Path from, String reference) {
        int hash = reference.indexOf('#');
        String file = hash < 0 ? reference : reference.substring(0, hash);
        return file.isEmpty() ? from : from.getParent().resolve(file).normalize();
    }

    /** Follows a reference written in {@code from}; fails the test when its file or fragment is missing. */
    static JsonNode resolve(Path from, String reference) {
        Path file = targetFile(from, reference);
        assertThat(file).as("file of reference '%s' in %s", reference, root().relativize(from)).isRegularFile();
        int hash = reference.indexOf('#');
        String fragment = hash < 0 ? "" : reference.substring(hash + 1);
        JsonNode target = read(file).at(fragment);
        assertThat(target.isMissingNode())
                .as("fragment '%s' of reference '%s' in %s", fragment, reference, root().relativize(from))
                .isFalse();
        return target;
    }
}
