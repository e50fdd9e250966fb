package io.edgefleet.kit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgefleet.kit.config.ConfigException;
import io.edgefleet.kit.config.Env;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final byte[] AAD = SecretBox.associatedData("clusters", "6f1c0b7e-0000-4000-8000-000000000001");
    private static final byte[] PLAIN = "eyJhbGciOiJSUzI1NiJ9.service-account-token".getBytes(StandardCharsets.UTF_8);

    private static SecretBox box(String key) {
        return SecretBox.fromEnv(Env.of(Map.of(SecretBox.SECRET_KEY, key)));
    }

    @Test
    void aSealedValueOpensWithTheSameKeyAndAssociatedData() {
        SecretBox box = box(SecretBox.generateKey());
        byte[] sealed = box.seal(PLAIN, AAD);
        assertThat(box.open(sealed, AAD)).isEqualTo(PLAIN);
    }

    @Test
    void theSealedFormIsVersionThenNonceThenCiphertextWithTagAndHoldsNoPlaintext() {
        SecretBox box = box(SecretBox.generateKey());
        byte[] sealed = box.seal(PLAIN, AAD);
        assertThat(sealed).hasSize(1 + 12 + PLAIN.length + 16);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("service-account-token");
    }

    @Test
    void theFormatIsPlainAesGcmThatAnyImplementationCanOpen() throws Exception {
        byte[] key = Base64.getDecoder().decode(SecretBox.generateKey());
        byte[] sealed = SecretBox.of(key).seal(PLAIN, AAD);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 1, 12));
        cipher.updateAAD(new byte[] {1});
        cipher.updateAAD(AAD);
        assertThat(cipher.doFinal(sealed, 13, sealed.length - 13)).isEqualTo(PLAIN);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentBytes() {
        SecretBox box = box(SecretBox.generateKey());
        assertThat(box.seal(PLAIN, AAD)).isNotEqualTo(box.seal(PLAIN, AAD));
    }

    @Test
    void everyChangedByteIsDetected() {
        SecretBox box = box(SecretBox.generateKey());
        byte[] sealed = box.seal(PLAIN, AAD);
        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> box.open(tampered, AAD)).as("byte %d flipped", i)
                    .isInstanceOf(SecretBox.OpenException.class).hasMessageContaining("failed authentication");
        }
    }

    @Test
    void aValueMovedToAnotherRowDoesNotOpen() {
        SecretBox box = box(SecretBox.generateKey());
        byte[] sealed = box.seal(PLAIN, AAD);
        assertThatThrownBy(() -> box.open(sealed, SecretBox.associatedData("clusters", "another-id")))
                .isInstanceOf(SecretBox.OpenException.class).hasMessageContaining("other associated data");
    }

    @Test
    void associatedDataPartsCannotBeShiftedIntoEachOther() {
        assertThat(SecretBox.associatedData("ab", "c")).isNotEqualTo(SecretBox.associatedData("a", "bc"));
    }

    @Test
    void anotherKeyCannotOpenAValue() {
        byte[] sealed = box(SecretBox.generateKey()).seal(PLAIN, AAD);
        assertThatThrownBy(() -> box(SecretBox.generateKey()).open(sealed, AAD))
                .isInstanceOf(SecretBox.OpenException.class);
    }

    @Test
    void truncatedAndEmptyValuesAreRefusedClearly() {
        SecretBox box = box(SecretBox.generateKey());
        byte[] sealed = box.seal(PLAIN, AAD);
        assertThatThrownBy(() -> box.open(java.util.Arrays.copyOf(sealed, 20), AAD))
                .isInstanceOf(SecretBox.OpenException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> box.open(new byte[0], AAD)).isInstanceOf(SecretBox.OpenException.class);
    }

    @Test
    void afterRotationOldValuesOpenWithTheRetiredKeyAndNewOnesUseTheNewVersion() {
        String oldKey = SecretBox.generateKey();
        String newKey = SecretBox.generateKey();
        byte[] oldSealed = box(oldKey).seal(PLAIN, AAD);

        SecretBox rotated = SecretBox.fromEnv(Env.of(Map.of(SecretBox.SECRET_KEY, newKey,
                SecretBox.SECRET_KEY_VERSION, "2", SecretBox.SECRET_KEYS_RETIRED, "1:" + oldKey)));
        assertThat(rotated.open(oldSealed, AAD)).isEqualTo(PLAIN);
        byte[] newSealed = rotated.seal(PLAIN, AAD);
        assertThat(SecretBox.versionOf(newSealed)).isEqualTo(2);
        assertThat(rotated.currentVersion()).isEqualTo(2);

        SecretBox withoutRetired = SecretBox.fromEnv(Env.of(Map.of(SecretBox.SECRET_KEY, newKey,
                SecretBox.SECRET_KEY_VERSION, "2")));
        assertThatThrownBy(() -> withoutRetired.open(oldSealed, AAD)).isInstanceOf(SecretBox.OpenException.class)
                .hasMessageContaining("key version 1, which is not configured");
    }

    @Test
    void relabellingAValueToAnotherKeyVersionIsDetected() {
        String key = SecretBox.generateKey();
        SecretBox both = SecretBox.fromEnv(Env.of(Map.of(SecretBox.SECRET_KEY, key,
                SecretBox.SECRET_KEY_VERSION, "2", SecretBox.SECRET_KEYS_RETIRED, "1:" + key)));
        byte[] sealed = both.seal(PLAIN, AAD);
        sealed[0] = 1;
        assertThatThrownBy(() -> both.open(sealed, AAD)).isInstanceOf(SecretBox.OpenException.class);
    }

    @Test
    void aMissingKeyIsAConfigErrorNamingTheVariable() {
        assertThatThrownBy(() -> SecretBox.fromEnv(Env.of(Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessage("EDGEFLEET_SECRET_KEY is required but not set");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithoutEchoingIt() {
        String short16 = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> box(short16)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_SECRET_KEY").hasMessageContaining("decodes to 16 bytes")
                .message().doesNotContain(short16).doesNotContain("sixteen");
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedWithoutEchoingIt() {
        String raw = "this is not base64 at all, it is a passphrase!";
        assertThatThrownBy(() -> box(raw)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EDGEFLEET_SECRET_KEY").hasMessageContaining("not valid base64")
                .message().doesNotContain("passphrase");
    }

    @Test
    void malformedRetiredKeysAreRefusedNamingTheVariable() {
        String key = SecretBox.generateKey();
        for (String retired : new String[] {"no-colon", "0:" + key, "256:" + key, "x:" + key, "2:c2hvcnQ=", "1:" + key}) {
            assertThatThrownBy(() -> SecretBox.fromEnv(Env.of(Map.of(SecretBox.SECRET_KEY, key,
                    SecretBox.SECRET_KEYS_RETIRED, retired))))
                    .as(retired).isInstanceOf(ConfigException.class).hasMessageContaining("EDGEFLEET_SECRET_KEYS_RETIRED")
                    .message().doesNotContain(key);
        }
    }

    @Test
    void toStringShowsNoKey() {
        String key = SecretBox.generateKey();
        assertThat(box(key).toString()).doesNotContain(key).contains("version 1");
    }
}
