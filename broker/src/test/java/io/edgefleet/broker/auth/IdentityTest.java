package io.edgefleet.broker.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityTest {

    @Test
    void survivesTheTripThroughTheConnectionAttributeStore() {
        for (Identity identity : new Identity[]{Identity.agent("default", "ep-abcdefgh2345"), Identity.service("registry"),
                Identity.integration("acme", "ik-abcdefgh2345")}) {
            assertThat(Identity.fromAttribute(identity.toAttribute())).contains(identity);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AGENT|default", "AGENT|default|ep-abc", "ROBOT|default|x", "AGENT|default|ep-abcdefgh2345|x"})
    void malformedAttributeIsNoIdentity(String attribute) {
        assertThat(Identity.fromAttribute(attribute)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Default", "d", "de/fault", "de+fault", "-default", "default#"})
    void tenantMustBeATenantId(String tenant) {
        assertThatThrownBy(() -> Identity.agent(tenant, "ep-abcdefgh2345")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ep-abc", "ep-ABCDEFGH2345", "ep-abcdefgh2341", "ep-abcdefgh23456", "xx-abcdefgh2345", "ep-abcdef/h2345",
            "ep-abcdefgh234+"})
    void agentNameMustBeAnEndpointId(String endpointId) {
        assertThatThrownBy(() -> Identity.agent("default", endpointId)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"key-1", "ik-abc", "ik-ABCDEFGH2345", "ep-abcdefgh2345", "ik-abcdefgh2345x", "ik-abcdef/h2345"})
    void integrationKeyNameMustBeAKeyId(String keyId) {
        assertThatThrownBy(() -> Identity.integration("acme", keyId)).isInstanceOf(IllegalArgumentException.class);
    }
}
