package io.gatewaysync.run;

import org.roaringbitmap.longlong.Roaring64Bitmap;

import java.util.Collection;

/**
 * The synchronization records a run found unchanged on the listing, by record id. Remembering them
 * here instead of writing a "seen" mark on every record is what lets a run in which nothing changed
 * write nothing per object; the gone-from-source sweep reads it. Record ids come from an identity
 * column, so they are dense and the compressed bitmap stays small: about 0.2 MB for a million records.
 * Pages commit on one thread and the sweeps read after the listing, but the lock keeps that free of
 * assumptions.
 */
final class SeenRecords {

    private final Roaring64Bitmap ids = new Roaring64Bitmap();

    synchronized void addAll(Collection<Long> recordIds) {
        for (Long id : recordIds) {
            ids.addLong(id);
        }
    }

    synchronized boolean contains(long recordId) {
        return ids.contains(recordId);
    }
}
