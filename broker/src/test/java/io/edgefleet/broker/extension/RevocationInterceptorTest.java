package io.edgefleet.broker.extension;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialEventInterceptorTest {

    @ParameterizedTest
    @ValueSource(strings = {"fleet/v1/default/events/endpoint.deleted", "fleet/v1/acme/events/endpoint.credential-rotated"})
    void recognisesCredentialEvents(String topic) {
        assertThat(CredentialEventInterceptor.isCredentialEvent(topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fleet/v1/default/events/endpoint.registered", "fleet/v1//events/endpoint.deleted",
            "fleet/v1/a/b/events/endpoint.deleted", "fleet/v1/default/events/endpoint.deleted/x",
            "fleet/v2/default/events/endpoint.deleted", "edge/v1/default/events/endpoint.deleted",
            "xfleet/v1/default/events/endpoint.deleted", "fleet/v1/default/endpoint.deleted"})
    void ignoresEverythingElse(String topic) {
        assertThat(CredentialEventInterceptor.isCredentialEvent(topic)).isFalse();
    }
}
