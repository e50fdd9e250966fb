package io.edgefleet.broker.extension;

import io.edgefleet.broker.extension.RevocationInterceptor.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RevocationInterceptorTest {

    @ParameterizedTest
    @CsvSource({
            "fleet/v1/default/events/endpoint.deleted, default, DROP_ENDPOINT",
            "fleet/v1/acme/events/endpoint.credential-rotated, acme, DROP_ENDPOINT",
            "fleet/v1/acme/events/integration-key.revoked, acme, DROP_KEY",
            "fleet/v1/acme/events/tenant.disabled, acme, DISABLE_TENANT",
            "fleet/v1/acme-2/events/tenant.deleted, acme-2, DELETE_TENANT",
            "fleet/v1/acme/events/tenant.enabled, acme, ENABLE_TENANT",
            "fleet/v1/acme/events/tenant.created, acme, ENABLE_TENANT"})
    void recognisesTheEventsThatTakeCredentialsAway(String topic, String tenant, Action action) {
        assertThat(RevocationInterceptor.watched(topic)).hasValueSatisfying(watched -> {
            assertThat(watched.tenant()).isEqualTo(tenant);
            assertThat(watched.action()).isEqualTo(action);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fleet/v1/default/events/endpoint.registered", "fleet/v1//events/endpoint.deleted",
            "fleet/v1/a/b/events/endpoint.deleted", "fleet/v1/default/events/endpoint.deleted/x",
            "fleet/v2/default/events/endpoint.deleted", "edge/v1/default/events/endpoint.deleted",
            "xfleet/v1/default/events/endpoint.deleted", "fleet/v1/default/endpoint.deleted",
            "fleet/v1/acme/events/tenant.updated", "fleet/v1/acme/tenant", "fleet/v1/acme/events/integration-key.created",
            "fleet/v1/acme/events/", "fleet/v1/acme"})
    void ignoresEverythingElse(String topic) {
        assertThat(RevocationInterceptor.watched(topic)).isEmpty();
    }
}
