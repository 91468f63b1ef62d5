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
}
