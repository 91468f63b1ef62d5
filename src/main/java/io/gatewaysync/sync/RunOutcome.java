package io.gatewaysync.sync;

import java.util.Locale;

/**
 * What a finished run's outcome is called, the same word in the summary line's status, the API, JMX,
 * metrics and the console (DESIGN §4): the {@link RunStatus} of the run, with OK split in two, since a
 * run whose listing completed but some of whose objects failed is not the same news as a clean run.
 * {@link #words} says it in a sentence fragment ("OK with 3 failed objects", "SKIPPED (paused)").
 */
public enum RunOutcome {
    /** Listing complete, nothing failed. */
    OK,
    /** Listing complete, but objects tried in this run failed (exit code 1). */
    OK_WITH_FAILED_OBJECTS,
    /** The listing broke off: the pages read were synced, nothing was deleted. */
    PARTIAL,
    /** The run itself could not go on. */
    FAILED,
    /** Not run: paused, or another engine held the source's lease. */
    SKIPPED;

    /** The outcome of a run that ended {@code status} with {@code failed} failed objects. */
    public static RunOutcome of(RunStatus status, long failed) {
        return switch (status) {
            case OK -> failed > 0 ? OK_WITH_FAILED_OBJECTS : OK;
            case PARTIAL -> PARTIAL;
            case FAILED -> FAILED;
            case SKIPPED -> SKIPPED;
            case RUNNING -> throw new IllegalArgumentException("a running run has no outcome yet");
        };
    }

    /** The label metrics and the API use: {@code OK}, {@code OK_WITH_FAILED_OBJECTS}, … */
    public String label() {
        return name();
    }

    /**
     * The outcome in words: "OK", "OK with 1 failed object", "PARTIAL with 2 failed objects", "FAILED",
     * "SKIPPED (paused)", "SKIPPED (lease held)". {@code skipReason}: why a skipped run did not start.
     */
    public static String words(RunStatus status, long failed, String skipReason) {
        if (status == RunStatus.SKIPPED) {
            return "SKIPPED (" + skipWhy(skipReason) + ")";
        }
        String base = status.name();
        if (failed > 0 && status != RunStatus.FAILED) {
            return base + " with " + failed + " failed object" + (failed == 1 ? "" : "s");
        }
        return base;
    }

    /** "paused" or "lease held": the short reason of a skipped run. */
    static String skipWhy(String reason) {
        if (reason == null) {
            return "skipped";
        }
        String r = reason.toLowerCase(Locale.ROOT);
        return r.startsWith("paused") ? "paused" : r.contains("lease") || r.contains("another engine") ? "lease held" : reason;
    }
}
