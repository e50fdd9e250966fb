package io.edgefleet.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content security policy source ({@code 'sha256-...'}) that lets the browser run the console's inline import
 * map and nothing else inline. Import maps cannot be loaded from a file, so the hash is taken from the served
 * {@code index.html} itself and stays right when the map changes.
 */
final class ImportMapHash {

    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    private ImportMapHash() {
    }

    /** @param folder the console's folder, or empty for the one in the jar */
    static String of(Optional<Path> folder) {
        String indexResource = folder.map(dir -> dir.resolve("index.html").toString()).orElse("console/index.html");
        try (InputStream in = folder.isPresent() ? Files.newInputStream(Path.of(indexResource))
                : ImportMapHash.class.getClassLoader().getResourceAsStream(indexResource)) {
            if (in == null) {
                throw new IllegalStateException("console page " + indexResource + " is not on the classpath");
            }
            Matcher map = IMPORT_MAP.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!map.find()) {
                throw new IllegalStateException("console page " + indexResource + " has no import map");
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(map.group(1).getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
