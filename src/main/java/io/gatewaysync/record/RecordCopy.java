package io.gatewaysync.record;

import io.gatewaysync.db.PostgresCopy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** New synchronization records of a page through COPY on PostgreSQL ({@link PostgresCopy}). */
final class RecordCopy {

    private RecordCopy() {
    }

    /**
     * Inserts {@code records} on {@code c} by COPY and returns their ids in order; null when COPY does not
     * apply. COPY returns no generated keys, so the ids are taken from the identity column's sequence first
     * (one statement) and written with the rows: the run's quiet digest needs them.
     */
    static long[] insert(Connection c, List<SyncRecord> records) throws SQLException {
        PostgresCopy copy = PostgresCopy.into(c, "synchronization", "id, source, source_id, gateway_schema, gateway_id, "
                + "source_hash, gateway_hash, source_last_changed, gateway_last_changed, last_checked, last_synced, "
                + "last_seen_run, try_counter, blocked, blocked_until, last_error, pending_action, created_at, version, "
                + "pending_token, pending_hash, source_etag, echo_count, echo_run, gateway_etag, source_url", records.size());
        if (copy == null) {
            return null;
        }
        long[] ids = new long[records.size()];
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence('synchronization', 'id')) FROM generate_series(1, ?)")) {
            ps.setInt(1, ids.length);
            try (ResultSet rs = ps.executeQuery()) {
                for (int k = 0; k < ids.length; k++) {
                    if (!rs.next()) {
                        throw new SQLException("the id sequence of synchronization gave " + k + " of " + ids.length + " ids");
                    }
                    ids[k] = rs.getLong(1);
                }
            }
        }
        int k = 0;
        for (SyncRecord r : records) {
            copy.number(ids[k++]).text(r.source()).text(r.sourceId()).text(r.gatewaySchema()).text(r.gatewayId())
                    .text(r.sourceHash()).text(r.gatewayHash())
                    .instant(r.sourceLastChanged()).instant(r.gatewayLastChanged())
                    .instant(r.lastChecked()).instant(r.lastSynced())
                    .number(r.lastSeenRun()).number(r.tryCounter()).bool(r.blocked()).instant(r.blockedUntil())
                    .text(r.lastError()).text(r.pendingAction()).instant(r.createdAt()).number(0)
                    .text(r.pendingToken()).text(r.pendingHash())
                    .text(r.sourceEtag()).number(r.echoCount()).number(r.echoRun())
                    .text(r.gatewayEtag()).text(r.sourceUrl()).endRow();
        }
        copy.execute();
        return ids;
    }
}
