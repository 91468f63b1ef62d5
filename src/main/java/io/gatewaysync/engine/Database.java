package io.gatewaysync.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.db.H2Housekeeping;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The engine's one database: synchronization records, run leases and the embedded gateway.
 * Migrations run at start-up, so an empty H2 file or PostgreSQL database is ready to use.
 */
public final class Database {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    /** What opening the database depends on ({@code sync.db.*}); the password is never shown. */
    record Settings(String url, String user, String password, int poolSize, boolean h2Compaction) {
        @Override
        public String toString() {
            return "Settings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + ", h2Compaction=" + h2Compaction + "]";
        }
    }

    static HikariDataSource open(Settings s) {
        return open(s.url(), s.user(), s.password(), s.poolSize(), s.h2Compaction());
    }

    public static HikariDataSource open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, true);
    }

    /** {@code h2Compaction}: compact an H2 file written with WRITE_DELAY 0 ({@code sync.db.h2-compaction}). */
    public static HikariDataSource open(String url, String user, String password, int poolSize, boolean h2Compaction) {
        boolean immediate = wantsImmediateWrites(url);
        boolean compacted = h2Compaction && immediate;
        url = openUrl(url, user);
        if (compacted && !url.toLowerCase(java.util.Locale.ROOT).contains("max_compact_time")) {
            // The engine compacts the file while it runs (H2Housekeeping); H2's compaction on close then
            // only costs shutdown time (seconds on a loaded machine) without making the file smaller.
            url = url + ";MAX_COMPACT_TIME=0";
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("gateway-sync");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            // A page's inserts go to the server as multi-row INSERTs instead of one statement per row
            // (pgJDBC's own option; batch counts become SUCCESS_NO_INFO, which the stores accept).
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // Fail fast: an unreachable database is a configuration error, reported at start-up.
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(10_000);
        EngineDataSource dataSource = new EngineDataSource(config);
        H2ExitHook.remove(url);
        try {
            Schema.migrate(dataSource);
            if (immediate) {
                writeEveryCommit(dataSource); // already so from the URL; warns when the user may not (no admin rights)
            }
            if (compacted) {
                // Immediate writes switch H2's background writer, and with it its compaction, off.
                dataSource.housekeeping = H2Housekeeping.start(dataSource);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /**
     * H2 does not keep WRITE_DELAY: every open started its background writer (500 ms), which began
     * compacting the file at once (1-1.5 s of CPU before the first request at 200,000 objects) until
     * {@code SET WRITE_DELAY 0} stopped it and waited for it. Given in the URL, H2 opens with it. Only
     * for the default user {@code sa} (the admin of a database H2 creates for it): for a user without
     * admin rights the setting in the URL makes the connection fail, so others keep the SET (a warning).
     */
    static String openUrl(String url, String user) {
        return wantsImmediateWrites(url) && "sa".equalsIgnoreCase(user == null ? "" : user.trim()) ? url + ";WRITE_DELAY=0" : url;
    }

    /**
     * H2 keeps no redo log: a commit reaches the file only when the store is next written, by default
     * up to 500 ms later, so a killed process loses its last commits, write intents included (and an
     * intent lost after its POST went out means a duplicate at the source). {@code SET WRITE_DELAY 0}
     * (a persistent database setting; it needs admin rights) writes at every commit. Applied to H2 file
     * databases whose URL does not choose a WRITE_DELAY itself.
     */
    static boolean wantsImmediateWrites(String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean h2File = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
                && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
        return h2File && !lower.contains("write_delay");
    }

    private static void writeEveryCommit(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            LOG.warn("H2: could not make every commit reach the file at once (SET WRITE_DELAY 0: {}); if the "
                    + "engine is killed, its last half second of commits is lost. Connect as a user with admin "
                    + "rights on the database.", e.getMessage());
        }
    }

    /** The pool, which stops the H2 compaction thread before it closes the database. */
    static final class EngineDataSource extends HikariDataSource {
        private volatile H2Housekeeping housekeeping;

        EngineDataSource(HikariConfig config) {
            super(config);
        }

        @Override
        public void close() {
            H2Housekeeping h = housekeeping;
            housekeeping = null;
            if (h != null) {
                h.close();
            }
            super.close();
        }
    }
}
