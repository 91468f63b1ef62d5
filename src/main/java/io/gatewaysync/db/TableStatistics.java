package io.gatewaysync.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
    private boolean analysing;

    public TableStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = "postgresql".equals(Jdbc.vendor(dataSource));
    }

    /**
     * Records that a committed page inserted {@code rows} records (and as many gateway objects at most).
     * Call it without holding a connection: an analysis takes one. Only one analysis runs at a time, and
     * nobody waits for it: pages of other sources that cross the threshold meanwhile just go on.
     */
    public void inserted(int rows) {
        if (!postgres || rows == 0) {
            return;
        }
        long due;
        synchronized (this) {
            sinceAnalysis += rows;
            if (analysing || sinceAnalysis < Math.max(MIN_INSERTS, atAnalysis)) {
                return;
            }
            analysing = true;
            due = sinceAnalysis;
        }
        boolean done = false;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE synchronization");
            s.execute("ANALYZE gateway_object");
            done = true;
            LOG.debug("planner statistics refreshed after {} inserted records", atAnalysis + due);
        } catch (SQLException e) {
            // Only a slower plan is at stake; try again after the next page.
            LOG.warn("could not refresh the planner statistics: {}", e.getMessage());
        } finally {
            synchronized (this) {
                if (done) {
                    atAnalysis += due;
                    sinceAnalysis -= due;
                }
                analysing = false;
            }
        }
    }
}
