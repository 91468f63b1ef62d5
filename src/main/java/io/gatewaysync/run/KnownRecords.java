package io.gatewaysync.run;

import io.gatewaysync.record.SyncRecordStore;
import org.roaringbitmap.longlong.Roaring64Bitmap;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The quiet records of one source, read once at the start of a run: per source id, the record's id and
 * the first {@value #HASH} bytes of its stored source hash, for every record that a listed object with that hash leaves
 * unchanged (established, both sides as synced, not blocked, no open intent). A listed object found here
 * with the same hash is decided unchanged without asking the database; everything else (a new object, a
 * changed one, a record that is not quiet, one that did not fit) goes through the page look-up as before.
 *
 * <p>Why: on a quiet page the look-up query was the page's only database work and ~40 % of a no-change
 * run's CPU (JFR). Reading the same rows once, in id order, costs a fraction of a thousand index look-ups
 * a page. Memory: ~44 bytes + the id's bytes per record, within a budget ({@code sync.known-records-mb});
 * a source that does not fit is held up to the budget, the rest is looked up per page. So memory stays
 * bounded whatever the size of the source (while the arrays grow, old and new together: up to 1.5x the budget).
 *
 * <p>The run also keeps it up to date with what it commits ({@link #put}, {@link #forget}, {@link #deleted}),
 * so that at its end it holds the source's quiet records as the database then has them: the
 * {@link QuietDigest} the next run reads instead of the records ({@link #writeTo}, {@link #readFrom}).
 *
 * <p>A snapshot: an object written by this run is {@link #forget forgotten} when its page decides it is
 * not unchanged, so that a source id listed twice (pages that shift) never meets a stale entry. A change
 * made to the embedded gateway during the run by someone else is seen by the next run, as a change made
 * between a page's look-up and its commit always was. Synchronized: a page's commit updates it (background thread) while the next page is decided.
 */
final class KnownRecords {

    /** Bytes per record besides the id's own: record id, hash, id offset, two hash-table slots (half full). */
    /**
     * Bytes of the SHA-256 kept per record: the first 128 bits. A changed object whose new hash shares them
     * with the old one by chance (2^-128) would be missed; that is far below any hardware fault rate, and
     * it halves the memory and the digest's bytes per record.
     */
    static final int HASH = 16;

    static final int BYTES_PER_RECORD = 8 + HASH + 4 + 2 * 4;

    private final long budget;
    private int size;
    private long[] recordIds = new long[1024];
    private byte[] hashes = new byte[1024 * HASH];
    private int[] idEnds = new int[1024];
    private byte[] idBytes = new byte[1024 * 16];
    private int[] slots = new int[2048]; // index + 1 into the arrays above, 0: empty
    private boolean complete = true;
    /** Whether anything was set, forgotten or deleted since the records were read (the digest changed). */
    private boolean changed;
    /** Records this run deleted: their entries are left out of the digest. */
    private final Roaring64Bitmap deleted = new Roaring64Bitmap();

    KnownRecords(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** Reads the source's quiet records, in id order, until they end or the budget is spent. */
    static KnownRecords load(SyncRecordStore records, String source, String schema, long budgetBytes) {
        KnownRecords known = new KnownRecords(budgetBytes);
        records.quietRecords(source, schema, 10_000, known::add);
        return known;
    }

    /** Adds one record; false (and nothing more is added) once the budget would be exceeded. */
    synchronized boolean add(long recordId, String sourceId, String hexHash) {
        if (!complete) {
            return false;
        }
        byte[] id = sourceId.getBytes(StandardCharsets.UTF_8);
        byte[] hash = bytes(hexHash);
        if (hash == null || find(id, hash(id, 0, id.length)) >= 0) {
            return true; // not a hash of ours, or a duplicate (cannot be: unique per source): left to the look-up
        }
        return append(recordId, id, hash);
    }

    /**
     * The record of {@code sourceId} is quiet with this source hash, as this run committed it (or found it):
     * its entry is set, or added while the budget allows. False when it did not fit.
     */
    synchronized boolean put(long recordId, String sourceId, String hexHash) {
        byte[] id = sourceId.getBytes(StandardCharsets.UTF_8);
        byte[] hash = bytes(hexHash);
        if (hash == null) {
            forget(sourceId);
            return true;
        }
        int i = find(id, hash(id, 0, id.length));
        if (i >= 0) {
            if (recordIds[i] != recordId || !Arrays.equals(hashes, i * HASH, i * HASH + HASH, hash, 0, HASH)) {
                recordIds[i] = recordId;
                System.arraycopy(hash, 0, hashes, i * HASH, HASH);
                changed = true;
            }
            return true;
        }
        return complete && append(recordId, id, hash);
    }

    /** The run deleted this record: whatever entry names it is no longer true. */
    synchronized void deleted(long recordId) {
        deleted.addLong(recordId);
        changed = true;
    }

    private boolean append(long recordId, byte[] id, byte[] hash) {
        if (!room(id.length)) {
            complete = false;
            return false;
        }
        int i = size++;
        changed = true;
        recordIds[i] = recordId;
        System.arraycopy(hash, 0, hashes, i * HASH, HASH);
        int start = i == 0 ? 0 : idEnds[i - 1];
        System.arraycopy(id, 0, idBytes, start, id.length);
        idEnds[i] = start + id.length;
        insertSlot(hash(id, 0, id.length), i);
        return true;
    }

    /**
     * The record id of a quiet record of {@code sourceId} whose stored source hash is {@code hexHash}, or -1:
     * then the object is not known to be unchanged and the page look-up decides it.
     */
    synchronized long unchanged(String sourceId, String hexHash) {
        if (size == 0 || hexHash == null || hexHash.length() != 64) {
            return -1;
        }
        byte[] id = sourceId.getBytes(StandardCharsets.UTF_8);
        int i = find(id, hash(id, 0, id.length));
        if (i < 0 || recordIds[i] < 0) {
            return -1;
        }
        int at = i * HASH;
        for (int k = 0; k < HASH; k++) {
            int hi = Character.digit(hexHash.charAt(2 * k), 16), lo = Character.digit(hexHash.charAt(2 * k + 1), 16);
            if (hi < 0 || lo < 0 || hashes[at + k] != (byte) (hi << 4 | lo)) {
                return -1;
            }
        }
        return recordIds[i];
    }

    /**
     * The object is being decided from the database (and may be written): its entry no longer holds.
     *
     * @return whether a quiet record of it was known (so it has a record: one whose hash differs)
     */
    synchronized boolean forget(String sourceId) {
        if (size == 0) {
            return false;
        }
        byte[] id = sourceId.getBytes(StandardCharsets.UTF_8);
        int i = find(id, hash(id, 0, id.length));
        if (i >= 0 && recordIds[i] >= 0) {
            recordIds[i] = -1;
            changed = true;
            return true;
        }
        return false;
    }

    synchronized int size() {
        return size;
    }

    /** Whether the entries changed since they were read ({@link #readFrom}, {@link #load}) or made. */
    synchronized boolean changed() {
        return changed;
    }

    /** Whether every quiet record of the source fit in the budget. */
    synchronized boolean complete() {
        return complete;
    }

    /** Entries that still hold: not forgotten, not deleted. */
    synchronized int live() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (recordIds[i] >= 0 && !deleted.contains(recordIds[i])) {
                n++;
            }
        }
        return n;
    }

    private static final int MAGIC = 0x47535144; // "GSQD"
    private static final int FORMAT = 2;

    /**
     * The entries that still hold, as the digest's bytes: per entry the record id (as the difference to the
     * one before, zig-zag varint: ids are mostly ascending, 1-3 bytes), the {@value #HASH} hash bytes and
     * the source id's UTF-8 bytes (varint length first). ~28 bytes for an 8-character id.
     */
    synchronized int writeTo(DataOutputStream out) throws IOException {
        int live = live();
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(live);
        long previous = 0;
        for (int i = 0; i < size; i++) {
            if (recordIds[i] < 0 || deleted.contains(recordIds[i])) {
                continue;
            }
            int start = i == 0 ? 0 : idEnds[i - 1];
            long delta = recordIds[i] - previous;
            previous = recordIds[i];
            varint(out, (delta << 1) ^ (delta >> 63));
            out.write(hashes, i * HASH, HASH);
            varint(out, idEnds[i] - start);
            out.write(idBytes, start, idEnds[i] - start);
        }
        return live;
    }

    /** Reads what {@link #writeTo} wrote, within the budget; a stream of another format is refused. */
    static KnownRecords readFrom(DataInputStream in, long budgetBytes) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new IOException("not a quiet digest of this version");
        }
        KnownRecords known = new KnownRecords(budgetBytes);
        int count = in.readInt();
        byte[] hash = new byte[HASH];
        byte[] id = new byte[256];
        long recordId = 0;
        for (int k = 0; k < count; k++) {
            long zigzag = varint(in);
            recordId += (zigzag >>> 1) ^ -(zigzag & 1);
            in.readFully(hash);
            int length = (int) varint(in);
            if (length < 0 || length > 65_535) {
                throw new IOException("a source id of " + length + " bytes in a quiet digest");
            }
            if (length > id.length) {
                id = new byte[length];
            }
            in.readFully(id, 0, length);
            if (!known.complete) {
                continue; // read to the end all the same: the stream is checked whole
            }
            known.append(recordId, Arrays.copyOf(id, length), hash);
        }
        if (in.read() != -1) {
            throw new IOException("a quiet digest longer than its count of entries");
        }
        known.changed = false; // as read: what the stored digest holds
        return known;
    }

    private static void varint(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long varint(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a malformed number in a quiet digest");
    }

    synchronized long bytes() {
        return recordIds.length * 8L + hashes.length + idEnds.length * 4L + idBytes.length + slots.length * 4L;
    }

    private int find(byte[] id, int hash) {
        int mask = slots.length - 1;
        for (int s = mix(hash) & mask; slots[s] != 0; s = (s + 1) & mask) {
            int i = slots[s] - 1;
            int start = i == 0 ? 0 : idEnds[i - 1];
            if (idEnds[i] - start == id.length && Arrays.equals(idBytes, start, idEnds[i], id, 0, id.length)) {
                return i;
            }
        }
        return -1;
    }

    private void insertSlot(int hash, int i) {
        int mask = slots.length - 1;
        int s = mix(hash) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = i + 1;
    }

    /** Grows the arrays for one more record of {@code idLength} bytes, if the budget allows. */
    private boolean room(int idLength) {
        int start = size == 0 ? 0 : idEnds[size - 1];
        int records = size == recordIds.length ? size * 2 : recordIds.length;
        int ids = start + idLength > idBytes.length ? Math.max(idBytes.length * 2, start + idLength) : idBytes.length;
        int slotCount = (size + 1) * 2 > slots.length ? slots.length * 2 : slots.length;
        long after = records * (8L + HASH + 4) + ids + slotCount * 4L;
        if (after > budget) {
            return false;
        }
        if (records != recordIds.length) {
            recordIds = Arrays.copyOf(recordIds, records);
            hashes = Arrays.copyOf(hashes, records * HASH);
            idEnds = Arrays.copyOf(idEnds, records);
        }
        if (ids != idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, ids);
        }
        if (slotCount != slots.length) {
            slots = new int[slotCount];
            for (int i = 0; i < size; i++) {
                int st = i == 0 ? 0 : idEnds[i - 1];
                insertSlot(hash(idBytes, st, idEnds[i]), i);
            }
        }
        return true;
    }

    /** A hash of a source id's UTF-8 bytes (no String needed to place an entry read from a digest). */
    private static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int k = from; k < to; k++) {
            h = 31 * h + bytes[k];
        }
        return h;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The first {@value #HASH} bytes of a 64-character hex SHA-256, or null for anything else. */
    static byte[] bytes(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        for (int k = HASH; k < 32; k++) { // the rest must be hex too
            if (Character.digit(hex.charAt(2 * k), 16) < 0 || Character.digit(hex.charAt(2 * k + 1), 16) < 0) {
                return null;
            }
        }
        byte[] b = new byte[HASH];
        for (int k = 0; k < HASH; k++) {
            int hi = Character.digit(hex.charAt(2 * k), 16), lo = Character.digit(hex.charAt(2 * k + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            b[k] = (byte) (hi << 4 | lo);
        }
        return b;
    }
}
