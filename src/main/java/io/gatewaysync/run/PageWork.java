package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayWrites;
import io.gatewaysync.record.SyncRecord;

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

    synchronized void touch(SyncRecord record) {
        touches.add(record.id());
    }

    synchronized void forget(SyncRecord record) {
        if (record != null && !record.isNew()) {
            deletes.add(record.id());
        }
    }

    synchronized int stagedRecords() {
        return inserts.size() + updates.size() + touches.size() + deletes.size();
    }
}
