package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.sync.Outcome;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The work that may only follow a COMPLETE listing, a batch at a time (keyset paging, constant
 * memory): records whose object was not listed ("gone from source"), gateway objects nobody
 * recorded ("created in the gateway", two-way), and the source deletes deferred during the listing.
 */
public class Sweeps {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeps.class);

    /** Seen marks are two longs from an index: reading ten batches' worth at a time keeps the walk to few queries. */
    private static final int MARKS_PER_BATCH = 10;

    private final SyncRecordStore records;
    private final int batchSize;

    private final CallPool checks;

    /** @param concurrency how many gone-confirmations (GETs of item URLs) of one batch may be under way at once */
    public Sweeps(SyncRecordStore records, int batchSize, int concurrency) {
        this.records = records;
        this.batchSize = batchSize;
        this.checks = new CallPool("gateway-sync-confirm", concurrency);
    }

    /** The next batch of sweep candidates of the given kind, as a page for {@code direct:gateway-sync-page}. */
    public PageWork nextBatch(@ExchangeProperty(SyncSteps.RUN) SyncRun run, String kind) {
        PageKind k = PageKind.valueOf(kind);
        requireComplete(run);
        return switch (k) {
            case GONE_FROM_SOURCE -> goneFromSource(run);
            case GATEWAY_ONLY -> gatewayOnly(run);
            case DEFERRED -> deferred(run);
            case LISTING -> throw new IllegalArgumentException("the listing is not a sweep");
        };
    }

    /**
     * Walks the source's seen marks (id and last written run, from an index) in id order and picks the
     * records that this run neither wrote nor found unchanged: those were not on the listing. Only they
     * are read in full, so a run in which nothing is gone reads no record here. Only the records that
     * existed when the run began ({@code sweepBound}): the others were made since, and none of them can
     * have gone missing from a listing that began before they were made. The confirmations of the records
     * found in one read of marks start at once and go on while the walk reads the next ones: at 500,000
     * records the walk takes about half a second, which the item GETs no longer wait for.
     */
    private PageWork goneFromSource(SyncRun run) {
        if (!run.full) {
            return retryFailing(run);
        }
        String source = run.source().name();
        CallPool.Batch<Candidate> checking = checks.batch();
        int found = 0;
        while (found < batchSize && !run.exhausted.contains(PageKind.GONE_FROM_SOURCE)) {
            int limit = MARKS_PER_BATCH * batchSize;
            SyncRecordStore.SeenMarks marks = records.seenMarks(source, run.unseenCursor, run.sweepBound, limit);
            List<Long> missing = new ArrayList<>();
            int i = 0;
            for (; i < marks.size() && found < batchSize; i++) {
                long id = marks.ids()[i];
                run.unseenCursor = id;
                if (marks.lastSeenRuns()[i] < run.number() && !run.seen().contains(id)) {
                    missing.add(id);
                    found++;
                }
            }
            if (i == marks.size() && marks.size() < limit) {
                run.exhausted.add(PageKind.GONE_FROM_SOURCE);
            }
            for (SyncRecord record : records.unseen(missing)) {
                if (!(run.dryRun() && record.sourceId() != null && run.dryRunSeen.contains(record.sourceId()))) {
                    confirm(checking, run, record, false);
                }
            }
        }
        return new PageWork(run, PageKind.GONE_FROM_SOURCE, confirmed(checking));
    }

    /**
     * Incremental runs, instead of the gone-from-source sweep: the records whose last attempt failed and
     * that the listing did not bring up again are read from their item URLs (as a gone-confirmation is)
     * and decided again, so that a failure is retried on the next run as after a complete listing. An item
     * URL that answers 404/410 proves the object gone, as always.
     */
    private PageWork retryFailing(SyncRun run) {
        List<SyncRecord> batch = records.failingSince(run.source().name(), run.number(), run.unseenCursor, batchSize);
        if (batch.size() < batchSize) {
            run.exhausted.add(PageKind.GONE_FROM_SOURCE);
        }
        List<SyncRecord> unseen = new ArrayList<>(batch.size());
        for (SyncRecord record : batch) {
            run.unseenCursor = record.id();
            if (!run.seen().contains(record.id())) {
                unseen.add(record);
            }
        }
        // Always read from the item URL here, whatever confirmGone says: not being listed proves nothing.
        return new PageWork(run, PageKind.GONE_FROM_SOURCE, confirmAll(run, unseen, true));
    }

    /**
     * Confirms a batch, at most {@code concurrency} item GETs at once: one after the other, a source that
     * takes 50 ms an answer would hold a run up for a minute per thousand deleted objects.
     *
     * @param always read every item URL, even with {@code confirmGone=false}
     */
    private List<Candidate> confirmAll(SyncRun run, List<SyncRecord> batch, boolean always) {
        CallPool.Batch<Candidate> checking = checks.batch();
        batch.forEach(record -> confirm(checking, run, record, always));
        return confirmed(checking);
    }

    /** Starts the record's confirmation, or decides it at once when no item URL is to be read. */
    private void confirm(CallPool.Batch<Candidate> checking, SyncRun run, SyncRecord record, boolean always) {
        if (!(always || run.source().definition().confirmGone()) || record.sourceId() == null) {
            checking.done(Candidate.fromRecord(record));
        } else {
            checking.submit(() -> confirmGone(run, record, always));
        }
    }

    /** The candidates of the confirmations started; a failed check (null: nothing decided) is left out. */
    private static List<Candidate> confirmed(CallPool.Batch<Candidate> checking) {
        List<Candidate> confirmed = new ArrayList<>();
        // confirmGone turns every failure of a check into "not decided" (null): none of them throws.
        checking.await("confirming deletions").forEach(c -> Optional.ofNullable(c).ifPresent(confirmed::add));
        return confirmed;
    }

    /**
     * Listings of APIs that change while they are paged skip objects. Before an object counts as
     * deleted at the source, its item URL must answer 404 or 410; if it answers with the object, it
     * is synced as listed. If the check itself fails, nothing is decided for it in this run.
     */
    private Candidate confirmGone(SyncRun run, SyncRecord record, boolean always) {
        SourceDefinition definition = run.source().definition();
        if (!(always || definition.confirmGone()) || record.sourceId() == null) {
            return Candidate.fromRecord(record);
        }
        SourceClient client = run.source().client();
        try {
            Optional<SourceClient.Representation> found = client.read(record.sourceId(), record.sourceUrl());
            if (found.isEmpty()) {
                return Candidate.fromRecord(record);
            }
            if (!always) {
                LOG.info("source '{}': object {} was missing from the listing but its item URL still serves it",
                        definition.name(), record.sourceId());
            }
            Candidate c = Candidate.fromSource(client.object(record.sourceId(), found.get()));
            c.record(record);
            return c;
        } catch (SourceException e) {
            run.summary().count(Outcome.FAILED);
            LOG.warn("source '{}': could not confirm that object {} is gone, not deleting it: {}", definition.name(),
                    record.sourceId(), e.getMessage());
            return null;
        }
    }

    private PageWork gatewayOnly(SyncRun run) {
        if (run.unrecorded != null && !run.unrecorded.hasNext() && !run.full) {
            return gatewayChangedUnlisted(run);
        }
        if (run.unrecorded == null) {
            String source = run.source().name();
            String schema = run.source().gateway().schema();
            run.unrecorded = run.source().gateway().unrecorded(batchSize,
                    ids -> new HashSet<>(records.findByGatewayIds(source, schema, ids).keySet()));
        }
        if (!run.unrecorded.hasNext()) {
            if (!run.full) {
                return gatewayChangedUnlisted(run);
            }
            run.exhausted.add(PageKind.GATEWAY_ONLY);
            return new PageWork(run, PageKind.GATEWAY_ONLY, List.of());
        }
        List<GatewayState> batch = run.unrecorded.next();
        if (!run.unrecorded.hasNext() && run.full) {
            run.exhausted.add(PageKind.GATEWAY_ONLY);
        }
        List<Candidate> candidates = new ArrayList<>(batch.size());
        batch.forEach(state -> candidates.add(Candidate.fromGateway(state)));
        return new PageWork(run, PageKind.GATEWAY_ONLY, candidates);
    }

    /**
     * Incremental runs, after the unrecorded objects: records whose gateway object changed (or was
     * deleted) although the listing did not list their source object. Not listed counts as unchanged at
     * the source, so the gateway's change goes to the source (PUT, or DELETE after the listing). Only
     * the embedded gateway can be asked this in one query; with a remote gateway such changes wait for
     * the next complete listing.
     */
    private PageWork gatewayChangedUnlisted(SyncRun run) {
        if (!(run.source().gateway() instanceof io.gatewaysync.gateway.EmbeddedGateway)) {
            run.exhausted.add(PageKind.GATEWAY_ONLY);
            return new PageWork(run, PageKind.GATEWAY_ONLY, List.of());
        }
        List<SyncRecord> batch = records.gatewayChangedSince(run.source().name(), run.source().gateway().schema(),
                run.number(), run.changedCursor, batchSize);
        if (batch.size() < batchSize) {
            run.exhausted.add(PageKind.GATEWAY_ONLY);
        }
        List<Candidate> candidates = new ArrayList<>(batch.size());
        for (SyncRecord record : batch) {
            run.changedCursor = record.id();
            if (!run.seen().contains(record.id())) { // listed (unchanged) in this run: already decided
                candidates.add(Candidate.assumedUnchanged(record));
            }
        }
        return new PageWork(run, PageKind.GATEWAY_ONLY, candidates);
    }

    /**
     * Source writes that wait for a complete listing: deletes deferred in this run, and create intents of
     * earlier runs that no listed object answered to (decided in {@link DecisionStep}).
     */
    private PageWork deferred(SyncRun run) {
        List<SyncRecord> batch = records.dueIntents(run.source().name(), Deliveries.PENDING_SOURCE_DELETE,
                run.number(), run.deferredCursor, batchSize);
        if (batch.size() < batchSize) {
            run.exhausted.add(PageKind.DEFERRED);
        }
        List<Candidate> candidates = new ArrayList<>(batch.size());
        for (SyncRecord record : batch) {
            run.deferredCursor = record.id();
            if (SyncRecordStore.CREATE_IN_SOURCE.equals(record.pendingAction()) && run.seen().contains(record.id())) {
                continue; // listed unchanged in this run: answered, though its seen mark was not written
            }
            Candidate c = Candidate.fromRecord(record);
            if (Deliveries.PENDING_SOURCE_DELETE.equals(record.pendingAction())) {
                c.decision(new io.gatewaysync.sync.Decision(io.gatewaysync.sync.Scenario.DELETED_IN_GATEWAY,
                        io.gatewaysync.sync.Action.DELETE_IN_SOURCE, false,
                        "deleted in the gateway; deferred until the listing completed"));
            }
            candidates.add(c);
        }
        return new PageWork(run, PageKind.DEFERRED, candidates);
    }

    private static void requireComplete(SyncRun run) {
        if (!run.listingComplete()) {
            // The route only sweeps after a complete listing; this guards the rule in code as well.
            throw new IllegalStateException("source '" + run.source().name() + "': sweep after an incomplete listing");
        }
    }
}
