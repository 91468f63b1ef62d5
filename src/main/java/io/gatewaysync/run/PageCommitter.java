package io.gatewaysync.run;

import io.gatewaysync.db.TableStatistics;
import io.gatewaysync.gateway.EmbeddedGatewayStore;
import io.gatewaysync.record.ConcurrentRecordChangeException;
import io.gatewaysync.record.RecordStoreException;
import io.gatewaysync.record.SyncRecordStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Commits a page: the embedded gateway's writes and the synchronization records in ONE transaction,
 * as JDBC batches. A crash before the commit leaves neither; after it, both. The number of
 * statements does not depend on the page size.
 */
public class PageCommitter {

    private final DataSource dataSource;
    private final EmbeddedGatewayStore gatewayStore;
    private final SyncRecordStore records;
    private final TableStatistics statistics;

    public PageCommitter(DataSource dataSource, EmbeddedGatewayStore gatewayStore, SyncRecordStore records,
                         TableStatistics statistics) {
        this.dataSource = dataSource;
        this.gatewayStore = gatewayStore;
        this.records = records;
        this.statistics = statistics;
    }

    public void commit(PageWork work) {
        if (work.run().dryRun() || (work.gatewayWrites().isEmpty() && work.stagedRecords() == 0)) {
            return;
        }
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // A source's own run raises no change stamp of its own (run/QuietDigest keeps up instead).
                boolean own = work.run().ownRun();
                String source = work.run().source().name();
                if (!work.gatewayWrites().isEmpty()) {
                    if (own) {
                        work.gatewayWrites().byRunOf(source);
                    }
                    gatewayStore.apply(c, work.gatewayWrites(), now);
                }
                records.delete(c, source, work.deletes, own);
                records.update(c, work.updates, own);
                long[] ids = records.insert(c, work.inserts, own);
                c.commit();
                work.insertedIds = ids;
            } catch (SQLException e) {
                c.rollback();
                throw lockConflict(e) ? new ConcurrentRecordChangeException("the page met a concurrent writer: "
                        + e.getMessage()) : e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("committing a page of source '" + work.run().source().name() + "'", e);
        }
        statistics.inserted(work.inserts.size()); // with the page's connection back in the pool
    }

    /**
     * A deadlock, serialization failure or lock timeout: two runs of sources that share a gateway schema
     * wrote the same objects at once. Like an optimistic-lock failure, the page is rolled back and its
     * objects are decided again on the next run, instead of failing the whole run.
     */
    static boolean lockConflict(SQLException sql) {
        if (sql instanceof ConcurrentRecordChangeException) {
            return false;
        }
        String state = sql.getSQLState();
        return (state != null && state.startsWith("40")) || "HYT00".equals(state)
                || sql.getErrorCode() == 50200 || sql.getErrorCode() == 90131;
    }
}
