package io.gatewaysync.run;

import io.gatewaysync.sync.RunOutcome;
import io.gatewaysync.sync.RunStatus;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one finished run: what the summary line, JMX and metrics report. {@code failed} counts
 * objects tried in this run that failed; {@code blocked} the objects left out because their record is
 * blocked after repeated failures (not tried, so not failed again).
 */
public record RunResult(String source, long number, RunStatus status, Instant started, Instant ended,
                        long durationMs, long created, long updated, long deleted, long unchanged,
                        long conflicts, long pushed, long failed, long seen, long pages, String error,
                        boolean dryRun, List<String> plannedActions, String mode, RunTrigger trigger, long blocked) {

    /** How a run listed: {@code full} (complete) or {@code incremental} (changed since the watermark). */
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";

    /** A result without blocked records. */
    public RunResult(String source, long number, RunStatus status, Instant started, Instant ended,
                     long durationMs, long created, long updated, long deleted, long unchanged,
                     long conflicts, long pushed, long failed, long seen, long pages, String error,
                     boolean dryRun, List<String> plannedActions, String mode, RunTrigger trigger) {
        this(source, number, status, started, ended, durationMs, created, updated, deleted, unchanged, conflicts,
                pushed, failed, seen, pages, error, dryRun, plannedActions, mode, trigger, 0);
    }

    /** A complete listing's result (and a skipped run's, which listed nothing). */
    public RunResult(String source, long number, RunStatus status, Instant started, Instant ended,
                     long durationMs, long created, long updated, long deleted, long unchanged,
                     long conflicts, long pushed, long failed, long seen, long pages, String error,
                     boolean dryRun, List<String> plannedActions) {
        this(source, number, status, started, ended, durationMs, created, updated, deleted, unchanged, conflicts,
                pushed, failed, seen, pages, error, dryRun, plannedActions, FULL, RunTrigger.SCHEDULE);
    }

    /** This result as started by {@code why}. */
    public RunResult triggeredBy(RunTrigger why) {
        return new RunResult(source, number, status, started, ended, durationMs, created, updated, deleted, unchanged,
                conflicts, pushed, failed, seen, pages, error, dryRun, plannedActions, mode, why, blocked);
    }

    /**
     * This result and a later one of the same source as one (a batch of one-object syncs: one history
     * row): counters add up, the worse status and the first error stand, the span covers both.
     */
    public RunResult plus(RunResult later) {
        RunStatus worse = later.status.ordinal() > status.ordinal() ? later.status : status;
        Instant end = later.ended.isAfter(ended) ? later.ended : ended;
        return new RunResult(source, number, worse, started, end, java.time.Duration.between(started, end).toMillis(),
                created + later.created, updated + later.updated, deleted + later.deleted, unchanged + later.unchanged,
                conflicts + later.conflicts, pushed + later.pushed, failed + later.failed, seen + later.seen,
                pages + later.pages, error != null ? error : later.error, dryRun, plannedActions, mode, trigger,
                blocked + later.blocked);
    }

    /**
     * The summary line: the contract's keys first (DESIGN §4), then {@code blocked} (records left out, not
     * tried), and {@code mode} last, as DESIGN says the line ends; parsers of the earlier keys keep working.
     */
    public String line() {
        return "source=" + source + " status=" + status + " created=" + created + " updated=" + updated
                + " deleted=" + deleted + " unchanged=" + unchanged + " conflicts=" + conflicts + " pushed=" + pushed
                + " failed=" + failed + " duration_ms=" + durationMs + " blocked=" + blocked + " mode=" + mode;
    }

    /** OK, OK_WITH_FAILED_OBJECTS, PARTIAL, FAILED or SKIPPED: the label of API, JMX and metrics. */
    public RunOutcome outcome() {
        return RunOutcome.of(status, failed);
    }

    /** The outcome in words: "OK", "OK with 3 failed objects", "SKIPPED (paused)", … */
    public String outcomeWords() {
        return RunOutcome.words(status, failed, error);
    }

    /** A one-object sync (a retry, JMX syncObject, a batch of notifications): not a run of the listing. */
    public boolean singleObject() {
        return trigger == RunTrigger.OBJECT || trigger == RunTrigger.NOTIFICATION;
    }

    /** Completed with nothing failed: exit code 0 territory. */
    public boolean clean() {
        return status == RunStatus.OK && failed == 0;
    }
}
