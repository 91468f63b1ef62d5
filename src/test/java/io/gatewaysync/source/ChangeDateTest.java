package io.gatewaysync.source;

import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChangeDateTest {

    private static final Instant T = Instant.parse("2024-03-01T10:15:30Z");

    @Test
    void isoForms() {
        assertEquals(T, ChangeDate.parse("2024-03-01T10:15:30Z"));
        assertEquals(T, ChangeDate.parse("2024-03-01T11:15:30+01:00"));
        assertEquals(T, ChangeDate.parse("2024-03-01T11:15:30+01:00[Europe/Amsterdam]"));
        assertEquals(T, ChangeDate.parse("2024-03-01T10:15:30"), "local date-time is UTC");
        assertEquals(T, ChangeDate.parse("2024-03-01 10:15:30"), "space instead of T");
        assertEquals(T.plusMillis(123), ChangeDate.parse("2024-03-01T10:15:30.123Z"));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), ChangeDate.parse("2024-03-01"));
    }

    @Test
    void epochMillis() {
        assertEquals(T, ChangeDate.parse(String.valueOf(T.toEpochMilli())));
        assertEquals(T, ChangeDate.parse(TestJson.parse(String.valueOf(T.toEpochMilli()))));
    }

    @Test
    void unparseableIsNull() {
        assertNull(ChangeDate.parse("yesterday"));
        assertNull(ChangeDate.parse("2024-13-45T99:00:00Z"));
        assertNull(ChangeDate.parse(""));
        assertNull(ChangeDate.parse((String) null));
        assertNull(ChangeDate.parse(TestJson.parse("1.5")));
        assertNull(ChangeDate.parse(TestJson.parse("true")));
        assertNull(ChangeDate.parse(TestJson.parse("{\"a\":1}")));
        assertNull(ChangeDate.parse(TestJson.parse("null")));
        assertNull(ChangeDate.parse("9".repeat(40)));
    }

    /** The positional fast path gives exactly what the ISO formatter gives, or leaves the text to it. */
    @Test
    void fastPathAgreesWithTheFormatter() {
        String[] texts = {"2024-03-01T10:15:30Z", "2024-03-01T10:15:30.1Z", "2024-03-01T10:15:30.123456789Z",
                "2024-03-01T10:15:30.123+01:00", "2024-03-01T10:15:30-05:30", "2024-02-29T23:59:59Z",
                "2023-02-29T10:15:30Z", "2024-04-31T10:15:30Z", "2024-03-01T24:00:00Z", "2024-03-01T10:60:30Z",
                "2024-03-01T10:15:30.Z", "2024-03-01T10:15:30.1234567891Z", "2024-03-01T10:15:30+1:00",
                "2024-03-01T10:15:30+19:00", "2024-03-01T10:15:30z", "2024-03-01T10:15:30+01:00[Europe/Amsterdam]",
                "0000-01-01T00:00:00Z", "2024-03-01T10:15Z", "2024-03-01T10:15:30", "2024-03-01T10:15:30-00:00"};
        for (String t : texts) {
            Instant fast = ChangeDate.instant(t);
            Instant slow;
            try {
                var parsed = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(t,
                        java.time.ZonedDateTime::from, java.time.LocalDateTime::from);
                slow = parsed instanceof java.time.ZonedDateTime z ? z.toInstant()
                        : ((java.time.LocalDateTime) parsed).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                slow = null;
            }
            if (fast != null) {
                assertEquals(slow, fast, t);
            }
            assertEquals(slow, ChangeDate.parse(t), t);
        }
        assertEquals(T, ChangeDate.instant("2024-03-01T10:15:30Z"), "the common form takes the fast path");
    }
}
