package io.gatewaysync.run;

import io.gatewaysync.sync.RunStatus;

import java.time.Instant;
import java.util.List;

/** The outcome of one finished run: what the summary line, JMX and metrics report. */
public record RunResult(String source, long number, RunStatus status, Instant started, Instant ended,
                        long durationMs, long created, long updated, long deleted, long unchanged,
                        long conflicts, long pushed, long failed, long seen, long pages, String error,
                        boolean dryRun, List<String> plannedActions, String mode) {

    /** How a run listed: {@code full} (complete) or {@code incremental} (changed since the watermark). */
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";

    /** A complete listing's result (and a skipped run's, which listed nothing). */
    public RunResult(String source, long number, RunStatus status, Instant started, Instant ended,
                     long durationMs, long created, long updated, long deleted, long unchanged,
                     long conflicts, long pushed, long failed, long seen, long pages, String error,
                     boolean dryRun, List<String> plannedActions) {
        this(source, number, status, started, ended, durationMs, created, updated, deleted, unchanged, conflicts,
                pushed, failed, seen, pages, error, dryRun, plannedActions, FULL);
    }

    /** The summary line; {@code mode} comes last, so that parsers of the earlier keys keep working. */
    public String line() {
        return "source=" + source + " status=" + status + " created=" + created + " updated=" + updated
                + " deleted=" + deleted + " unchanged=" + unchanged + " conflicts=" + conflicts + " pushed=" + pushed
                + " failed=" + failed + " duration_ms=" + durationMs + " mode=" + mode;
    }

    /** Completed with nothing failed: exit code 0 territory. */
    public boolean clean() {
        return status == RunStatus.OK && failed == 0;
    }
}
