package io.gatewaysync.record;

import io.gatewaysync.db.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Per-source run numbers and leases. Taking the lease is one conditional UPDATE, so that two engines
 * on one database never run the same source at the same moment; the lease expires on its own when
 * an engine dies, and is renewed while a run makes progress.
 */
public class SourceRunStore {

    private final DataSource dataSource;

    public SourceRunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the lease and returns the new run number, or empty when another owner holds it. */
    public OptionalLong begin(String source, String owner, Duration lease, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ensureRow(c, source);
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE source_run SET run_number = run_number + 1, "
                        + "owner = ?, lease_until = ?, started_at = ?, finished_at = NULL, status = 'RUNNING' "
                        + "WHERE source = ? AND (owner IS NULL OR owner = ? OR lease_until < ?)")) {
                    ps.setString(1, owner);
                    Jdbc.setInstant(ps, 2, now.plus(lease));
                    Jdbc.setInstant(ps, 3, now);
                    ps.setString(4, source);
                    ps.setString(5, owner);
                    Jdbc.setInstant(ps, 6, now);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    c.rollback();
                    return OptionalLong.empty();
                }
                long run;
                try (PreparedStatement ps = c.prepareStatement("SELECT run_number FROM source_run WHERE source = ?")) {
                    ps.setString(1, source);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        run = rs.getLong(1);
                    }
                }
                c.commit();
                return OptionalLong.of(run);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("starting a run of source '" + source + "'", e);
        }
    }

    /** Extends the lease; false when it was lost (another engine took over after expiry). */
    public boolean renew(String source, String owner, Duration lease, Instant now) {
        return execute("UPDATE source_run SET lease_until = ? WHERE source = ? AND owner = ?",
                ps -> {
                    Jdbc.setInstant(ps, 1, now.plus(lease));
                    ps.setString(2, source);
                    ps.setString(3, owner);
                }, "renewing the lease of source '" + source + "'") > 0;
    }

    /**
     * Releases the lease and stores the outcome. {@code listedAt}: when the run's listing began, if it was
     * complete and every page committed (every listed record was checked then), else null (kept as it was).
     */
    public void finish(String source, String owner, String status, String summary, Instant now, Instant listedAt) {
        execute("UPDATE source_run SET owner = NULL, lease_until = NULL, finished_at = ?, status = ?, summary = ?, "
                        + "listed_at = COALESCE(?, listed_at) WHERE source = ? AND owner = ?",
                ps -> {
                    Jdbc.setInstant(ps, 1, now);
                    ps.setString(2, status);
                    ps.setString(3, summary);
                    Jdbc.setInstant(ps, 4, listedAt);
                    ps.setString(5, source);
                    ps.setString(6, owner);
                }, "finishing the run of source '" + source + "'");
    }

    /** What the modes of the next run depend on (see V10): all null before the first run. */
    public record RunMarks(String mappingHash, Instant okStartedAt, Instant fullStartedAt, Instant fullFinishedAt) {
        public static final RunMarks NONE = new RunMarks(null, null, null, null);
    }

    public RunMarks marks(String source) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT mapping_hash, ok_started_at, listed_at, full_finished_at FROM source_run WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new RunMarks(rs.getString(1), Jdbc.getInstant(rs, 2), Jdbc.getInstant(rs, 3),
                        Jdbc.getInstant(rs, 4)) : RunMarks.NONE;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("reading the run marks of source '" + source + "'", e);
        }
    }

    /**
     * After a successful run: its start becomes the next incremental watermark; after a complete one also
     * its end and the mappings it delivered with ({@code mappingHash}, null for none).
     */
    public void succeeded(String source, Instant started, boolean complete, Instant now, String mappingHash) {
        execute("UPDATE source_run SET ok_started_at = ?, full_finished_at = CASE WHEN ? THEN ? ELSE full_finished_at END, "
                        + "mapping_hash = CASE WHEN ? THEN ? ELSE mapping_hash END WHERE source = ?",
                ps -> {
                    Jdbc.setInstant(ps, 1, started);
                    ps.setBoolean(2, complete);
                    Jdbc.setInstant(ps, 3, now);
                    ps.setBoolean(4, complete);
                    ps.setString(5, mappingHash);
                    ps.setString(6, source);
                }, "recording the successful run of source '" + source + "'");
    }

    private void ensureRow(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM source_run WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO source_run (source, run_number) SELECT ?, 0 WHERE NOT EXISTS "
                        + "(SELECT 1 FROM source_run WHERE source = ?)")) {
            ps.setString(1, source);
            ps.setString(2, source);
            ps.executeUpdate();
        } catch (SQLException raced) {
            // Another engine inserted the row at the same moment: the row exists, which is all we need.
            c.rollback();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int execute(String sql, Binder binder, String doing) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new RecordStoreException(doing, e);
        }
    }
}
