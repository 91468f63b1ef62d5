package io.gatewaysync.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunProgressTest {

    private static RunProgress progress(long pages, long seen, long elapsedMs, Long total) {
        return new RunProgress("pets", 3, Instant.EPOCH, pages, seen, elapsedMs, total);
    }

    @Test
    void withoutATotalThereIsNoTimeLeft() {
        RunProgress p = progress(12, 12_000, 3_000, null);
        assertEquals(4_000.0, p.objectsPerSecond(), 0.001);
        assertNull(p.etaSeconds());
        assertEquals("pets: 12 pages, 12,000 objects, 4,000/s, 0:03", p.line());
    }

    @Test
    void withATotalTheTimeLeftIsAtTheRateSoFar() {
        RunProgress p = progress(12, 12_000, 3_000, 50_000L);
        assertEquals(10L, p.etaSeconds()); // 38,000 more at 4,000/s: 9.5 s, rounded up
        assertEquals("pets: 12 pages, 12,000 of 50,000 objects (24%), 4,000/s, 0:03, about 0:10 left", p.line());
    }

    @Test
    void nothingSeenYetHasNoRateAndNoTimeLeft() {
        RunProgress p = progress(0, 0, 0, 50_000L);
        assertEquals(0.0, p.objectsPerSecond(), 0.001);
        assertNull(p.etaSeconds());
        assertEquals("pets: 0 pages, 0 of 50,000 objects (0%), 0/s, 0:00", p.line());
    }

    @Test
    void moreSeenThanReportedIsDoneNotNegative() {
        RunProgress p = progress(1, 1_000, 1_000, 900L);
        assertEquals(0L, p.etaSeconds());
        assertEquals("pets: 1 page, 1,000 of 900 objects (100%), 1,000/s, 0:01, about 0:00 left", p.line());
    }

    @Test
    void longRunsShowHours() {
        assertEquals("1:01:05", RunProgress.clock(3_665));
        assertEquals("59:59", RunProgress.clock(3_599));
    }
}
