package io.gatewaysync.record;

import io.gatewaysync.db.Jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * on one database never run the same source at the same moment. A lease whose holder is provably gone
 * ({@link LeaseHolder}: a dead process on this host; on PostgreSQL a database session that no longer
 * holds the source's advisory lock, {@link LeaseSession}) is taken over at once; otherwise the lease
 * expires on its own when an engine dies, and is renewed while a run makes progress.
 */
public class SourceRunStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRunStore.class);

    private final DataSource dataSource;
    /** PostgreSQL: the session that ties this engine's leases to its life; null on other databases. */
    private final LeaseSession session;
    private final java.util.Set<String> owners = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SourceRunStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.session = "postgresql".equals(Jdbc.vendor(dataSource)) ? new LeaseSession(dataSource) : null;
    }

    /** The outcome of an attempt to take a lease: the new run number, or who holds it. */
    public record Attempt(OptionalLong run, LeaseHolder holder) {
        public boolean taken() {
            return run.isPresent();
        }
    }

    /** Takes the lease and returns the new run number, or empty when another owner holds it. */
    public OptionalLong begin(String source, String owner, Duration lease, Instant now) {
        return take(source, owner, lease, now).run();
    }

    /**
     * Takes the lease for a one-object sync: as {@link #begin}, but the run number stays (a one-object
     * sync is not a run); the number returned is the last run's.
     */
    public OptionalLong beginUnnumbered(String source, String owner, Duration lease, Instant now) {
        return take(source, owner, lease, now, false).run();
    }

    /** Takes the lease (or takes over one whose holder is provably gone); else says who holds it. */
    public Attempt take(String source, String owner, Duration lease, Instant now) {
        return take(source, owner, lease, now, true);
    }

    private Attempt take(String source, String owner, Duration lease, Instant now, boolean numbered) {
        registerOwner(owner);
        // Already held by this session: another owner of this engine (a run, a one-object sync) has the lease.
        boolean ours = session != null && session.holds(source);
        boolean locked = session != null && session.tryLock(source);
        Attempt attempt;
        try {
            attempt = takeRow(source, owner, lease, now, locked, numbered);
        } catch (RuntimeException e) {
            if (locked && !ours) {
                session.unlock(source);
            }
            throw e;
        }
        if (!attempt.taken() && locked && !ours) {
            session.unlock(source);
        }
        return attempt;
    }

    private Attempt takeRow(String source, String owner, Duration lease, Instant now, boolean locked, boolean numbered) {
        Integer backend = locked ? session.backend() : null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ensureRow(c, source);
                int updated = claim(c, source, owner, lease, now, backend, numbered, "(owner IS NULL OR owner = ? OR lease_until < ?)",
                        ps -> {
                            ps.setString(8, owner);
                            Jdbc.setInstant(ps, 9, now);
                        });
                if (updated == 0) {
                    LeaseHolder holder = holder(c, source);
                    String gone = holder == null ? null : gone(holder, locked, backend);
                    if (gone == null) {
                        c.rollback();
                        return new Attempt(OptionalLong.empty(), holder);
                    }
                    // Compare-and-set on the very holder seen: a third engine may have been quicker.
                    updated = claim(c, source, owner, lease, now, backend, numbered, "owner = ? AND started_at = ?", ps -> {
                        ps.setString(8, holder.owner());
                        Jdbc.setInstant(ps, 9, holder.since());
                    });
                    if (updated == 0) {
                        c.rollback();
                        return new Attempt(OptionalLong.empty(), holder(c, source));
                    }
                    LOG.warn("source '{}': took over the run lease {}: {}", source, holder.describe(), gone);
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
                return new Attempt(OptionalLong.of(run), null);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("starting a run of source '" + source + "'", e);
        }
    }

    private int claim(Connection c, String source, String owner, Duration lease, Instant now, Integer backend,
                      boolean numbered, String condition, Binder conditionValues) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE source_run SET run_number = run_number + "
                + (numbered ? "1" : "0") + ", "
                + "owner = ?, lease_until = ?, started_at = ?, finished_at = NULL, status = 'RUNNING', "
                + "holder_host = ?, holder_pid = ?, holder_session = ? WHERE source = ? AND " + condition)) {
            ps.setString(1, owner);
            Jdbc.setInstant(ps, 2, now.plus(lease));
            Jdbc.setInstant(ps, 3, now);
            ps.setString(4, LeaseHolder.HOST);
            ps.setLong(5, LeaseHolder.PID);
            if (backend == null) {
                ps.setNull(6, java.sql.Types.INTEGER);
            } else {
                ps.setInt(6, backend);
            }
            ps.setString(7, source);
            conditionValues.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** Who holds the source's lease now, or null when nobody does. */
    public LeaseHolder holder(String source) {
        try (Connection c = dataSource.getConnection()) {
            return holder(c, source);
        } catch (SQLException e) {
            throw new RecordStoreException("reading the lease of source '" + source + "'", e);
        }
    }

    private static LeaseHolder holder(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner, holder_host, holder_pid, holder_session, started_at, "
                + "lease_until FROM source_run WHERE source = ? AND owner IS NOT NULL")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long pid = rs.getLong(3);
                Long holderPid = rs.wasNull() ? null : pid;
                int session = rs.getInt(4);
                Integer holderSession = rs.wasNull() ? null : session;
                return new LeaseHolder(rs.getString(1), rs.getString(2), holderPid, holderSession,
                        Jdbc.getInstant(rs, 5), Jdbc.getInstant(rs, 6));
            }
        }
    }

    /**
     * Why the holder is provably gone, or null. {@code locked}: this engine's session could take the
     * source's advisory lock, so no other session holds it; it proves the holder gone only when the
     * holder's run was tied to a session, and not to this one.
     */
    private static String gone(LeaseHolder holder, boolean locked, Integer backend) {
        String process = holder.processGone();
        if (process != null) {
            return process;
        }
        if (locked && holder.session() != null && !holder.session().equals(backend)) {
            return "its database session (backend " + holder.session() + ") has ended";
        }
        return null;
    }

    /** Extends the lease; false when it was lost (another engine took over after expiry). */
    public boolean renew(String source, String owner, Duration lease, Instant now) {
        // A lease session that broke (and its lock with it) is tied again at the heartbeat.
        Integer backend = session != null && session.tryLock(source) ? session.backend() : null;
        return execute("UPDATE source_run SET lease_until = ?, holder_session = ? WHERE source = ? AND owner = ?",
                ps -> {
                    Jdbc.setInstant(ps, 1, now.plus(lease));
                    if (backend == null) {
                        ps.setNull(2, java.sql.Types.INTEGER);
                    } else {
                        ps.setInt(2, backend);
                    }
                    ps.setString(3, source);
                    ps.setString(4, owner);
                }, "renewing the lease of source '" + source + "'") > 0;
    }

    /**
     * Releases the lease and stores the outcome. {@code listedAt}: when the run's listing began, if it was
     * complete and every page committed (every listed record was checked then), else null (kept as it was).
     */
    public void finish(String source, String owner, String status, String summary, Instant now, Instant listedAt) {
        try {
            finishRow(source, owner, status, summary, now, listedAt);
        } finally {
            if (session != null) {
                session.unlock(source);
            }
        }
    }

    private void finishRow(String source, String owner, String status, String summary, Instant now, Instant listedAt) {
        execute("UPDATE source_run SET owner = NULL, lease_until = NULL, holder_host = NULL, holder_pid = NULL, "
                        + "holder_session = NULL, finished_at = ?, status = ?, summary = ?, "
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

    private void registerOwner(String owner) {
        if (owners.add(owner)) {
            LeaseHolder.live(owner);
        }
    }

    /** The engine stops: its owners are no longer live in this process, its lease session closes. */
    @Override
    public void close() {
        owners.forEach(LeaseHolder::ended);
        owners.clear();
        if (session != null) {
            session.close();
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
