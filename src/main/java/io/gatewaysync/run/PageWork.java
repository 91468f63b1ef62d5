package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayWrites;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.Outcome;
import io.gatewaysync.sync.RunSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of work: its candidates and everything staged to be written for them. The staged writes
 * are committed in one transaction at the end of the page ({@link PageCommitter}). Staging is
 * synchronized: HTTP deliveries of one page run concurrently ({@link Deliveries}).
 */
public final class PageWork {

    private final SyncRun run;
    private final PageKind kind;
    private final List<Candidate> candidates;
    private final GatewayWrites gatewayWrites = new GatewayWrites();
    final List<SyncRecord> inserts = new ArrayList<>();
    final List<SyncRecord> updates = new ArrayList<>();
    final List<Long> touches = new ArrayList<>();
    final List<Long> deletes = new ArrayList<>();

    /** The run's counters when the page began, so that a rolled-back page can take its counts back. */
    private final long[] countedBefore;
    /**
     * The run's counters when the page's deliveries were done. A page commits in the background while
     * the next one is counted (pipelining): a rollback must take back only what this page counted.
     */
    private volatile long[] countedAfter;

    public PageWork(SyncRun run, PageKind kind, List<Candidate> candidates) {
        this.run = run;
        this.kind = kind;
        this.candidates = candidates;
        this.countedBefore = counts(run.summary());
    }

    public SyncRun run() {
        return run;
    }

    public PageKind kind() {
        return kind;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public GatewayWrites gatewayWrites() {
        return gatewayWrites;
    }

    /** Stores the record as it now is: insert when new, optimistic update otherwise. */
    synchronized void save(SyncRecord record) {
        if (record.isNew()) {
            inserts.add(record);
        } else {
            updates.add(record);
        }
    }

    /** Unchanged and listed: nothing is written; the run remembers the record as seen once the page commits. */
    synchronized void touch(SyncRecord record) {
        touches.add(record.id());
    }

    synchronized void forget(SyncRecord record) {
        if (record != null && !record.isNew()) {
            deletes.add(record.id());
        }
    }

    /**
     * The page's commit was rolled back: what it created, updated, deleted or pushed did not happen as
     * far as the records know, so those objects count as failed instead (unchanged ones stay unchanged).
     */
    /** Staging is over: what the page counted is final. */
    void stagingDone() {
        countedAfter = counts(run.summary());
    }

    void rolledBack() {
        RunSummary summary = run.summary();
        long[] now = countedAfter != null ? countedAfter : counts(summary);
        long undone = 0;
        for (Outcome o : WRITES) {
            long delta = now[o.ordinal()] - countedBefore[o.ordinal()];
            summary.count(o, -delta);
            undone += delta;
        }
        summary.count(Outcome.FAILED, undone);
    }

    private static final Outcome[] WRITES = {Outcome.CREATED, Outcome.UPDATED, Outcome.DELETED, Outcome.PUSHED};

    private static long[] counts(RunSummary summary) {
        long[] counts = new long[Outcome.values().length];
        counts[Outcome.CREATED.ordinal()] = summary.created();
        counts[Outcome.UPDATED.ordinal()] = summary.updated();
        counts[Outcome.DELETED.ordinal()] = summary.deleted();
        counts[Outcome.PUSHED.ordinal()] = summary.pushed();
        return counts;
    }

    /** Record writes staged; touches are not writes (see {@link SeenRecords}). */
    synchronized int stagedRecords() {
        return inserts.size() + updates.size() + deletes.size();
    }
}
