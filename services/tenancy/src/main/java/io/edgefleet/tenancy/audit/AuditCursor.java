package io.edgefleet.tenancy.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a page of the audit log ended: the last entry's time (microseconds, PostgreSQL's precision) and id. The
 * next page holds the entries strictly older in the order (time, id) descending, so a walk sees each entry once
 * even while new entries arrive. On the wire it is opaque: base64url of {@code v1:<epoch micros>:<id>}.
 */
record AuditCursor(Instant time, String id) {

    static final int MAX_LENGTH = 1024;
    private static final String VERSION = "v1:";
    private static final int MAX_ID_LENGTH = 128;
    // years 1 to 9999: a cursor outside them was not issued here, and PostgreSQL would refuse some of them
    private static final long MIN_MICROS = micros(Instant.parse("0001-01-01T00:00:00Z"));
    private static final long MAX_MICROS = micros(Instant.parse("9999-12-31T23:59:59Z"));

    AuditCursor {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(id, "id");
    }

    String encode() {
        String plain = VERSION + micros(time) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or empty when the text is not one this API issued. */
    static Optional<AuditCursor> decode(String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!plain.startsWith(VERSION)) {
            return Optional.empty();
        }
        int colon = plain.indexOf(':', VERSION.length());
        if (colon < 0 || colon == plain.length() - 1) {
            return Optional.empty();
        }
        String id = plain.substring(colon + 1);
        long micros;
        try {
            micros = Long.parseLong(plain.substring(VERSION.length(), colon));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (micros < MIN_MICROS || micros > MAX_MICROS || id.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new AuditCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id));
    }

    // ChronoUnit.MICROS.between overflows on its way through nanoseconds for times far from 1970
    private static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }
}
