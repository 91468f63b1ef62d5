package io.gatewaysync.run;

import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.source.SourceClient;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A configured source at run time: its definition, its two ends, and what operators see of it. */
public final class SyncSource {

    private final SourceDefinition definition;
    private final SourceClient client;
    private final Gateway gateway;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicReference<SyncRun> current = new AtomicReference<>();
    private final AtomicReference<RunResult> last = new AtomicReference<>();
    private final AtomicReference<RunResult> lastSkipped = new AtomicReference<>();
    private final AtomicLong skippedSinceLastRun = new AtomicLong();
    private volatile Instant pausedSince;
    private final RunTotals totals = new RunTotals();
    private volatile SourceOptions options = SourceOptions.NONE;

    public SyncSource(SourceDefinition definition, SourceClient client, Gateway gateway) {
        this.definition = definition;
        this.client = client;
        this.gateway = gateway;
    }

    public String name() {
        return definition.name();
    }

    public SourceDefinition definition() {
        return definition;
    }

    public SourceClient client() {
        return client;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Mappings and incremental listings ({@link SourceOptions}). */
    public SourceOptions options() {
        return options;
    }

    SyncSource options(SourceOptions value) {
        this.options = value;
        return this;
    }

    public boolean paused() {
        return paused.get();
    }

    public void paused(boolean value) {
        if (paused.getAndSet(value) != value) {
            pausedSince = value ? Instant.now() : null;
        }
    }

    /** When an operator paused the source, or null while it is not paused. */
    public Instant pausedSince() {
        return pausedSince;
    }

    public SyncRun currentRun() {
        return current.get();
    }

    void started(SyncRun run) {
        current.set(run);
    }

    void finished(SyncRun run, RunResult result) {
        current.compareAndSet(run, null);
        last.set(result);
        totals.add(result);
        skippedSinceLastRun.set(0);
    }

    void skipped(RunResult result) {
        lastSkipped.set(result);
        skippedSinceLastRun.incrementAndGet();
        totals.skip();
    }

    /** Ticks skipped (paused, lease held elsewhere) since the last run that ran: folded into one number. */
    public long skippedSinceLastRun() {
        return skippedSinceLastRun.get();
    }

    /** The last run that did not start (paused, or the lease held elsewhere), with the reason. */
    public RunResult lastSkipped() {
        return lastSkipped.get();
    }

    public RunResult lastResult() {
        return last.get();
    }

    public RunTotals totals() {
        return totals;
    }
}
