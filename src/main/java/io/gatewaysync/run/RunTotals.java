package io.gatewaysync.run;

import java.util.concurrent.atomic.AtomicLong;

/** Counters summed over every run since the engine started (JMX "totals since start"). */
public final class RunTotals {
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong failedRuns = new AtomicLong();
    private final AtomicLong blocked = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    void add(RunResult r) {
        if (r.dryRun()) {
            return;
        }
        runs.incrementAndGet();
        created.addAndGet(r.created());
        updated.addAndGet(r.updated());
        deleted.addAndGet(r.deleted());
        unchanged.addAndGet(r.unchanged());
        conflicts.addAndGet(r.conflicts());
        pushed.addAndGet(r.pushed());
        failed.addAndGet(r.failed());
        blocked.addAndGet(r.blocked());
        if (!r.clean()) {
            failedRuns.incrementAndGet();
        }
    }

    /** A run that did not start (paused, lease held elsewhere): counted, not a run. */
    void skip() {
        skipped.incrementAndGet();
    }

    public long runs() { return runs.get(); }
    public long created() { return created.get(); }
    public long updated() { return updated.get(); }
    public long deleted() { return deleted.get(); }
    public long unchanged() { return unchanged.get(); }
    public long conflicts() { return conflicts.get(); }
    public long pushed() { return pushed.get(); }
    public long failed() { return failed.get(); }
    public long failedRuns() { return failedRuns.get(); }
    /** Blocked records left out, summed over runs (a record blocked for ten runs counts ten times). */
    public long blocked() { return blocked.get(); }
    public long skipped() { return skipped.get(); }
}
