package io.gatewaysync.record;

import io.gatewaysync.db.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Synchronization records in JDBC. Look-ups take a whole page of ids in one statement; writes take
 * the caller's connection so that they commit together with the gateway writes of the same page.
 * Every value is bound as a parameter.
 */
public class SyncRecordStore {

    private static final String COLUMNS = "id, source, source_id, gateway_schema, gateway_id, source_hash, "
            + "gateway_hash, source_last_changed, gateway_last_changed, last_checked, last_synced, last_seen_run, "
            + "try_counter, blocked, blocked_until, last_error, pending_action, created_at, version, pending_token, pending_hash, source_etag, echo_count, echo_run, gateway_etag, source_url";

    /*
     * Page look-ups join the page's ids as a table (UNNEST of one array parameter) rather than
     * `source_id = ANY(?)`: H2 can only use an index for ANY/IN on an index's FIRST column, so with
     * (source, source_id) it scanned every record of the source and compared each with every id of
     * the page, O(records x page) per page. The join does one index lookup per id on H2 and on
     * PostgreSQL. Columns are qualified with the table alias `s`; the array is parameter 1.
     */
    private static final String S_COLUMNS = "s." + COLUMNS.replace(", ", ", s.");

    /*
     * What the operator sees (records API, the gateway's _self.synchronizations): a quiet run writes
     * nothing per object, so "last checked" is the later of the record's own last_checked (its last
     * write) and the start of the source's last complete listing (source_run.listed_at), which checked
     * every record it listed.
     */
    private static final String VIEW_COLUMNS = S_COLUMNS.replace("s.last_checked,",
            "CASE WHEN s.last_checked IS NULL OR r.listed_at > s.last_checked THEN r.listed_at "
                    + "ELSE s.last_checked END AS last_checked,");
    private static final String WITH_LISTING = " LEFT JOIN source_run r ON r.source = s.source";

    private final DataSource dataSource;

    public SyncRecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The whole records of some of a page's source objects with the embedded gateway objects they point at
     * in {@code schema} (hash and change date; none when {@code schema} is null): one query. The page
     * look-up reads only the columns an unchanged object needs ({@link #fromLookUpRows}); this reads the
     * rest for the objects that turn out not to be unchanged. By source id.
     */
    public Map<String, WithEmbedded> findWithEmbedded(String source, Collection<String> sourceIds, String schema) {
        Map<String, WithEmbedded> found = new HashMap<>();
        if (!sourceIds.isEmpty()) {
            select("SELECT " + S_COLUMNS + ", g.hash AS g_hash, g.date_modified AS g_modified "
                            + "FROM UNNEST(?) AS t(k) JOIN synchronization s ON s.source = ? AND s.source_id = t.k "
                            + "LEFT JOIN gateway_object g ON g.schema_name = ? AND g.id = s.gateway_id",
                    "looking up synchronization records of source '" + source + "'", (c, ps) -> {
                        ps.setArray(1, Jdbc.varchars(c, sourceIds));
                        ps.setString(2, source);
                        ps.setString(3, schema);
                    }, rs -> {
                        SyncRecord r = map(rs);
                        found.put(r.sourceId(), new WithEmbedded(r, rs.getString(27), Jdbc.getInstant(rs, 28)));
                    });
        }
        return found;
    }

    /**
     * Established records of {@code source}, in id order after {@code afterId}, whose embedded gateway
     * object changed or disappeared since their last sync and that run {@code run} has not written: an
     * incremental listing does not list them, yet their gateway-side change must reach the source.
     */
    public List<SyncRecord> gatewayChangedSince(String source, String schema, long run, long afterId, int limit) {
        return list("SELECT " + S_COLUMNS + " FROM synchronization s LEFT JOIN gateway_object g "
                + "ON g.schema_name = ? AND g.id = s.gateway_id WHERE s.source = ? AND s.id > ? "
                + "AND s.last_seen_run < ? AND s.gateway_id IS NOT NULL AND s.source_id IS NOT NULL "
                + "AND s.source_hash IS NOT NULL AND s.gateway_hash IS NOT NULL AND s.pending_action IS NULL "
                + "AND (g.id IS NULL OR g.hash <> s.gateway_hash) ORDER BY s.source, s.id LIMIT ?",
                schema, source, afterId, run, limit);
    }

    /**
     * Records of {@code source} whose last attempt failed (try counter above 0) and that run {@code run}
     * has not written, in id order after {@code afterId}: an incremental listing may not list them again,
     * so they are read one by one from their item URLs. A walk over the source's records, once per
     * incremental run (no index on try_counter: it would cost every record write).
     */
    public List<SyncRecord> failingSince(String source, long run, long afterId, int limit) {
        return list("SELECT " + COLUMNS + " FROM synchronization WHERE source = ? AND id > ? AND try_counter > 0 "
                + "AND last_seen_run < ? AND source_id IS NOT NULL AND (pending_action IS NULL OR pending_action <> ?) "
                + "ORDER BY source, id LIMIT ?", source, afterId, run, CREATE_IN_SOURCE, limit);
    }

    /** Receives one quiet record; false: no more. */
    public interface QuietRecord {
        boolean accept(long id, String sourceId, String sourceHash);
    }

    /**
     * The quiet records of {@code source}, in id order, {@code batch} at a time, until {@code into}
     * refuses one: established, not blocked, no open intent, and the embedded gateway object in
     * {@code schema} still holds what the record last synced (its hash equals the record's gateway hash).
     * A listed object with the record's source hash is unchanged (run/KnownRecords). Each batch walks the
     * covering index (source, id) from where the last one ended: a bounded query, however large the source.
     */
    public void quietRecords(String source, String schema, int batch, QuietRecord into) {
        long[] after = {0};
        boolean[] more = {true};
        int[] n = {0};
        while (more[0]) {
            n[0] = 0;
            select("SELECT s.id, s.source_id, s.source_hash, s.gateway_hash, g.hash, s.blocked, s.pending_action, "
                            + "s.gateway_id FROM synchronization s LEFT JOIN gateway_object g ON g.schema_name = ? "
                            + "AND g.id = s.gateway_id WHERE s.source = ? AND s.id > ? ORDER BY s.source, s.id LIMIT ?",
                    "reading the quiet records of source '" + source + "'", (c, ps) -> {
                        ps.setString(1, schema);
                        ps.setString(2, source);
                        ps.setLong(3, after[0]);
                        ps.setInt(4, batch);
                    }, rs -> {
                        n[0]++;
                        after[0] = rs.getLong(1);
                        if (!more[0]) {
                            return;
                        }
                        String sourceId = rs.getString(2), sourceHash = rs.getString(3), gatewayHash = rs.getString(4);
                        boolean quiet = SyncRecord.quiet(sourceId, rs.getString(8), sourceHash, gatewayHash,
                                rs.getString(5), rs.getBoolean(6), rs.getString(7));
                        if (quiet && !into.accept(after[0], sourceId, sourceHash)) {
                            more[0] = false;
                        }
                    });
            if (n[0] < batch) {
                more[0] = false;
            }
        }
    }

    /** A record and the embedded gateway object it points at: hash null when there is none. */
    public record WithEmbedded(SyncRecord record, String gatewayHash, Instant gatewayModified) {
    }

    /**
     * The rows of the page look-up that the route template runs through camel-jdbc, by source id, as
     * partial records ({@link SyncRecord#partial}): the look-up selects only what deciding an unchanged
     * object reads, in this order: {@code id, source_id, gateway_id, source_hash, gateway_hash, blocked,
     * blocked_until, pending_action}, then the embedded gateway object's hash. Fewer columns are fewer
     * values for the database to read and fewer map entries for camel-jdbc to build per row, on every
     * page of every run. Read by position: camel-jdbc keeps the columns in order, and the labels differ
     * in case between H2 and PostgreSQL.
     */
    public static Map<String, WithEmbedded> fromLookUpRows(String source, List<Map<String, Object>> rows) {
        Map<String, WithEmbedded> found = new HashMap<>();
        if (rows == null) {
            return found;
        }
        Object[] v = new Object[LOOK_UP_COLUMNS];
        for (Map<String, Object> row : rows) {
            if (row.size() != v.length) {
                throw new IllegalStateException("the record look-up answered " + row.size() + " columns, expected "
                        + v.length + ": " + row.keySet());
            }
            row.values().toArray(v);
            SyncRecord r = SyncRecord.partial(number(v[0]), source, (String) v[1], (String) v[2], (String) v[3],
                    (String) v[4], Boolean.TRUE.equals(v[5]), Jdbc.instant(v[6]), (String) v[7]);
            found.put(r.sourceId(), new WithEmbedded(r, (String) v[8], null));
        }
        return found;
    }

    private static final int LOOK_UP_COLUMNS = 9;

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The records of one page of gateway objects, by gateway id: one query. */
    public Map<String, SyncRecord> findByGatewayIds(String source, String gatewaySchema, Collection<String> gatewayIds) {
        Map<String, SyncRecord> found = new HashMap<>();
        if (!gatewayIds.isEmpty()) {
            select("SELECT " + S_COLUMNS + " FROM UNNEST(?) AS t(k) JOIN synchronization s "
                            + "ON s.gateway_schema = ? AND s.gateway_id = t.k WHERE s.source = ?",
                    "looking up synchronization records of schema '" + gatewaySchema + "'", (c, ps) -> {
                        ps.setArray(1, Jdbc.varchars(c, gatewayIds));
                        ps.setString(2, gatewaySchema);
                        ps.setString(3, source);
                    }, rs -> {
                        SyncRecord r = map(rs);
                        found.put(r.gatewayId(), r);
                    });
        }
        return found;
    }

    /** All records (any source) pointing at a page of gateway objects, for the API's {@code _self.synchronizations}. */
    public Map<String, List<SyncRecord>> linksOf(String gatewaySchema, Collection<String> gatewayIds) {
        Map<String, List<SyncRecord>> found = new HashMap<>();
        if (!gatewayIds.isEmpty()) {
            select("SELECT " + VIEW_COLUMNS + " FROM UNNEST(?) AS t(k) JOIN synchronization s "
                            + "ON s.gateway_schema = ? AND s.gateway_id = t.k" + WITH_LISTING + " ORDER BY s.id",
                    "looking up synchronizations of schema '" + gatewaySchema + "'", (c, ps) -> {
                        ps.setArray(1, Jdbc.varchars(c, gatewayIds));
                        ps.setString(2, gatewaySchema);
                    }, rs -> {
                        SyncRecord r = map(rs);
                        found.computeIfAbsent(r.gatewayId(), k -> new ArrayList<>()).add(r);
                    });
        }
        return found;
    }

    /** Whether the source has any record: one step of the (source, source_id) index. */
    public boolean hasRecords(String source) {
        boolean[] any = {false};
        select("SELECT 1 FROM synchronization WHERE source = ? LIMIT 1", "reading whether source '" + source
                + "' has records", (c, ps) -> ps.setString(1, source), rs -> any[0] = true);
        return any[0];
    }

    /**
     * The largest record id of the table (0 when empty): the primary key's last entry, one index step on
     * H2 and PostgreSQL. Ids come from one identity sequence, so a record made later has a larger id.
     */
    public long largestId() {
        long[] max = {0};
        select("SELECT MAX(id) FROM synchronization", "reading the largest record id", (c, ps) -> {
        }, rs -> max[0] = rs.getLong(1));
        return max[0];
    }

    /**
     * The seen marks of {@code source}'s records in id order after {@code afterId}, at most {@code limit}:
     * record id and the last run that wrote the record. Read from the covering index
     * {@code ix_synchronization_source}, so no row is read: the gone-from-source sweep walks these and
     * fetches only the records that neither a write nor the run's in-memory seen set accounts for.
     */
    public SeenMarks seenMarks(String source, long afterId, long upToId, int limit) {
        long[] ids = new long[limit];
        long[] runs = new long[limit];
        int[] n = {0};
        // ORDER BY source, id (not just id): only then does H2 read the index in order and stop at the
        // limit; with ORDER BY id it read every remaining row of the source and sorted them, per batch.
        select("SELECT id, last_seen_run FROM synchronization WHERE source = ? AND id > ? AND id <= ? ORDER BY source, id LIMIT ?",
                "reading the seen marks of source '" + source + "'", (c, ps) -> {
                    ps.setString(1, source);
                    ps.setLong(2, afterId);
                    ps.setLong(3, upToId);
                    ps.setInt(4, limit);
                }, rs -> {
                    ids[n[0]] = rs.getLong(1);
                    runs[n[0]++] = rs.getLong(2);
                });
        return new SeenMarks(java.util.Arrays.copyOf(ids, n[0]), java.util.Arrays.copyOf(runs, n[0]));
    }

    /** Record ids and, at the same index, the last run that wrote each record. */
    public record SeenMarks(long[] ids, long[] lastSeenRuns) {
        public int size() {
            return ids.length;
        }
    }

    /**
     * The records with the given ids, in id order, for the gone-from-source sweep. Open intents to
     * create in the source are not among them: their source object is not known yet, so it cannot be
     * missing; they are reconciled on their own ({@link #dueIntents}).
     */
    public List<SyncRecord> unseen(Collection<Long> ids) {
        List<SyncRecord> rows = new ArrayList<>(ids.size());
        if (!ids.isEmpty()) {
            select("SELECT " + S_COLUMNS + " FROM UNNEST(?) AS t(k) JOIN synchronization s ON s.id = t.k "
                            + "WHERE s.pending_action IS NULL OR s.pending_action <> ? ORDER BY s.id",
                    "reading synchronization records not seen in the listing", (c, ps) -> {
                        ps.setArray(1, Jdbc.bigints(c, ids));
                        ps.setString(2, CREATE_IN_SOURCE);
                    }, rs -> rows.add(map(rs)));
        }
        return rows;
    }

    /**
     * The source writes that wait for the end of a complete listing, in id order after {@code afterId}:
     * deletes deferred during this listing, and create intents from earlier runs that no listed object
     * answered to (their POST did not take effect, so it is sent again).
     */
    public List<SyncRecord> dueIntents(String source, String deleteAction, long run, long afterId, int limit) {
        // One index range per action, merged: H2 uses an index only for equality on all columns before
        // the range, so "action = ? OR action = ?" (or IN) would walk all of the source's intents. Each
        // branch reads at most `limit` entries of ix_open_intent in id order; the first `limit` of both
        // are the first `limit` overall.
        return list("SELECT * FROM ((SELECT " + S_COLUMNS + OPEN_INTENTS + " AND i.record_id > ? "
                + "ORDER BY i.record_source, i.action, i.record_id LIMIT ?) UNION ALL (SELECT " + S_COLUMNS
                + OPEN_INTENTS + " AND i.record_id > ? AND s.last_seen_run < ? "
                + "ORDER BY i.record_source, i.action, i.record_id LIMIT ?)) due ORDER BY id LIMIT ?",
                source, deleteAction, afterId, limit, source, CREATE_IN_SOURCE, afterId, run, limit, limit);
    }

    /*
     * The records of one source with an open intent of one action: a range of ix_open_intent, each
     * record then read by its id. The record's own pending_action is what counts (open_intent, V19, only
     * finds the records that have one); parameters: the source, the action.
     */
    private static final String OPEN_INTENTS = " FROM open_intent i JOIN synchronization s ON s.id = i.record_id "
            + "WHERE i.record_source = ? AND i.action = ? AND s.pending_action = i.action";

    /** The intent written before a POST to the source. */
    public static final String CREATE_IN_SOURCE = "CREATE_IN_SOURCE";
    /** The intent written before a create in a remote gateway. */
    public static final String CREATE_IN_GATEWAY = "CREATE_IN_GATEWAY";

    /**
     * Stores write intents in a transaction of their own, before the calls they announce: new records
     * are inserted, known ones updated with optimistic locking. Returns the stored records by token,
     * with the ids and versions that the page's commit will check against.
     */
    public Map<String, SyncRecord> saveIntents(String source, List<SyncRecord> intents) {
        return saveIntents(source, intents, false);
    }

    /** As {@link #saveIntents(String, List)}; {@code ownRun}: for the source's own run (no change stamp raised). */
    public Map<String, SyncRecord> saveIntents(String source, List<SyncRecord> intents, boolean ownRun) {
        Map<String, SyncRecord> stored = new HashMap<>();
        if (intents.isEmpty()) {
            return stored;
        }
        List<SyncRecord> inserts = new ArrayList<>();
        List<SyncRecord> updates = new ArrayList<>();
        intents.forEach(r -> (r.isNew() ? inserts : updates).add(r));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                update(c, updates, ownRun);
                insert(c, inserts, ownRun);
                // By action, then token: every intent carries its action, and the source's open intents
                // of one action are a range of ix_open_intent. H2 keeps no index on pending_token (V18):
                // it would hold every record, and H2 could not look up "= ANY(?)" in its second column
                // anyway (it walked all of the source's entries).
                Map<String, List<String>> tokensByAction = new HashMap<>();
                intents.forEach(r -> tokensByAction.computeIfAbsent(java.util.Objects.requireNonNull(r.pendingAction(),
                        "a write intent without an action"), a -> new ArrayList<>()).add(r.pendingToken()));
                for (Map.Entry<String, List<String>> byAction : tokensByAction.entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + S_COLUMNS + OPEN_INTENTS
                            + " AND s.pending_token IS NOT NULL AND s.pending_token = ANY(?)")) {
                        ps.setString(1, source);
                        ps.setString(2, byAction.getKey());
                        ps.setArray(3, Jdbc.varchars(c, byAction.getValue()));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                SyncRecord r = map(rs);
                                stored.put(r.pendingToken(), r);
                            }
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("storing write intents of source '" + source + "'", e);
        }
        return stored;
    }

    /** Records of {@code source} carrying the intent {@code action}, in id order after {@code afterId}. */
    public List<SyncRecord> pending(String source, String action, long afterId, int limit) {
        return list("SELECT " + S_COLUMNS + OPEN_INTENTS + " AND i.record_id > ? "
                + "ORDER BY i.record_source, i.action, i.record_id LIMIT ?", source, action, afterId, limit);
    }

    public SyncRecord find(String source, String sourceId) {
        List<SyncRecord> rows = list("SELECT " + VIEW_COLUMNS + " FROM synchronization s" + WITH_LISTING
                + " WHERE s.source = ? AND s.source_id = ?", source, sourceId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * The record of {@code source} that points at gateway object {@code gatewayId}: how a record without a
     * source id (a gateway-made object whose create at the source failed) is addressed.
     */
    public SyncRecord findByGatewayId(String source, String gatewayId) {
        List<SyncRecord> rows = list("SELECT " + VIEW_COLUMNS + " FROM synchronization s" + WITH_LISTING
                + " WHERE s.source = ? AND s.gateway_id = ? ORDER BY s.id", source, gatewayId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** {@link #unblock} of the record addressed by its gateway id ({@link #findByGatewayId}). */
    public boolean unblockByGatewayId(String source, String gatewayId) {
        return unblockWhere("gateway_id", source, gatewayId, "the record of gateway object " + gatewayId);
    }

    /**
     * For the records API: filtered by source (optional) and state (all, blocked, failed, pending, synced,
     * noted: a note for the operator that is no failure, e.g. an endless relay stopped or a write's answer
     * that could not be had).
     */
    public List<SyncRecord> search(String source, String state, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + VIEW_COLUMNS + " FROM synchronization s" + WITH_LISTING
                + " WHERE s.id > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterId);
        if (source != null && !source.isBlank()) {
            sql.append(" AND s.source = ?");
            args.add(source);
        }
        sql.append(switch (state == null ? "all" : state) {
            case "blocked" -> " AND s.blocked = TRUE";
            case "failed" -> " AND s.try_counter > 0";
            case "pending" -> " AND s.pending_action IS NOT NULL";
            case "synced" -> " AND s.try_counter = 0 AND s.last_synced IS NOT NULL";
            case "noted" -> " AND s.try_counter = 0 AND s.last_error IS NOT NULL";
            case "all" -> "";
            default -> throw new IllegalArgumentException("unknown state '" + state
                    + "'; allowed: all, blocked, failed, pending, synced, noted");
        });
        sql.append(" ORDER BY s.id LIMIT ?");
        args.add(limit);
        return list(sql.toString(), args.toArray());
    }

    public long countBlocked(String source) {
        return count("SELECT COUNT(*) FROM synchronization WHERE source = ? AND blocked = TRUE", source);
    }

    public long countFailing(String source) {
        return count("SELECT COUNT(*) FROM synchronization WHERE source = ? AND try_counter > 0", source);
    }

    public long countAll(String source) {
        return count("SELECT COUNT(*) FROM synchronization WHERE source = ?", source);
    }

    /** Operator action: clear the block and the try counter so the object is tried on the next run. */
    public boolean unblock(String source, String sourceId) {
        return unblockWhere("source_id", source, sourceId, "record " + sourceId);
    }

    /** Unblocks the record of {@code source} whose {@code column} (a fixed name, never input) is {@code key}. */
    private boolean unblockWhere(String column, String source, String key, String what) {
        String sql = "UPDATE synchronization SET blocked = FALSE, blocked_until = NULL, try_counter = 0, "
                + "version = version + 1 WHERE source = ? AND " + column + " = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new RecordStoreException("unblocking " + what + " of source '" + source + "'", e);
        }
    }

    // ---- writes on the caller's transaction -------------------------------------------------

    public void insert(Connection c, List<SyncRecord> records) throws SQLException {
        insert(c, records, false);
    }

    /**
     * Inserts the records; {@code ownRun}: written by their source's own run (see {@link ChangeStamps}:
     * every other writer raises the source's change stamp). Returns the new records' ids in the list's
     * order (PostgreSQL's COPY: taken from the id sequence before it), or null when the database did not say.
     */
    public long[] insert(Connection c, List<SyncRecord> records, boolean ownRun) throws SQLException {
        if (records.isEmpty()) {
            return new long[0];
        }
        if (!ownRun) {
            raiseStamps(c, records);
        }
        long[] ids = RecordCopy.insert(c, records);
        if (ids == null) {
            ids = insertRows(c, records);
        }
        openIntents(c, records, ids);
        return ids;
    }

    private static long[] insertRows(Connection c, List<SyncRecord> records) throws SQLException {
        String sql = "INSERT INTO synchronization (source, source_id, gateway_schema, gateway_id, source_hash, "
                + "gateway_hash, source_last_changed, gateway_last_changed, last_checked, last_synced, last_seen_run, "
                + "try_counter, blocked, blocked_until, last_error, pending_action, created_at, version, "
                + "pending_token, pending_hash, source_etag, echo_count, echo_run, gateway_etag, source_url) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            for (SyncRecord r : records) {
                int i = bindCommon(ps, r, 1);
                Jdbc.setInstant(ps, i++, r.createdAt());
                ps.setString(i++, r.pendingToken());
                ps.setString(i++, r.pendingHash());
                bindEtagAndEchoes(ps, r, i);
                ps.addBatch();
            }
            ps.executeBatch();
            long[] ids = new long[records.size()];
            int n = 0;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next() && n < ids.length) {
                    ids[n++] = keys.getLong(1);
                }
            }
            return n == ids.length ? ids : null;
        }
    }

    private static void raiseStamps(Connection c, Collection<SyncRecord> records) throws SQLException {
        java.util.Set<String> sources = new java.util.TreeSet<>();
        records.forEach(r -> sources.add(r.source()));
        for (String source : sources) {
            ChangeStamps.raise(c, source);
        }
    }

    /**
     * Updates with optimistic locking: a row changed by another writer since it was read makes the
     * whole page roll back rather than silently overwrite that change.
     */
    public void update(Connection c, List<SyncRecord> records) throws SQLException {
        update(c, records, false);
    }

    /** Updates the records; {@code ownRun} as for {@link #insert(Connection, List, boolean)}. */
    public void update(Connection c, List<SyncRecord> records, boolean ownRun) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        if (!ownRun) {
            raiseStamps(c, records);
        }
        String sql = "UPDATE synchronization SET source = ?, source_id = ?, gateway_schema = ?, gateway_id = ?, "
                + "source_hash = ?, gateway_hash = ?, source_last_changed = ?, gateway_last_changed = ?, "
                + "last_checked = ?, last_synced = ?, last_seen_run = ?, try_counter = ?, blocked = ?, "
                + "blocked_until = ?, last_error = ?, pending_action = ?, pending_token = ?, pending_hash = ?, "
                + "source_etag = ?, echo_count = ?, echo_run = ?, gateway_etag = ?, source_url = ?, "
                + "version = version + 1 WHERE id = ? AND version = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (SyncRecord r : records) {
                int i = bindCommon(ps, r, 1);
                ps.setString(i++, r.pendingToken());
                ps.setString(i++, r.pendingHash());
                i = bindEtagAndEchoes(ps, r, i);
                ps.setLong(i++, r.id());
                ps.setLong(i, r.version());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] == 0) {
                    SyncRecord r = records.get(k);
                    throw new ConcurrentRecordChangeException("synchronization record " + r.id() + " (source '"
                            + r.source() + "', object " + r.sourceId() + ") was changed by another writer");
                }
            }
        }
        // Whether a record had an intent before is not known here: its row, if any, goes, and an intent
        // the record now carries is written anew. One statement a page (an index look-up per id).
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM open_intent WHERE record_id = ANY(?)")) {
            ps.setArray(1, Jdbc.bigints(c, records.stream().map(SyncRecord::id).toList()));
            ps.executeUpdate();
        }
        openIntents(c, records, records.stream().mapToLong(SyncRecord::id).toArray());
    }

    /** The open_intent rows (V19) of the records at the same index of {@code ids} that carry an intent. */
    private static void openIntents(Connection c, List<SyncRecord> records, long[] ids) throws SQLException {
        if (records.stream().noneMatch(r -> r.pendingAction() != null)) {
            return;
        }
        if (ids == null) {
            throw new SQLException("the database returned no ids for new synchronization records with write intents");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO open_intent (record_id, record_source, action) VALUES (?, ?, ?)")) {
            for (int k = 0; k < ids.length; k++) {
                SyncRecord r = records.get(k);
                if (r.pendingAction() != null) {
                    ps.setLong(1, ids[k]);
                    ps.setString(2, r.source());
                    ps.setString(3, r.pendingAction());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Deletes records of {@code source}; {@code ownRun} as for {@link #insert(Connection, List, boolean)}. */
    public void delete(Connection c, String source, Collection<Long> ids, boolean ownRun) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        if (!ownRun) {
            ChangeStamps.raise(c, source);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM synchronization WHERE id = ANY(?)")) {
            ps.setArray(1, Jdbc.bigints(c, ids));
            ps.executeUpdate();
        }
    }

    private static int bindEtagAndEchoes(PreparedStatement ps, SyncRecord r, int i) throws SQLException {
        ps.setString(i++, r.sourceEtag());
        ps.setInt(i++, r.echoCount());
        ps.setLong(i++, r.echoRun());
        ps.setString(i++, r.gatewayEtag());
        ps.setString(i++, r.sourceUrl());
        return i;
    }

    private static int bindCommon(PreparedStatement ps, SyncRecord r, int i) throws SQLException {
        ps.setString(i++, r.source());
        ps.setString(i++, r.sourceId());
        ps.setString(i++, r.gatewaySchema());
        ps.setString(i++, r.gatewayId());
        ps.setString(i++, r.sourceHash());
        ps.setString(i++, r.gatewayHash());
        Jdbc.setInstant(ps, i++, r.sourceLastChanged());
        Jdbc.setInstant(ps, i++, r.gatewayLastChanged());
        Jdbc.setInstant(ps, i++, r.lastChecked());
        Jdbc.setInstant(ps, i++, r.lastSynced());
        ps.setLong(i++, r.lastSeenRun());
        ps.setInt(i++, r.tryCounter());
        ps.setBoolean(i++, r.blocked());
        Jdbc.setInstant(ps, i++, r.blockedUntil());
        ps.setString(i++, r.lastError());
        ps.setString(i++, r.pendingAction());
        return i;
    }

    private List<SyncRecord> list(String sql, Object... args) {
        List<SyncRecord> rows = new ArrayList<>();
        select(sql, "reading synchronization records", (c, ps) -> {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
        }, rs -> rows.add(map(rs)));
        return rows;
    }

    private interface Binder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** One query on a connection of its own; {@code doing} names it in the error. */
    private void select(String sql, String doing, Binder binder, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new RecordStoreException(doing, e);
        }
    }

    private long count(String sql, String source) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new RecordStoreException("counting synchronization records of source '" + source + "'", e);
        }
    }

    /** Reads the first 26 columns, in the order of {@link #COLUMNS} (every record query selects them first). */
    private static SyncRecord map(ResultSet rs) throws SQLException {
        return new SyncRecord(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), Jdbc.getInstant(rs, 8), Jdbc.getInstant(rs, 9), Jdbc.getInstant(rs, 10),
                Jdbc.getInstant(rs, 11), rs.getLong(12), rs.getInt(13), rs.getBoolean(14), Jdbc.getInstant(rs, 15),
                rs.getString(16), rs.getString(17), Jdbc.getInstant(rs, 18), rs.getLong(19), rs.getString(20),
                rs.getString(21), rs.getString(22), rs.getInt(23), rs.getLong(24), rs.getString(25), rs.getString(26));
    }
}
