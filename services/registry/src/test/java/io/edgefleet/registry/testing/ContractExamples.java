package io.edgefleet.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefleet.kit.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The example payloads shipped with the contracts (edgefleet-schemas, {@code schemas/examples/rest/}). */
public final class ContractExamples {

    private ContractExamples() {
    }

    /** Examples whose file name starts with the prefix, e.g. {@code "endpoint-create.invalid-"}, by file name. */
    public static Map<String, JsonNode> rest(String prefix) {
        URL dir = ContractExamples.class.getClassLoader().getResource("schemas/examples/rest");
        if (dir == null) {
            throw new IllegalStateException("schemas/examples/rest is not on the classpath");
        }
        try {
            URI uri = dir.toURI();
            if (!uri.getScheme().equals("jar")) {
                return read(Path.of(uri), prefix);
            }
            try (FileSystem jar = open(uri)) {
                return read(jar.provider().getPath(uri), prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileSystem open(URI uri) throws IOException {
        try {
            FileSystems.getFileSystem(uri).close();
        } catch (FileSystemNotFoundException ignored) {
            // not open yet
        }
        return FileSystems.newFileSystem(uri, Map.of());
    }

    private static Map<String, JsonNode> read(Path dir, String prefix) throws IOException {
        Map<String, JsonNode> examples = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                examples.put(file.getFileName().toString(), Json.parse(Files.readAllBytes(file)));
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalStateException("no example " + prefix + "* in " + dir);
        }
        return examples;
    }
}
