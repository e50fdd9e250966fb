package io.edgefleet.tenancy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCursorTest {

    @Test
    void aCursorSurvivesItsWireFormWithMicrosecondsAndColonsInTheId() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2025-06-01T08:15:30.123456Z"), "svc:deploy:42");

        String wire = cursor.encode();

        assertThat(wire).matches("[A-Za-z0-9_-]+");
        assertThat(AuditCursor.decode(wire)).contains(cursor);
    }

    @Test
    void timesBeforeTheEpochRoundTrip() {
        AuditCursor cursor = new AuditCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), "old");

        assertThat(AuditCursor.decode(cursor.encode())).contains(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "' OR 1=1 --", "djE6", "djE6MTIz", "djE6eHl6OmlkLTE"})
    void textThisApiDidNotIssueIsNoCursor(String text) {
        assertThat(AuditCursor.decode(text)).isEmpty();
    }

    @Test
    void aTimeOutsideYearsOneTo9999IsNoCursor() {
        assertThat(AuditCursor.decode(wire("v1:" + Long.MAX_VALUE + ":id"))).isEmpty();
        assertThat(AuditCursor.decode(wire("v1:-99999999999999999:id"))).isEmpty();
    }

    @Test
    void anOtherVersionOrAnOverlongIdIsNoCursor() {
        assertThat(AuditCursor.decode(wire("v2:0:id"))).isEmpty();
        assertThat(AuditCursor.decode(wire("v1:0:" + "x".repeat(129)))).isEmpty();
        assertThat(AuditCursor.decode("A".repeat(AuditCursor.MAX_LENGTH + 1))).isEmpty();
    }

    private static String wire(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
