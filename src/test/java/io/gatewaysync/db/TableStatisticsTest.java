package io.gatewaysync.db;

import io.gatewaysync.run.RunResult;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.GeneratedSource;
import io.gatewaysync.testsupport.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On PostgreSQL the engine refreshes the planner statistics while a load grows the tables: after 1,000
 * inserted records, then whenever the inserts since the last analysis reach what was inserted before it
 * (2,000, 4,000, …). 5,000 records in pages of 500 make exactly three analyses of each table; a run
 * that inserts nothing makes none.
 */
class TableStatisticsTest {

    @TempDir
    Path dir;

    @Test
    void analysesFollowTheInsertsDoublingAndAQuietRunMakesNone() throws Exception {
        try (GeneratedSource source = GeneratedSource.start(5000, 500);
             EngineHarness engine = new EngineHarness(dir, Postgres.freshDatabase())) {
            engine.route("items", source.url(), "pagination", "next-link").start();
            RunResult load = engine.sync("items");
            assertEquals(5000, load.created(), load.line());
            DataSource ds = engine.bean("dataSource", DataSource.class);
            assertEquals(3, awaitAnalyses(ds, "synchronization", 3));
            assertEquals(3, awaitAnalyses(ds, "gateway_object", 3));

            RunResult quiet = engine.sync("items");
            assertEquals(5000, quiet.unchanged(), quiet.line());
            Thread.sleep(1500); // statistics of a session reach the shared view within a second
            assertEquals(3, analyses(ds, "synchronization"));
        }
    }

    private static long awaitAnalyses(DataSource ds, String table, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        long n = analyses(ds, table);
        while (n < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            n = analyses(ds, table);
        }
        return n;
    }

    private static long analyses(DataSource ds, String table) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
