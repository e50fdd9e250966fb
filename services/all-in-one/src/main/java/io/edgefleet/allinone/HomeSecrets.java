package io.edgefleet.allinone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The secrets of a laptop installation, generated at the first start and kept readable only by their owner in the
 * data directory, so that a restart keeps the admin password, the sessions (JWT signing key) and the data sealed
 * with the platform key usable.
 */
final class HomeSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HomeSecrets() {
    }

    /** The bootstrap admin's password: 32 random base64url characters. */
    static String adminPassword(Path home) throws IOException {
        return loadOrCreate(home.resolve("admin-password"), HomeSecrets::randomToken, text -> text.length() >= 12,
                "an admin password (at least 12 characters)");
    }

    /** The EC P-256 key (PKCS#8 PEM) the tenancy service signs access tokens with. */
    static String jwtSigningKey(Path home) throws IOException {
        return loadOrCreate(home.resolve("jwt-signing-key.pem"), HomeSecrets::newSigningKeyPem,
                text -> text.startsWith("-----BEGIN PRIVATE KEY-----"), "a PKCS#8 PEM private key");
    }

    /** The platform key that seals secrets at rest: 32 random bytes, base64. */
    static String platformKey(Path home) throws IOException {
        return loadOrCreate(home.resolve("secret-key"), () -> Base64.getEncoder().encodeToString(randomBytes(32)),
                text -> {
                    try {
                        return Base64.getDecoder().decode(text).length == 32;
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                }, "32 bytes in base64");
    }

    /** 32 random bytes, base64url without padding. */
    static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static String loadOrCreate(Path file, Supplier<String> generator, Predicate<String> valid, String what)
            throws IOException {
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!valid.test(text)) {
                throw new IOException(file + " does not hold " + what + "; restore it from a backup, or delete it to "
                        + "get a new one (which invalidates what the old one protected)");
            }
            return text;
        }
        String text = generator.get();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return text;
    }

    private static String newSigningKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate an EC P-256 key", e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
