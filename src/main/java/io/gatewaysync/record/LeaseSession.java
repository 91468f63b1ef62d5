package io.gatewaysync.record;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * PostgreSQL only: ties a run lease to a database session. The engine keeps one connection of its own
 * (outside the pool) and, for every lease it holds, a session-level advisory lock on the source. When the
 * engine dies, its connection closes and the server releases those locks at once; another engine that
 * can take the lock knows the holder is gone, on any host. If this connection breaks, its locks are
 * gone too: the lease then rests on its expiry, and the next heartbeat takes the lock again.
 */
final class LeaseSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseSession.class);

    private final DataSource dataSource;
    private final Set<String> held = new HashSet<>();
    private Connection connection;
    private int backend;

    LeaseSession(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** This session's backend process id (what {@code source_run.holder_session} names), or null. */
    synchronized Integer backend() {
        return connection == null ? null : backend;
    }

    synchronized boolean holds(String source) {
        return held.contains(source);
    }

    /** Takes the source's advisory lock unless another session holds it. */
    synchronized boolean tryLock(String source) {
        if (held.contains(source)) {
            return true;
        }
        try {
            try (PreparedStatement ps = connection().prepareStatement("SELECT pg_try_advisory_lock(?), pg_backend_pid()")) {
                ps.setLong(1, key(source));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    backend = rs.getInt(2);
                    if (rs.getBoolean(1)) {
                        held.add(source);
                        return true;
                    }
                    return false;
                }
            }
        } catch (SQLException e) {
            broken(e);
            return false;
        }
    }

    synchronized void unlock(String source) {
        if (!held.remove(source) || connection == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key(source));
            ps.executeQuery().close();
        } catch (SQLException e) {
            broken(e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = open();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    /** A connection of its own: a pooled one may be retired by the pool, and with it the locks. */
    private Connection open() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    private void broken(SQLException e) {
        LOG.warn("run lease session: {} (leases rest on their expiry until it is back)", e.getMessage());
        held.clear();
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        held.clear();
        closeQuietly();
    }

    /** 64 bits of SHA-256 over the source's name: the advisory lock's key. */
    static long key(String source) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("gateway-sync:" + source).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (d[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
