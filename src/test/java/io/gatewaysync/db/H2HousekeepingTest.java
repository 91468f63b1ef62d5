package io.gatewaysync.db;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An H2 file written with WRITE_DELAY 0 has no background writer; {@link H2Housekeeping} does its
 * compaction: rows rewritten in many small commits leave chunks mostly filled with dead pages, and
 * the compaction steps bring the live share of the chunks back up.
 */
class H2HousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void compactionStepsRaiseTheChunksFillRateThatSmallCommitsLowered() throws Exception {
        try (HikariDataSource ds = new HikariDataSource()) {
            // A plain pool (Database.open would start its own compaction thread): writes reach the file at once.
            ds.setJdbcUrl(url("rows"));
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0");
            }
            H2Housekeeping housekeeping = H2Housekeeping.open(ds, false);
            assertNotNull(housekeeping, "an embedded H2 file has a store to compact");
            try (housekeeping; Connection c = ds.getConnection()) {
                MVStore store = H2Housekeeping.store(c);
                store.setRetentionTime(0); // chunks are rewritable at once (the engine waits RETENTION_MS)
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200))");
                }
                writeInSmallCommits(c, 5000, 4);
                int before = store.getFileStore().getChunksFillRate();
                int steps = 0;
                while (steps < 200 && housekeeping.compactNow()) {
                    steps++;
                    touch(c, steps); // a commit, as the engine's next page makes: the rewritten chunks fall out of use
                }
                for (int i = 0; i < 3; i++) {
                    touch(c, -i);
                }
                int after = store.getFileStore().getChunksFillRate();
                assertTrue(before < 50, "small commits should leave mostly dead pages; fill rate " + before + " %");
                assertTrue(after >= 80 && after > before + 30, "fill rate " + before + " % -> " + after + " %");
            }
        }
    }

    @Test
    void theEngineDatabaseCompactsItsH2FileUntilItCloses() throws Exception {
        HikariDataSource ds = Database.open(url("engine"), "sa", "", 2);
        try {
            assertTrue(housekeepingThreadAlive("engine", true), "no h2-housekeeping thread while the H2 file is open");
        } finally {
            ds.close();
        }
        assertFalse(housekeepingThreadAlive("engine", false), "h2-housekeeping still running after the pool closed");
    }

    @Test
    void anInMemoryDatabaseHasNothingToCompact() throws SQLException {
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl("jdbc:h2:mem:housekeeping");
            assertNull(H2Housekeeping.start(ds));
        }
    }

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    private static void writeInSmallCommits(Connection c, int rows, int rounds) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement merge = c.prepareStatement("MERGE INTO t KEY (id) VALUES (?, ?)")) {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < rows; i++) {
                    merge.setInt(1, i);
                    merge.setString(2, "round " + round + " row " + i + " " + "x".repeat(100));
                    merge.addBatch();
                    if (i % 50 == 49) {
                        merge.executeBatch();
                        c.commit();
                    }
                }
                merge.executeBatch();
                c.commit();
            }
        }
        c.setAutoCommit(true);
    }

    private static void touch(Connection c, int n) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE t SET v = 'touched " + n + "' WHERE id = 0");
        }
    }

    /** Whether the thread runs, given a moment to reach the state expected. */
    private boolean housekeepingThreadAlive(String name, boolean expected) throws InterruptedException {
        String thread = H2Housekeeping.THREAD + dir.resolve(name).toAbsolutePath() + ".mv.db";
        boolean alive = !expected;
        for (int i = 0; i < 100 && alive != expected; i++) {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(thread) && t.isAlive());
            if (alive != expected) {
                Thread.sleep(20);
            }
        }
        return alive;
    }
}
