package io.gatewaysync.record;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The records with an open write intent are found through open_intent (V19), so it must follow every
 * intent: written with a new record's intent, moved with a changed one, gone when the intent closes or the
 * record is deleted, and filled from the records' own columns when a database from before V19 migrates.
 */
class OpenIntentsTest {

    static final String SOURCE = "pets";
    static final String SCHEMA = "https://example.org/pet.json";
    static final String DELETE = "DELETE_IN_SOURCE";

    @TempDir
    Path dir;

    protected String url() {
        return "jdbc:h2:file:" + dir.resolve("db/intents").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    protected String user() {
        return "sa";
    }

    @Test
    void theIntentTableFollowsEveryIntent() throws SQLException {
        try (HikariDataSource ds = Database.open(url(), user(), "", 3)) {
            SyncRecordStore store = new SyncRecordStore(ds);
            Instant now = Instant.now();
            SyncRecord plain = SyncRecord.fresh(SOURCE, "p1", SCHEMA, now).synced("p1", "g1", "sh", "gh", now, now, 1, now);
            SyncRecord create = SyncRecord.fresh(SOURCE, null, SCHEMA, now).withIntent(SyncRecordStore.CREATE_IN_SOURCE,
                    null, "g2", null, "gh2", "token-2", "content-2", 1, now);
            inTransaction(ds, c -> store.insert(c, List.of(plain, create)));
            assertEquals(Map.of(SyncRecordStore.CREATE_IN_SOURCE, 1L), intents(ds), "only the record with an intent");
            SyncRecord created = store.pending(SOURCE, SyncRecordStore.CREATE_IN_SOURCE, 0, 10).get(0);
            assertEquals("token-2", created.pendingToken());

            SyncRecord listed = store.find(SOURCE, "p1");
            inTransaction(ds, c -> store.update(c, List.of(listed.withPendingAction(DELETE, 2, now))));
            assertEquals(Map.of(SyncRecordStore.CREATE_IN_SOURCE, 1L, DELETE, 1L), intents(ds), "an intent on a known record");
            assertEquals(List.of(listed.id()), ids(store.pending(SOURCE, DELETE, 0, 10)));
            assertEquals(List.of(created.id(), listed.id()).stream().sorted().toList(),
                    ids(store.dueIntents(SOURCE, DELETE, 2, 0, 10)), "both due: the deferred delete and the older create");

            // The create's answer came: the record is reconciled, its intent closed.
            inTransaction(ds, c -> store.update(c, List.of(created.reconciled("s2", "g2", "sh2", "gh2", 2, now))));
            assertEquals(Map.of(DELETE, 1L), intents(ds));
            assertEquals(List.of(), store.pending(SOURCE, SyncRecordStore.CREATE_IN_SOURCE, 0, 10));

            // The deferred delete is carried out: the record goes, and its intent with it.
            inTransaction(ds, c -> store.delete(c, SOURCE, List.of(listed.id()), true));
            assertEquals(Map.of(), intents(ds));
            assertEquals(List.of(), store.dueIntents(SOURCE, DELETE, 3, 0, 10));
        }
    }

    @Test
    void aDatabaseFromBeforeTheIntentTableKeepsItsOpenIntents() throws SQLException {
        try (HikariDataSource old = new HikariDataSource()) {
            old.setJdbcUrl(url());
            old.setUsername(user());
            old.setPassword("");
            String vendor = io.gatewaysync.db.Jdbc.vendor(old);
            Flyway.configure().dataSource(old).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                    .target("17").load().migrate();
            try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
                for (int i = 1; i <= 3; i++) {
                    s.execute("INSERT INTO synchronization (source, source_id, gateway_schema, created_at, version, "
                            + "last_seen_run, try_counter, blocked, pending_action, pending_token) VALUES ('" + SOURCE
                            + "', 's" + i + "', '" + SCHEMA + "', CURRENT_TIMESTAMP, 0, 1, 0, FALSE, "
                            + (i == 2 ? "'" + SyncRecordStore.CREATE_IN_GATEWAY + "', 'token-2'" : "NULL, NULL") + ")");
                }
            }
        }
        try (HikariDataSource ds = Database.open(url(), user(), "", 3)) {
            assertEquals(Map.of(SyncRecordStore.CREATE_IN_GATEWAY, 1L), intents(ds));
            List<SyncRecord> open = new SyncRecordStore(ds).pending(SOURCE, SyncRecordStore.CREATE_IN_GATEWAY, 0, 10);
            assertEquals(1, open.size());
            assertEquals("s2", open.get(0).sourceId());
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private static void inTransaction(HikariDataSource ds, Work work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            c.commit();
        }
    }

    private static Map<String, Long> intents(HikariDataSource ds) throws SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT action, COUNT(*) FROM open_intent GROUP BY action")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static List<Long> ids(List<SyncRecord> records) {
        return records.stream().map(SyncRecord::id).toList();
    }
}
