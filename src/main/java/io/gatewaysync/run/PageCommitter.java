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
import java.util.ArrayList;
import java.util.List;

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
        commit(List.of(work));
    }

    /** Several pages of one run in one transaction (a group of listing pages with few writes, CommitPipeline). */
    public void commit(List<PageWork> pages) {
        List<PageWork> writing = new ArrayList<>(pages.size());
        for (PageWork work : pages) {
            if (!work.run().dryRun() && !(work.gatewayWrites().isEmpty() && work.stagedRecords() == 0)) {
                writing.add(work);
            }
        }
        if (writing.isEmpty()) {
            return;
        }
        SyncRun run = writing.get(0).run();
        String source = run.source().name();
        // A source's own run raises no change stamp of its own (run/QuietDigest keeps up instead).
        boolean own = run.ownRun();
        Instant now = Instant.now();
        long[][] insertedIds = new long[writing.size()][];
        int inserted = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < writing.size(); i++) {
                    PageWork work = writing.get(i);
                    if (!work.gatewayWrites().isEmpty()) {
                        if (own) {
                            work.gatewayWrites().byRunOf(source);
                        }
                        gatewayStore.apply(c, work.gatewayWrites(), now);
                    }
                    records.delete(c, source, work.deletes, own);
                    records.update(c, work.updates, own);
                    insertedIds[i] = records.insert(c, work.inserts, own);
                    inserted += work.inserts.size();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw lockConflict(e) ? new ConcurrentRecordChangeException("the page met a concurrent writer: "
                        + e.getMessage()) : e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RecordStoreException("committing " + (writing.size() == 1 ? "a page" : writing.size() + " pages")
                    + " of source '" + source + "'", e);
        }
        for (int i = 0; i < writing.size(); i++) {
            writing.get(i).insertedIds = insertedIds[i];
        }
        statistics.inserted(inserted); // with the pages' connection back in the pool
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
