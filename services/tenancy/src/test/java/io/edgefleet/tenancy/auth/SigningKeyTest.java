package io.edgefleet.tenancy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    @Test
    void aPkcs8PemYieldsTheMatchingPublicKeyAndAStableKid() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";

        SigningKey key = SigningKey.fromPem(Optional.of(pem));
        assertThat(key.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(SigningKey.fromPem(Optional.of(pem)).kid()).isEqualTo(key.kid());
        assertThat(key.jwks().path("keys").get(0).path("x").asText()).hasSize(43);
        assertThat(key.publicPem()).startsWith("-----BEGIN PUBLIC KEY-----");

        assertThat(key.privatePem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(SigningKey.fromPem(Optional.of(key.privatePem())).kid()).isEqualTo(key.kid());
    }

    @Test
    void somethingElseThanAnEcP256KeyIsRefusedWithoutEchoingIt() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
        assertThatThrownBy(() -> SigningKey.fromPem(Optional.of(rsaPem))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.fromPem(Optional.of("not a key at all")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not a key at all");
    }
}
