package io.edgefleet.broker.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAccountsTest {

    final ServiceAccounts accounts = ServiceAccounts.parse("V", " registry:registry-secret-0123456789 , gateway:a:b:c ");

    @Test
    void acceptsOnlyTheAccountsOwnSecret() {
        assertThat(accounts.check("registry", bytes("registry-secret-0123456789"))).isTrue();
        assertThat(accounts.check("registry", bytes("registry-secret-012345678"))).isFalse();
        assertThat(accounts.check("registry", bytes("a:b:c"))).isFalse();
        assertThat(accounts.check("gateway", bytes("a:b:c"))).isTrue();
        assertThat(accounts.check("registry", new byte[0])).isFalse();
    }

    @Test
    void unknownAccountIsRefused() {
        assertThat(accounts.check("nobody", bytes("registry-secret-0123456789"))).isFalse();
        assertThat(accounts.check("", bytes("a:b:c"))).isFalse();
    }

    @Test
    void shortSecretsAreReportedAndNamesListedWithoutSecrets() {
        assertThat(accounts.namesWithShortSecrets()).containsExactly("gateway");
        assertThat(accounts.names()).containsExactlyInAnyOrder("registry", "gateway");
        assertThat(accounts.toString()).doesNotContain("registry-secret", "a:b:c");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
