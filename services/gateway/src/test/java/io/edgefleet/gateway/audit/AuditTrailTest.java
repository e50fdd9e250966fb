package io.edgefleet.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditTrailTest {

    @Test
    void outcomeSeparatesSuccessRefusalAndFailure() {
        assertThat(AuditTrail.outcome(201, false)).isEqualTo("success");
        assertThat(AuditTrail.outcome(204, false)).isEqualTo("success");
        assertThat(AuditTrail.outcome(403, false)).isEqualTo("denied");
        assertThat(AuditTrail.outcome(429, false)).isEqualTo("denied");
        assertThat(AuditTrail.outcome(404, true)).isEqualTo("denied");
        assertThat(AuditTrail.outcome(404, false)).isEqualTo("failure");
        assertThat(AuditTrail.outcome(422, false)).isEqualTo("failure");
        assertThat(AuditTrail.outcome(502, false)).isEqualTo("failure");
    }
}
