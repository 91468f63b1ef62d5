package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Embedded-gateway writes of one page, staged so that they are executed as JDBC batches in the same
 * transaction as the page's synchronization records (crash safety: an object and its record are
 * stored together or not at all).
 */
public final class GatewayWrites {

    /**
     * One object to store, already serialised: staging runs on the page's thread while the previous page
     * commits on another, so the JSON text is made here and the commit only binds it.
     */
    public record Row(String id, String json, String hash, String expectedHash, java.time.Instant changedAt) {
        public Row(String id, String json, String hash) {
            this(id, json, hash, null, null);
        }

        public static Row of(String id, ObjectNode data, String hash) {
            return new Row(id, data.toString(), hash);
        }

        /** The row, written only if the stored object still has this hash (null: unconditionally). */
        public Row expecting(String expected) {
            return new Row(id, json, hash, expected, changedAt);
        }

        /** The row with the date its content changed (an update's date_modified; null: the commit's time). */
        public Row changedAt(java.time.Instant when) {
            return new Row(id, json, hash, expectedHash, when);
        }
    }

    final List<Row> inserts = new ArrayList<>();
    final List<Row> updates = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();
    /** Per delete, at the same index: the hash the object must still have, or null. */
    final List<String> expectedDeletes = new ArrayList<>();
    String schema;
    /** The source whose own run stages these writes (null: anyone else; see ChangeStamps). */
    String runOf;

    /** Staged by the run of {@code source}: the sources linked to the objects it changes learn of it, not itself. */
    public void byRunOf(String source) {
        this.runOf = source;
    }

    /** The hash each object inserted or updated here is stored with, by id. */
    public java.util.Map<String, String> writtenHashes() {
        java.util.Map<String, String> hashes = new java.util.HashMap<>();
        inserts.forEach(row -> hashes.put(row.id(), row.hash()));
        updates.forEach(row -> hashes.put(row.id(), row.hash()));
        return hashes;
    }

    public boolean isEmpty() {
        return inserts.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }

    public int size() {
        return inserts.size() + updates.size() + deletes.size();
    }
}
