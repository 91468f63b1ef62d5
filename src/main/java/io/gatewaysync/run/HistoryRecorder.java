package io.gatewaysync.run;

import io.gatewaysync.record.RunHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes one run history row per finished run (listener of {@link RunRegistry}; one-object syncs and
 * notification batches are handed in by the operations that run them), and prunes rows older than
 * {@code sync.history.days}: at start-up and then at most once an hour, on the back of a run ending.
 * Dry runs leave no row. Skipped ticks fold into one row with a count ({@link RunHistory#recordSkip}).
 * One-object syncs and skips take no run number: their rows carry 0, so that the runs' numbers are the
 * runs' alone. A row that cannot be written is logged, never fails the run it describes.
 */
public class HistoryRecorder implements Consumer<RunResult> {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final RunHistory history;
    private final SourceCatalog catalog;
    private final String engine;
    private final Duration keep;
    private final Clock clock;
    private volatile Instant nextPrune = Instant.MIN;

    public HistoryRecorder(RunHistory history, SourceCatalog catalog, String engine, Duration keep, Clock clock) {
        this.history = history;
        this.catalog = catalog;
        this.engine = engine;
        this.keep = keep;
        this.clock = clock;
    }

    @Override
    public void accept(RunResult result) {
        if (result.dryRun()) {
            return;
        }
        try {
            if (result.status() == io.gatewaysync.sync.RunStatus.SKIPPED) {
                history.recordSkip(row(result));
            } else {
                history.record(row(result));
            }
        } catch (RuntimeException e) {
            LOG.warn("source '{}': run {} left no history row: {}", result.source(), result.number(), e.getMessage());
        }
        pruneWhenDue();
    }

    /** Deletes the rows older than the kept days now; returns how many. */
    public int pruneNow() {
        Instant now = clock.instant();
        nextPrune = now.plus(PRUNE_EVERY);
        int pruned = history.prune(now.minus(keep));
        if (pruned > 0) {
            LOG.info("run history: {} rows older than {} days pruned", pruned, keep.toDays());
        }
        return pruned;
    }

    private void pruneWhenDue() {
        if (clock.instant().isBefore(nextPrune)) {
            return;
        }
        try {
            pruneNow();
        } catch (RuntimeException e) {
            LOG.warn("run history: pruning failed (tried again in an hour): {}", e.getMessage());
        }
    }

    RunHistory.Row row(RunResult r) {
        boolean numbered = !r.singleObject() && r.status() != io.gatewaysync.sync.RunStatus.SKIPPED;
        return new RunHistory.Row(0, r.source(), engine, numbered ? r.number() : 0, r.trigger().label(), r.mode(),
                r.status().name(), r.started(), r.ended(), r.durationMs(), r.created(), r.updated(), r.deleted(),
                r.unchanged(), r.conflicts(), r.pushed(), r.failed(), r.seen(), r.pages(), scrub(r.source(), r.error()),
                r.blocked(), 1);
    }

    /** Messages carry what servers answered: a source's secrets (a token echoed back) never reach the table. */
    private String scrub(String source, String message) {
        if (message == null || !catalog.contains(source)) {
            return message;
        }
        return catalog.get(source).client().authenticator().scrub(message);
    }
}
