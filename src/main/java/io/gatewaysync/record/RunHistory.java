package io.gatewaysync.record;

import io.gatewaysync.db.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run history table ({@code run_history}, migrations V12, V15): one row per run, written when it
 * ends, read newest first per source, pruned by age through the index on {@code started_at}. Skipped
 * ticks fold into the source's newest row when that is a skip for the same reason ({@link #recordSkip}).
 */
public class RunHistory {

    /** Longest message kept (the column's size); longer ones end in "…". */
    static final int MESSAGE_LENGTH = 2000;

    private static final String COLUMNS = "id, source, engine, run_number, run_trigger, mode, status, started_at, "
            + "ended_at, duration_ms, created, updated, deleted, unchanged, conflicts, pushed, failed, seen, pages, message, "
            + "blocked, repeats";

    /** Run triggers of one-object syncs: their rows are listed apart from the runs ({@link Kind#OBJECTS}). */
    private static final List<String> OBJECT_TRIGGERS = List.of("object", "notification");

    /** Which rows a listing wants: all, runs of the listing (skips included), or one-object syncs. */
    public enum Kind { ALL, RUNS, OBJECTS }

    private final DataSource dataSource;

    public RunHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One run as stored; {@code id} is 0 before it is. Counters are those of the summary line;
     * {@code runNumber} is 0 for a one-object sync or a skip (they take none); {@code repeats} is how many
     * skipped ticks a SKIPPED row stands for (1 otherwise).
     */
    public record Row(long id, String source, String engine, long runNumber, String trigger, String mode, String status,
                      Instant startedAt, Instant endedAt, long durationMs, long created, long updated, long deleted,
                      long unchanged, long conflicts, long pushed, long failed, long seen, long pages, String message,
                      long blocked, long repeats) {

        /** A row without blocked records that stands for one run. */
        public Row(long id, String source, String engine, long runNumber, String trigger, String mode, String status,
                   Instant startedAt, Instant endedAt, long durationMs, long created, long updated, long deleted,
                   long unchanged, long conflicts, long pushed, long failed, long seen, long pages, String message) {
            this(id, source, engine, runNumber, trigger, mode, status, startedAt, endedAt, durationMs, created, updated,
                    deleted, unchanged, conflicts, pushed, failed, seen, pages, message, 0, 1);
        }

        /** A one-object sync (a retry, JMX syncObject, notifications), not a run of the listing. */
        public boolean singleObject() {
            return OBJECT_TRIGGERS.contains(trigger);
        }
    }

    public void record(Row row) {
        String sql = "INSERT INTO run_history (source, engine, run_number, run_trigger, mode, status, started_at, "
                + "ended_at, duration_ms, created, updated, deleted, unchanged, conflicts, pushed, failed, seen, pages, "
                + "message, blocked, repeats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, row.source());
            ps.setString(2, cut(row.engine(), 255));
            ps.setLong(3, row.runNumber());
            ps.setString(4, row.trigger());
            ps.setString(5, row.mode());
            ps.setString(6, row.status());
            Jdbc.setInstant(ps, 7, row.startedAt());
            Jdbc.setInstant(ps, 8, row.endedAt());
            long[] counters = {row.durationMs(), row.created(), row.updated(), row.deleted(), row.unchanged(),
                    row.conflicts(), row.pushed(), row.failed(), row.seen(), row.pages()};
            for (int i = 0; i < counters.length; i++) {
                ps.setLong(9 + i, counters[i]);
            }
            ps.setString(19, cut(row.message(), MESSAGE_LENGTH));
            ps.setLong(20, row.blocked());
            ps.setLong(21, Math.max(1, row.repeats()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RecordStoreException("storing the history row of a run of source '" + row.source() + "'", e);
        }
    }

    /**
     * A skipped tick: folded into the source's newest row when that is a skip for the same reason (its
     * {@code repeats} counted up, its end moved to this tick, its message the latest), else a new SKIPPED
     * row. A skip never crowds the history: a source paused for a day is one row, not 96. The reason is
     * the message up to its first ':' ("paused", "another engine is running it"): which engine holds the
     * lease, and until when, may change from tick to tick without starting a new row.
     */
    public void recordSkip(Row row) {
        String sql = "UPDATE run_history SET repeats = repeats + 1, ended_at = ?, message = ? WHERE id = (SELECT MAX(id) "
                + "FROM run_history WHERE source = ?) AND status = 'SKIPPED' AND message LIKE ?";
        String message = cut(row.message(), MESSAGE_LENGTH);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.setInstant(ps, 1, row.endedAt());
            ps.setString(2, message);
            ps.setString(3, row.source());
            ps.setString(4, reason(message).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            if (message != null && ps.executeUpdate() > 0) {
                return;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("folding a skipped run of source '" + row.source() + "' into its history", e);
        }
        record(row);
    }

    /** Why a run was skipped, without the particulars: the message up to its first ':'. */
    static String reason(String message) {
        if (message == null) {
            return "";
        }
        int colon = message.indexOf(':');
        return colon < 0 ? message : message.substring(0, colon);
    }

    /**
     * Newest first: at most {@code limit} rows of {@code source} (null: every source) with an id below
     * {@code beforeId} (null: from the newest), so that a page continues where the last one ended.
     */
    public List<Row> list(String source, Long beforeId, int limit) {
        return list(source, Kind.ALL, beforeId, limit);
    }

    /** As {@link #list(String, Long, int)}, of one {@link Kind} of rows. */
    public List<Row> list(String source, Kind kind, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM run_history WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (source != null) {
            sql.append(" AND source = ?");
            args.add(source);
        }
        if (kind != Kind.ALL) {
            sql.append(" AND run_trigger ").append(kind == Kind.OBJECTS ? "IN" : "NOT IN").append(" (?, ?)");
            args.addAll(OBJECT_TRIGGERS);
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        sql.append(source != null ? " ORDER BY source DESC, id DESC" : " ORDER BY id DESC").append(" LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new RecordStoreException("reading the run history" + (source == null ? "" : " of source '" + source + "'"), e);
        }
    }

    /**
     * The last {@code n} runs of the listing of each source, newest first (no skips, no one-object syncs):
     * the overview's trend. One indexed look-up per source on one connection, never a scan of the table.
     */
    public java.util.Map<String, List<Row>> recentRuns(java.util.Collection<String> sources, int n) {
        String sql = "SELECT " + COLUMNS + " FROM run_history WHERE source = ? AND status <> 'SKIPPED' "
                + "AND run_trigger NOT IN (?, ?) ORDER BY source DESC, id DESC LIMIT ?";
        java.util.Map<String, List<Row>> recent = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (String source : sources) {
                ps.setString(1, source);
                ps.setString(2, OBJECT_TRIGGERS.get(0));
                ps.setString(3, OBJECT_TRIGGERS.get(1));
                ps.setInt(4, n);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(map(rs));
                    }
                }
                recent.put(source, rows);
            }
            return recent;
        } catch (SQLException e) {
            throw new RecordStoreException("reading the recent runs of " + sources.size() + " sources", e);
        }
    }

    /** Deletes the rows of runs started before {@code cutoff}; returns how many. */
    public int prune(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM run_history WHERE started_at < ?")) {
            Jdbc.setInstant(ps, 1, cutoff);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new RecordStoreException("pruning the run history", e);
        }
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getString(7), Jdbc.getInstant(rs, 8), Jdbc.getInstant(rs, 9), rs.getLong(10), rs.getLong(11),
                rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16), rs.getLong(17),
                rs.getLong(18), rs.getLong(19), rs.getString(20), rs.getLong(21), rs.getLong(22));
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length - 1) + "…";
    }
}
