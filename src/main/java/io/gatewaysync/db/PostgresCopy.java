package io.gatewaysync.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Bulk inserts through PostgreSQL's {@code COPY ... FROM STDIN} (pgJDBC's {@link CopyManager}) on the
 * caller's connection, hence inside the caller's transaction: a page's new rows arrive as one stream
 * instead of a batch of multi-row INSERTs, which the server parses, plans and executes statement by
 * statement. Constraints apply as for INSERT (a duplicate key fails the COPY, and with it the page's
 * transaction). Used for pages that insert at least {@link #MIN_ROWS} rows, i.e. an initial load.
 *
 * <p>Rows are written in COPY's text format: columns separated by tabs, {@code \N} for null,
 * backslash, tab, newline and carriage return escaped. They are sent every {@link #CHUNK} bytes while the
 * rest are still being written, so the server parses and indexes the first rows while the engine writes
 * the next: sent in one piece at the end, the commit thread first wrote a whole page, then waited for the
 * server to take it (JFR of an initial load of 500,000: ~7 s waiting, 2-4 s writing, one after the other).
 */
public final class PostgresCopy {

    /** Below this many rows the batch of INSERTs is as quick and COPY's set-up is not worth it. */
    public static final int MIN_ROWS = 50;

    /** Rows are sent once this many bytes are waiting. */
    static final int CHUNK = 64 * 1024;

    private final CopyManager copy;
    private final String sql;
    private final ByteArrayOutputStream rows = new ByteArrayOutputStream(CHUNK + 8 * 1024);
    private CopyIn started;
    private boolean firstColumn = true;

    private PostgresCopy(CopyManager copy, String table, String columns) {
        this.copy = copy;
        this.sql = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    /**
     * A COPY into {@code table (columns)} on {@code c} when it is a PostgreSQL connection and the page has
     * enough rows for it; otherwise null (the caller inserts with its batch). {@code table} and
     * {@code columns} are the caller's constants, never input.
     */
    public static PostgresCopy into(Connection c, String table, String columns, int rowCount) throws SQLException {
        if (rowCount < MIN_ROWS || !c.isWrapperFor(PGConnection.class)) {
            return null;
        }
        return new PostgresCopy(c.unwrap(PGConnection.class).getCopyAPI(), table, columns);
    }

    public PostgresCopy text(String value) {
        separator();
        if (value == null) {
            rows.writeBytes(NULL);
            return this;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            String replacement = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(ch);
                }
            }
        }
        rows.writeBytes((escaped != null ? escaped.toString() : value).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** As pgJDBC binds an Instant: UTC, rounded to the microsecond. */
    public PostgresCopy instant(Instant value) {
        return text(value == null ? null : value.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString());
    }

    public PostgresCopy number(long value) {
        return text(Long.toString(value));
    }

    public PostgresCopy bool(boolean value) {
        return text(value ? "t" : "f");
    }

    /** Ends the current row; sends the rows written so far once they make a chunk. */
    public PostgresCopy endRow() throws SQLException {
        rows.write('\n');
        firstColumn = true;
        if (rows.size() >= CHUNK) {
            send();
        }
        return this;
    }

    /** Sends the rows not sent yet and ends the COPY; returns the number the server stored. */
    public long execute() throws SQLException {
        if (started == null) {
            try {
                return copy.copyIn(sql, new ByteArrayInputStream(rows.toByteArray()));
            } catch (IOException e) {
                throw new SQLException("COPY: " + e.getMessage(), e);
            }
        }
        send();
        try {
            return started.endCopy();
        } catch (SQLException e) {
            cancel();
            throw e;
        }
    }

    /** Starts the COPY at the first chunk, and sends the rows waiting. */
    private void send() throws SQLException {
        try {
            if (started == null) {
                started = copy.copyIn(sql);
            }
            started.writeToCopy(rows.toByteArray(), 0, rows.size());
            rows.reset();
        } catch (SQLException e) {
            cancel();
            throw e;
        }
    }

    /**
     * Leaves COPY mode after a failure, so that the caller can roll its transaction back on this
     * connection; that the page failed is what the caller learns (the exception it gets).
     */
    private void cancel() {
        try {
            if (started != null && started.isActive()) {
                started.cancelCopy();
            }
        } catch (SQLException alreadyEnded) {
            // the server ended the COPY itself
        }
    }

    private void separator() {
        if (!firstColumn) {
            rows.write('\t');
        }
        firstColumn = false;
    }

    private static final byte[] NULL = {'\\', 'N'};
}
