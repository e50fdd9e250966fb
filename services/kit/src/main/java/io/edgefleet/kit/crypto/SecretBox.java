package io.edgefleet.kit.crypto;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage (kubeconfigs, cluster tokens, registry passwords) with AES-256-GCM from the JDK.
 *
 * <p>A sealed value is {@code version (1 byte) | nonce (12 bytes) | ciphertext + 16-byte tag}. The version names the
 * key that sealed it, so keys can rotate: new values are sealed with the current key, older ones still open with a
 * retired key as long as it is configured. The nonce is random per seal (96 bits), which keeps nonce reuse negligible
 * far beyond the number of secrets a platform stores. The associated data binds a sealed value to its place (e.g.
 * {@code "clusters/" + id}): a value copied to another row does not open there.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SecretBox {

    /** The current key: base64 of exactly 32 random bytes. */
    public static final String SECRET_KEY = "EDGEFLEET_SECRET_KEY";
    /** The version byte of values sealed with {@value #SECRET_KEY} (1..255, default 1). */
    public static final String SECRET_KEY_VERSION = "EDGEFLEET_SECRET_KEY_VERSION";
    /** Retired keys that still open older values: {@code version:base64[,version:base64...]}. */
    public static final String SECRET_KEYS_RETIRED = "EDGEFLEET_SECRET_KEYS_RETIRED";

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sealed value could not be opened: malformed, tampered, sealed for other associated data, or by an unknown key. */
    public static final class OpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OpenException(String message) {
            super(message);
        }
    }

    private final int currentVersion;
    private final Map<Integer, SecretKey> keys;

    private SecretBox(int currentVersion, Map<Integer, SecretKey> keys) {
        this.currentVersion = currentVersion;
        this.keys = Map.copyOf(keys);
    }

    /**
     * The box configured by {@value #SECRET_KEY} (required), {@value #SECRET_KEY_VERSION} and
     * {@value #SECRET_KEYS_RETIRED}.
     *
     * @throws ConfigException naming the variable that is missing or malformed; a key's value is never shown
     */
    public static SecretBox fromEnv(Env env) {
        Objects.requireNonNull(env, "env");
        int version = env.integer(SECRET_KEY_VERSION, 1, 1, 255);
        Map<Integer, SecretKey> keys = new HashMap<>();
        keys.put(version, decodeKey(SECRET_KEY, env.required(SECRET_KEY)));
        Optional<String> retired = env.optional(SECRET_KEYS_RETIRED);
        if (retired.isPresent()) {
            for (String entry : retired.get().split(",")) {
                int colon = entry.indexOf(':');
                int retiredVersion = colon < 0 ? -1 : parseVersion(entry.substring(0, colon).strip());
                if (retiredVersion < 1) {
                    throw new ConfigException(SECRET_KEYS_RETIRED + " must be a comma-separated list of version:base64-key"
                            + " with versions 1..255");
                }
                if (keys.containsKey(retiredVersion)) {
                    throw new ConfigException(SECRET_KEYS_RETIRED + " names key version " + retiredVersion
                            + " twice or also as the current " + SECRET_KEY_VERSION);
                }
                keys.put(retiredVersion, decodeKey(SECRET_KEYS_RETIRED + " (version " + retiredVersion + ")",
                        entry.substring(colon + 1).strip()));
            }
        }
        return new SecretBox(version, keys);
    }

    /** A box with one key (32 bytes) as version 1; for tests and embedded use. */
    public static SecretBox of(byte[] key) {
        return new SecretBox(1, Map.of(1, aesKey(key)));
    }

    /** A fresh random key, base64-encoded, ready for {@value #SECRET_KEY}. */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Associated data from text parts, unambiguous however the parts are split (each is length-prefixed). */
    public static byte[] associatedData(String... parts) {
        byte[][] encoded = new byte[parts.length][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] part : encoded) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    /** Encrypts {@code plain} with the current key, bound to {@code associatedData}. */
    public byte[] seal(byte[] plain, byte[] associatedData) {
        Objects.requireNonNull(plain, "plain");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentVersion), nonce, currentVersion, associatedData);
            sealed = new byte[HEADER_BYTES + cipher.getOutputSize(plain.length)];
            cipher.doFinal(plain, 0, plain.length, sealed, HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
        sealed[0] = (byte) currentVersion;
        System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
        return sealed;
    }

    /**
     * Decrypts a value sealed by {@link #seal} with the same associated data.
     *
     * @throws OpenException when the value is malformed, was changed, belongs to other associated data, or was sealed
     *                       with a key version this box does not hold
     */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        if (sealed.length < HEADER_BYTES + TAG_BITS / 8) {
            throw new OpenException("sealed value is too short (" + sealed.length + " bytes) to hold a version, a nonce and a tag");
        }
        int version = versionOf(sealed);
        SecretKey key = keys.get(version);
        if (key == null) {
            throw new OpenException("sealed with key version " + version + ", which is not configured (current "
                    + currentVersion + "; older keys go into " + SECRET_KEYS_RETIRED + ")");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(sealed, 1, nonce, 0, NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, version, associatedData)
                    .doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new OpenException("sealed value failed authentication: it was changed, or belongs to other associated"
                    + " data, or was sealed with another key of version " + version);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** The key version a sealed value names (its first byte). */
    public static int versionOf(byte[] sealed) {
        if (sealed.length == 0) {
            throw new OpenException("sealed value is empty");
        }
        return Byte.toUnsignedInt(sealed[0]);
    }

    /** The version new values are sealed with. */
    public int currentVersion() {
        return currentVersion;
    }

    @Override
    public String toString() {
        return "SecretBox[current key version " + currentVersion + ", " + keys.size() + " key(s), keys <hidden>]";
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, int version, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        // the version byte is authenticated too, so a value cannot be relabelled to another key slot unnoticed
        cipher.updateAAD(new byte[] {(byte) version});
        cipher.updateAAD(associatedData);
        return cipher;
    }

    private static SecretKey decodeKey(String variable, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " must be base64 of exactly " + KEY_BYTES
                    + " bytes (e.g. from `openssl rand -base64 32`), but it is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new ConfigException(variable + " must be base64 of exactly " + KEY_BYTES
                    + " bytes (e.g. from `openssl rand -base64 32`), but it decodes to " + key.length + " bytes");
        }
        return aesKey(key);
    }

    private static SecretKey aesKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes, got " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    private static int parseVersion(String text) {
        try {
            int version = Integer.parseInt(text);
            return version >= 1 && version <= 255 ? version : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
