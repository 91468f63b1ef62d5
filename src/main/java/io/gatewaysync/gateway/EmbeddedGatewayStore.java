package io.gatewaysync.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.db.Jdbc;
import io.gatewaysync.sync.CanonicalJson;

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
import java.util.Optional;

/**
 * The embedded gateway: JSON objects per schema in the engine's database. Serves both the sync
 * (page-wide look-ups, batched writes on the page's transaction) and the REST API (single objects).
 */
public class EmbeddedGatewayStore {

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public EmbeddedGatewayStore(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Hash and change date of a page of objects: one query, no object data read. */
    public Map<String, GatewayState> states(String schema, Collection<String> ids) {
        Map<String, GatewayState> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        query("SELECT g.id, g.hash, g.date_modified FROM UNNEST(?) AS t(k) JOIN gateway_object g "
                        + "ON g.schema_name = ? AND g.id = t.k",
                schema, ids, rs -> found.put(rs.getString(1),
                        new GatewayState(rs.getString(1), rs.getString(2), Jdbc.getInstant(rs, "date_modified"), null)));
        return found;
    }

    public Map<String, ObjectNode> load(String schema, Collection<String> ids) {
        Map<String, ObjectNode> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        query("SELECT g.id, g.data FROM UNNEST(?) AS t(k) JOIN gateway_object g ON g.schema_name = ? AND g.id = t.k",
                schema, ids, rs -> found.put(rs.getString(1), parse(rs.getString(2))));
        return found;
    }

    /**
     * Objects of the schema that no synchronization record of {@code source} refers to (anti-join, keyset
     * paged); with {@code source} null, no record of any source. Per source, because several sources may
     * share a schema (the hub): an object another source brought in is "new in the gateway" for this one.
     */
    public List<GatewayState> unrecorded(String schema, String source, String afterId, int limit) {
        String sql = "SELECT g.id, g.hash, g.date_modified FROM gateway_object g WHERE g.schema_name = ? AND g.id > ? "
                + "AND NOT EXISTS (SELECT 1 FROM synchronization s WHERE s.gateway_schema = g.schema_name "
                + "AND s.gateway_id = g.id" + (source == null ? "" : " AND s.source = ?")
                + ") ORDER BY g.schema_name, g.id LIMIT ?"; // the key's order: H2 stops at the limit
        List<GatewayState> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, schema);
            ps.setString(i++, afterId == null ? "" : afterId);
            if (source != null) {
                ps.setString(i++, source);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new GatewayState(rs.getString(1), rs.getString(2), Jdbc.getInstant(rs, "date_modified"), null));
                }
            }
        } catch (SQLException e) {
            throw new GatewayException("embedded gateway: listing unrecorded objects of schema '" + schema + "': "
                    + e.getMessage(), e);
        }
        return rows;
    }

    // ---- single objects (REST API) --------------------------------------------------------

    public Optional<StoredObject> get(String schema, String id) {
        List<StoredObject> rows = select("SELECT schema_name, id, data, hash, date_created, date_modified FROM gateway_object "
                + "WHERE schema_name = ? AND id = ?", schema, id, 0, 1);
        return rows.stream().findFirst();
    }

    /** One page of a schema, in id order, plus one extra row to tell whether there is a next page. */
    public List<StoredObject> list(String schema, int offset, int limit) {
        return select("SELECT schema_name, id, data, hash, date_created, date_modified FROM gateway_object "
                + "WHERE schema_name = ? ORDER BY schema_name, id LIMIT ? OFFSET ?", schema, null, offset, limit);
    }

    public long count(String schema) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM gateway_object WHERE schema_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new GatewayException("embedded gateway: counting schema '" + schema + "': " + e.getMessage(), e);
        }
    }

    public StoredObject create(String schema, ObjectNode data) {
        String id = ObjectIds.next();
        GatewayWrites writes = new GatewayWrites();
        writes.schema = schema;
        writes.inserts.add(GatewayWrites.Row.of(id, data, CanonicalJson.hash(data)));
        inOwnTransaction(writes);
        return get(schema, id).orElseThrow();
    }

    public Optional<StoredObject> replace(String schema, String id, ObjectNode data) {
        return replace(schema, id, data, null);
    }

    /**
     * Replaces the object only if it still has {@code expectedHash} (the API's {@code If-Match}; null: any).
     *
     * @throws StaleGatewayWrite when it has another hash (or is gone) and one was expected
     */
    public Optional<StoredObject> replace(String schema, String id, ObjectNode data, String expectedHash) {
        GatewayWrites writes = new GatewayWrites();
        writes.schema = schema;
        writes.updates.add(GatewayWrites.Row.of(id, data, CanonicalJson.hash(data)).expecting(expectedHash));
        return inOwnTransaction(writes) > 0 ? get(schema, id) : Optional.empty();
    }

    public boolean delete(String schema, String id) {
        return delete(schema, id, null);
    }

    /** Deletes the object only if it still has {@code expectedHash} (null: any); see {@link #replace(String, String, ObjectNode, String)}. */
    public boolean delete(String schema, String id, String expectedHash) {
        GatewayWrites writes = new GatewayWrites();
        writes.schema = schema;
        writes.deletes.add(id);
        writes.expectedDeletes.add(expectedHash);
        return inOwnTransaction(writes) > 0;
    }

    // ---- batched writes on the caller's transaction ---------------------------------------

    /** Executes staged writes on {@code c}; returns the number of rows touched. */
    public int apply(Connection c, GatewayWrites writes, Instant now) throws SQLException {
        int touched = 0;
        int copied = writes.inserts.isEmpty() ? -1 : GatewayObjectCopy.insert(c, writes.schema, writes.inserts, now);
        if (copied >= 0) {
            touched += copied;
        } else if (!writes.inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_object "
                    + "(schema_name, id, data, hash, date_created, date_modified) VALUES (?,?,?,?,?,?)")) {
                for (GatewayWrites.Row row : writes.inserts) {
                    ps.setString(1, writes.schema);
                    ps.setString(2, row.id());
                    ps.setString(3, row.json());
                    ps.setString(4, row.hash());
                    Jdbc.setInstant(ps, 5, now);
                    Jdbc.setInstant(ps, 6, now);
                    ps.addBatch();
                }
                touched += sum(ps.executeBatch());
            }
        }
        if (!writes.updates.isEmpty() || !writes.deletes.isEmpty()) {
            // Before the writes: a source whose records point at a changed object must not trust its digest.
            List<String> changed = new ArrayList<>(writes.deletes);
            writes.updates.forEach(row -> changed.add(row.id()));
            io.gatewaysync.record.ChangeStamps.raiseLinked(c, writes.schema, changed, writes.runOf);
        }
        if (!writes.updates.isEmpty()) {
            // hash = COALESCE(?, hash): a row staged with the hash its page read is written only if the
            // object still has it (another source's run on the same schema may have written it since).
            try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_object SET data = ?, hash = ?, "
                    + "date_modified = ? WHERE schema_name = ? AND id = ? AND hash = COALESCE(?, hash)")) {
                for (GatewayWrites.Row row : writes.updates) {
                    ps.setString(1, row.json());
                    ps.setString(2, row.hash());
                    Jdbc.setInstant(ps, 3, row.changedAt() != null ? row.changedAt() : now);
                    ps.setString(4, writes.schema);
                    ps.setString(5, row.id());
                    ps.setString(6, row.expectedHash());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                checkExpected(counts, writes.schema, i -> writes.updates.get(i).id(),
                        i -> writes.updates.get(i).expectedHash());
                touched += sum(counts);
            }
        }
        if (!writes.deletes.isEmpty()) {
            // A batch of key lookups (see query(): `id = ANY(?)` would scan the schema on H2).
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gateway_object WHERE schema_name = ? AND id = ? "
                    + "AND hash = COALESCE(?, hash)")) {
                for (int k = 0; k < writes.deletes.size(); k++) {
                    ps.setString(1, writes.schema);
                    ps.setString(2, writes.deletes.get(k));
                    ps.setString(3, expectedDelete(writes, k));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                checkExpected(counts, writes.schema, writes.deletes::get, k -> expectedDelete(writes, k));
                touched += sum(counts);
            }
        }
        return touched;
    }

    private static String expectedDelete(GatewayWrites writes, int k) {
        return k < writes.expectedDeletes.size() ? writes.expectedDeletes.get(k) : null;
    }

    /**
     * A conditional write that touched no row: the object no longer has the hash the page read. The
     * page's transaction must roll back rather than overwrite that change silently; the exception is the
     * records' optimistic-lock failure, so the run treats it the same way (page retried next run).
     */
    private static void checkExpected(int[] counts, String schema, java.util.function.IntFunction<String> id,
                                      java.util.function.IntFunction<String> expected)
            throws io.gatewaysync.record.ConcurrentRecordChangeException {
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0 && expected.apply(k) != null) {
                throw new io.gatewaysync.record.ConcurrentRecordChangeException("gateway object " + id.apply(k)
                        + " of schema '" + schema + "' was changed by another writer since it was read");
            }
        }
    }

    private int inOwnTransaction(GatewayWrites writes) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int touched = apply(c, writes, Instant.now());
                c.commit();
                return touched;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (io.gatewaysync.record.ConcurrentRecordChangeException e) {
            throw new StaleGatewayWrite(e.getMessage()); // an expected hash the object no longer has
        } catch (SQLException e) {
            throw new GatewayException("embedded gateway: writing to schema '" + writes.schema + "': " + e.getMessage(), e);
        }
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int n : counts) {
            total += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : n;
        }
        return total;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * A page look-up: {@code sql} joins {@code UNNEST(?)} (the ids, parameter 1) with the table on
     * {@code schema_name = ?} (parameter 2). Not {@code id = ANY(?)}: H2 uses an index for ANY/IN
     * only on an index's first column, and the key is (schema_name, id), so that scanned the whole
     * schema for every page.
     */
    private void query(String sql, String schema, Collection<String> ids, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, Jdbc.varchars(c, ids));
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new GatewayException("embedded gateway: reading schema '" + schema + "': " + e.getMessage(), e);
        }
    }

    private List<StoredObject> select(String sql, String schema, String id, int offset, int limit) {
        List<StoredObject> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            if (id != null) {
                ps.setString(2, id);
            } else {
                ps.setInt(2, limit);
                ps.setInt(3, offset);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredObject(rs.getString("schema_name"), rs.getString("id"), parse(rs.getString("data")),
                            rs.getString("hash"), Jdbc.getInstant(rs, "date_created"), Jdbc.getInstant(rs, "date_modified")));
                }
            }
        } catch (SQLException e) {
            throw new GatewayException("embedded gateway: reading schema '" + schema + "': " + e.getMessage(), e);
        }
        return rows;
    }

    private ObjectNode parse(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new GatewayException("embedded gateway: stored object is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
