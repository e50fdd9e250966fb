package io.edgefleet.broker.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisabledTenantsTest {

    final DisabledTenants disabled = new DisabledTenants();

    @Test
    void refusesAgentsAndKeysOfADisabledTenantUntilItIsEnabled() {
        Identity agent = Identity.agent("acme", "ep-aaaaaaaaaaaa");
        Identity key = Identity.integration("acme", "ik-aaaaaaaaaaaa");
        Identity other = Identity.agent("default", "ep-bbbbbbbbbbbb");
        disabled.disable("acme");

        assertThat(disabled.refuses(agent)).isTrue();
        assertThat(disabled.refuses(key)).isTrue();
        assertThat(disabled.refuses(other)).isFalse();
        assertThat(disabled.refuses(Identity.service("registry"))).isFalse();

        disabled.enable("acme");
        assertThat(disabled.refuses(agent)).isFalse();
    }
}
