package io.gatewaysync.run;

import io.gatewaysync.record.QuietDigestStore;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A run's use of its source's quiet digest (issue 30): the source's quiet records as the previous run
 * left them, so that this run knows its unchanged objects without reading every record and gateway object
 * row ({@link KnownRecords}; H2 reads ~7 us a row: 3-4 s of a 500,000-object run that changed nothing).
 *
 * <p>Why it can be trusted: the digest is taken (and cleared) as the run begins, and stored again as it
 * ends, with the change stamp it began at. Every write to the source's records or to the gateway objects
 * they point at that is not this source's own run raises that stamp in the writer's transaction
 * ({@link io.gatewaysync.record.ChangeStamps}); a digest holds only while the stamps are equal. The run
 * keeps its {@link KnownRecords} true to everything it commits itself ({@link #committed}): an entry is
 * set for a record it leaves quiet, dropped for one it leaves otherwise or deletes. A run that dies leaves
 * no digest (it was cleared); one whose source was written by anyone else meanwhile leaves one that does
 * not hold; both make the next run read the records, as every run did before.
 */
final class QuietDigest {

    private static final Logger LOG = LoggerFactory.getLogger(QuietDigest.class);

    private final QuietDigestStore store;
    private final String source;
    private final String schema;
    private final QuietDigestStore.Taken taken;
    /** A page's new records came without their ids (e.g. one without a source id): the digest would miss them. */
    private volatile boolean idsUnknown;
    /** The known records were read from the stored digest (its parts are still there, only cleared). */
    private volatile boolean fromDigest;

    /** The digest a beginning run took ({@link QuietDigestStore#take}). */
    QuietDigest(QuietDigestStore store, String source, String schema, QuietDigestStore.Taken taken) {
        this.store = store;
        this.source = source;
        this.schema = schema;
        this.taken = taken;
    }

    /**
     * The source's quiet records: from the digest when it holds, else read from the records (the way every
     * run did before). {@code remap}: none are trusted (every object is delivered again); the run still
     * collects what it commits, for the next run.
     */
    KnownRecords known(SyncRecordStore records, long budget, boolean remap) {
        if (remap) {
            return new KnownRecords(budget);
        }
        if (taken.holds()) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.read(source), 1 << 16))) {
                KnownRecords known = KnownRecords.readFrom(in, budget);
                fromDigest = true;
                LOG.debug("source '{}': {} quiet records from the digest", source, known.size());
                return known;
            } catch (IOException | RuntimeException e) {
                LOG.warn("source '{}': the quiet digest could not be read ({}); reading the records instead", source,
                        e.getMessage());
            }
        }
        return KnownRecords.load(records, source, schema, budget);
    }

    /** Committed pages not yet taken into the known records (see {@link #committed}). */
    private final java.util.Queue<PageWork> committed = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * A page committed. Noted here, on the commit thread (the one an initial load waits for), and taken into
     * the known records by {@link #catchUp} on the run's own thread before it decides the next page (a page
     * that lists an object of a committing page waits for that commit first) and before the digest is stored.
     */
    void committed(PageWork work) {
        committed.add(work);
    }

    /**
     * Takes every page committed so far into the known records; none while they are not read yet (then they
     * wait: read from the digest taken at the run's start, they do not show those commits).
     */
    void catchUp(KnownRecords known) {
        if (known == null) {
            return;
        }
        for (PageWork work; (work = committed.poll()) != null; ) {
            apply(work, known);
        }
    }

    /**
     * A committed page's writes, as the database now holds them, become the run's knowledge. A record is
     * quiet (known unchanged while its source hash stays) when it is established, not blocked, without an
     * open intent, and its gateway object was written in the same commit with the gateway hash it holds.
     */
    private void apply(PageWork work, KnownRecords known) {
        long[] insertedIds = work.insertedIds;
        Map<String, String> written = work.gatewayWrites().writtenHashes();
        for (SyncRecord r : work.updates) {
            settle(known, r.id(), r, written);
        }
        List<SyncRecord> inserts = work.inserts;
        if (!inserts.isEmpty() && insertedIds == null) {
            idsUnknown = true;
        }
        for (int k = 0; k < inserts.size() && insertedIds != null; k++) {
            settle(known, insertedIds[k], inserts.get(k), written);
        }
        for (QuietTouch t : work.quietTouches) {
            known.put(t.recordId(), t.sourceId(), t.sourceHash());
        }
        work.deletes.forEach(known::deleted);
    }

    private static void settle(KnownRecords known, long id, SyncRecord r, Map<String, String> written) {
        if (r.sourceId() == null) {
            return;
        }
        if (r.quietWith(written.get(r.gatewayId()))) {
            known.put(id, r.sourceId(), r.sourceHash());
        } else {
            known.forget(r.sourceId());
        }
    }

    /** A listed object found unchanged through the look-up, whose record is quiet. */
    record QuietTouch(long recordId, String sourceId, String sourceHash) {
    }

    /**
     * The run ended: its knowledge is stored as the digest, stamped with the stamp the run began at, unless
     * it cannot be whole (new records without ids) or the run did not end cleanly (then none is stored, and
     * the next run reads the records).
     */
    void store(SyncRun run, KnownRecords known) {
        catchUp(known);
        if (known == null || idsUnknown || run.failure() != null || run.leaseLost) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            if (fromDigest && known.complete() && !known.changed()) {
                // Read whole and nothing changed (a record written that was not in it would have been set
                // or deleted here): the stored parts say it all.
                store.restore(source, taken.stamp());
                LOG.debug("source '{}': quiet digest unchanged, kept", source);
                return;
            }
            store.store(source, schema, taken.stamp(), out -> {
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
                int entries = known.writeTo(data);
                data.flush();
                return entries;
            });
            LOG.debug("source '{}': quiet digest stored ({} records) in {} ms", source, known.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("source '{}': the quiet digest could not be stored ({}); the next run reads the records", source,
                    e.getMessage());
        }
    }
}
