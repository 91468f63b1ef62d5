package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayWrites;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.Outcome;
import io.gatewaysync.sync.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One page of work: its candidates and everything staged to be written for them. The staged writes
 * are committed in one transaction at the end of the page ({@link PageCommitter}). Staging is
 * synchronized: HTTP deliveries of one page run concurrently ({@link Deliveries}).
 */
public final class PageWork {

    private final SyncRun run;
    private final PageKind kind;
    private List<Candidate> candidates;
    private final GatewayWrites gatewayWrites = new GatewayWrites();
    final List<SyncRecord> inserts = new ArrayList<>();
    final List<SyncRecord> updates = new ArrayList<>();
    final List<Long> touches = new ArrayList<>();
    final List<Long> deletes = new ArrayList<>();
    /** Listed objects found unchanged through the look-up whose records are quiet (for the run's digest). */
    final List<QuietDigest.QuietTouch> quietTouches = new ArrayList<>();
    /** The ids of the inserted records, in order, once committed (null: the database did not say). */
    long[] insertedIds;

    /** What this page counted, by outcome: a rolled-back page takes back exactly its own counts. */
    private final AtomicLongArray counted = new AtomicLongArray(Outcome.values().length);

    public PageWork(SyncRun run, PageKind kind, List<Candidate> candidates) {
        this.run = run;
        this.kind = kind;
        this.candidates = candidates;
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

    /** Held for a group commit: the page's objects are no longer needed, only what it staged. */
    void releaseCandidates() {
        candidates = List.of();
    }

    /** Whether a delivery of this page wrote to the source (its record must follow it at once). */
    boolean wroteToSource() {
        return counted.get(Outcome.PUSHED.ordinal()) > 0;
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

    /**
     * Unchanged and listed, decided from the database: touched, and remembered as quiet for the run's digest
     * when its record is (known-unchanged objects are in it already).
     */
    synchronized void touchUnchanged(Candidate c) {
        SyncRecord r = c.record();
        touches.add(r.id());
        if (!c.knownUnchanged() && r.quietWith(c.gateway() == null ? null : c.gateway().hash())) {
            quietTouches.add(new QuietDigest.QuietTouch(r.id(), r.sourceId(), r.sourceHash()));
        }
    }

    synchronized void forget(SyncRecord record) {
        if (record != null && !record.isNew()) {
            deletes.add(record.id());
        }
    }

    /** Counts an object's outcome for the run, and for this page. */
    void counted(Outcome outcome) {
        run.summary().count(outcome);
        counted.incrementAndGet(outcome.ordinal());
    }

    /**
     * The page's commit was rolled back or never happened: what it created, updated, deleted or pushed did
     * not happen as far as the records know, so those objects count as failed instead (unchanged ones stay
     * unchanged). Pages commit in the background while the next is counted (pipelining), so this takes
     * back this page's own counts, not a difference of the run's totals.
     */
    void rolledBack() {
        RunSummary summary = run.summary();
        long undone = 0;
        for (Outcome o : WRITES) {
            long n = counted.getAndSet(o.ordinal(), 0);
            summary.count(o, -n);
            undone += n;
        }
        summary.count(Outcome.FAILED, undone);
    }

    private static final Outcome[] WRITES = {Outcome.CREATED, Outcome.UPDATED, Outcome.DELETED, Outcome.PUSHED};

    /** Record writes staged; touches are not writes (see {@link SeenRecords}). */
    synchronized int stagedRecords() {
        return inserts.size() + updates.size() + deletes.size();
    }
}
