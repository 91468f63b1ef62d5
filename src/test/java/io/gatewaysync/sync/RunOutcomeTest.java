package io.gatewaysync.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The outcome of a run, as a label and in words: the same in the API, JMX, metrics and the console. */
class RunOutcomeTest {

    @Test
    void aCompleteListingWithFailedObjectsIsOkAndSaysSo() {
        assertEquals(RunOutcome.OK, RunOutcome.of(RunStatus.OK, 0));
        assertEquals(RunOutcome.OK_WITH_FAILED_OBJECTS, RunOutcome.of(RunStatus.OK, 3));
        assertEquals("OK", RunOutcome.words(RunStatus.OK, 0, null));
        assertEquals("OK with 1 failed object", RunOutcome.words(RunStatus.OK, 1, null));
        assertEquals("OK with 3 failed objects", RunOutcome.words(RunStatus.OK, 3, null));
    }

    @Test
    void partialFailedAndSkippedAreTheirOwnWords() {
        assertEquals(RunOutcome.PARTIAL, RunOutcome.of(RunStatus.PARTIAL, 2));
        assertEquals("PARTIAL", RunOutcome.words(RunStatus.PARTIAL, 0, "HTTP 500"));
        assertEquals("PARTIAL with 2 failed objects", RunOutcome.words(RunStatus.PARTIAL, 2, "HTTP 500"));
        assertEquals(RunOutcome.FAILED, RunOutcome.of(RunStatus.FAILED, 1));
        assertEquals("FAILED", RunOutcome.words(RunStatus.FAILED, 1, "the database went away"));
        assertEquals(RunOutcome.SKIPPED, RunOutcome.of(RunStatus.SKIPPED, 0));
        assertEquals("SKIPPED (paused)", RunOutcome.words(RunStatus.SKIPPED, 0, "paused"));
        assertEquals("SKIPPED (lease held)", RunOutcome.words(RunStatus.SKIPPED, 0,
                "another engine is running it: the run lease is held by engine 'node-2' (pid 4711 on host h) since …"));
        assertThrows(IllegalArgumentException.class, () -> RunOutcome.of(RunStatus.RUNNING, 0));
    }
}
