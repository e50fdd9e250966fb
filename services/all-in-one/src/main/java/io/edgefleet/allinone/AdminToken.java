package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bootstrap admin token of a laptop installation: generated once, kept readable only by its
 * owner in the data directory, so the token printed at the first start keeps working.
 */
final class AdminToken {

    private AdminToken() {}

    static String loadOrCreate(Path home) throws IOException {
        Path file = home.resolve("admin-token");
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.length() >= 16) {
                return token;
            }
            throw new IOException(file + " holds no valid admin token (at least 16 characters); delete it to get a new one");
        }
        String token = randomToken();
        Files.createDirectories(home);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
