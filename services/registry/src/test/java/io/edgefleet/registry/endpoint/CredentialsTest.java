package io.edgefleet.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void endpointIdsFollowTheContractAndDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Credentials.newEndpointId();
            assertThat(id).matches("^ep-[a-z2-7]{12}$");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void integrationKeyIdsFollowTheContractAndAreNoEndpointIds() {
        String id = Credentials.newIntegrationKeyId();
        assertThat(id).matches("^ik-[a-z2-7]{12}$").isNotEqualTo(Credentials.newIntegrationKeyId());
        assertThat(Credentials.isIntegrationKeyId(id)).isTrue();
        assertThat(Credentials.isEndpointId(id)).isFalse();
        assertThat(Credentials.isIntegrationKeyId(Credentials.newEndpointId())).isFalse();
        assertThat(Credentials.isIntegrationKeyId("ik-' OR '1'='1")).isFalse();
    }

    @Test
    void secretsAre32RandomBytesInBase64Url() {
        String secret = Credentials.newSecret();

        assertThat(secret).matches("^[A-Za-z0-9_-]{43}$");
        assertThat(Credentials.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void onlyTheSecretMatchesItsStoredHash() {
        String secret = Credentials.newSecret();
        String stored = Credentials.sha256Hex(secret);

        assertThat(stored).matches("^[0-9a-f]{64}$").doesNotContain(secret);
        assertThat(Credentials.matches(secret, stored)).isTrue();
        assertThat(Credentials.matches(secret + "x", stored)).isFalse();
        assertThat(Credentials.matches("", stored)).isFalse();
        assertThat(Credentials.matches(secret, "not hex")).isFalse();
    }

    @Test
    void hashIsSha256OfTheUtf8Text() {
        // echo -n abc | sha256sum
        assertThat(Credentials.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
