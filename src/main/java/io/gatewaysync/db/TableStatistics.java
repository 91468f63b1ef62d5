package io.gatewaysync.db;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps PostgreSQL's planner statistics in step with a fast-growing synchronization table.
 *
 * <p>Why: autovacuum analyses a table only after a share of it changed and only when it gets round to
 * it. During an initial load the planner still believes the tables are (nearly) empty, so the page
 * look-up (a join of the page's ids against the records) becomes a hash join over the whole source:
 * measured at 100,000 records, 60 ms a page and growing with every page, against 4 ms with the unique
 * index once the statistics were fresh. So the engine runs {@code ANALYZE} itself whenever the records it
 * inserted since its last analysis reach the number it had inserted before (at least
 * {@value #MIN_INSERTS}): a doubling, so a load of N records costs about log2(N) analyses, each a
 * bounded sample (PostgreSQL reads at most 30,000 rows per table).
 *
 * <p>H2 keeps its own row counts current and needs none of this: on H2 this does nothing.
 */
public final class TableStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(TableStatistics.class);
    static final int MIN_INSERTS = 1000;

    private final DataSource dataSource;
    private final boolean postgres;
    private long sinceAnalysis;
    private long atAnalysis;
    /*
     * The analyses run one at a time on a thread of their own: on the commit thread, which waited for
     * them, the 14 of an initial load of 500,000 took 1.6 s of its critical path. A daemon: an analysis
     * still running when the process ends only leaves the statistics as they were.
     */
    private final ExecutorService analyser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gateway-sync-analyse");
        t.setDaemon(true);
        return t;
    });

    public TableStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = "postgresql".equals(Jdbc.vendor(dataSource));
    }

    /**
     * Records that a committed page inserted {@code rows} records (and as many gateway objects at most),
     * and starts an analysis when they reach the doubling. Nobody waits for it: the analyses queue on
     * their own thread, one at a time, and the caller goes on.
     */
    public void inserted(int rows) {
        if (!postgres || rows == 0) {
            return;
        }
        long due;
        synchronized (this) {
            sinceAnalysis += rows;
            if (sinceAnalysis < Math.max(MIN_INSERTS, atAnalysis)) {
                return;
            }
            due = sinceAnalysis;
            atAnalysis += due;
            sinceAnalysis = 0;
        }
        analyser.execute(() -> analyse(due));
    }

    private void analyse(long due) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE synchronization");
            s.execute("ANALYZE gateway_object");
            LOG.debug("planner statistics refreshed after {} inserted records", due);
        } catch (SQLException e) {
            // Only a slower plan is at stake; the inserts count towards the next analysis again.
            synchronized (this) {
                atAnalysis -= due;
                sinceAnalysis += due;
            }
            if (isOpen()) {
                LOG.warn("could not refresh the planner statistics: {}", e.getMessage());
            }
        }
    }

    /** False once the pool is closed (the engine stopped while an analysis waited or ran). */
    private boolean isOpen() {
        return !(dataSource instanceof HikariDataSource pool) || !pool.isClosed();
    }
}
