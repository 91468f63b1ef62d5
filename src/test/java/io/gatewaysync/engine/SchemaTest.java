package io.gatewaysync.engine;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.testsupport.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flyway runs when there is something to migrate, and is skipped when the schema is exactly current. */
class SchemaTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");

    @TempDir
    Path dir;

    /** The list the skip relies on names every migration file the jar ships, per vendor, and no other. */
    @Test
    void theShippedListIsTheMigrationFiles() throws Exception {
        for (String vendor : List.of("h2", "postgresql")) {
            Set<String> files = new TreeSet<>(versionsIn("db/migration"));
            files.addAll(versionsIn("db/vendor/" + vendor));
            assertEquals(files, new TreeSet<>(Schema.SHIPPED.get(vendor)), vendor + ": Schema.SHIPPED is out of date");
        }
    }

    @Test
    void h2MigratesOnceThenSkipsFlyway() {
        String url = "jdbc:h2:file:" + dir.resolve("db/s").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        migratesOnceThenSkips(url, "sa");
    }

    /** Flyway's table keeps its quoted lower-case name on an H2 that upper-cases unquoted names. */
    @Test
    void h2WithUpperCaseNamesToo() {
        String url = "jdbc:h2:file:" + dir.resolve("db/u").toAbsolutePath() + ";MODE=PostgreSQL";
        migratesOnceThenSkips(url, "sa");
        assertFalse(Files.exists(dir.resolve("db/u.trace.db")), "no error in H2's trace file (no query of a missing table)");
    }

    @Test
    void postgresMigratesOnceThenSkipsFlyway() {
        migratesOnceThenSkips(Postgres.freshDatabase(), "postgres");
    }

    /** A database that differs from the shipped migrations in any way goes through Flyway. */
    @Test
    void anyDifferenceInTheHistoryGoesThroughFlyway() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/d").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (HikariDataSource ds = Database.open(url, "sa", "", 2)) {
            assertTrue(Schema.isCurrent(ds, "h2"));
            assertFalse(Schema.isCurrent(ds, "oracle"), "a vendor the engine ships no migrations for");

            execute(ds, "UPDATE flyway_schema_history SET success = FALSE WHERE version = '12'");
            assertFalse(Schema.isCurrent(ds, "h2"), "a failed migration");
            execute(ds, "UPDATE flyway_schema_history SET success = TRUE WHERE version = '12'");

            // as a database of the engine before the newest migration (V19: open intents in a table of their
            // own, no index of every record on pending_action): not applied yet
            execute(ds, "DROP TABLE open_intent");
            execute(ds, "CREATE INDEX ix_synchronization_pending ON synchronization (source, pending_action, id)");
            execute(ds, "DELETE FROM flyway_schema_history WHERE version = '19'");
            assertFalse(Schema.isCurrent(ds, "h2"), "a migration this engine brings");
            assertTrue(Schema.migrate(ds), "Flyway applies it");
            assertTrue(Schema.isCurrent(ds, "h2"));
            assertEquals(1, count(ds, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '19' AND success"));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM information_schema.indexes "
                    + "WHERE index_name IN ('ix_synchronization_token', 'ix_synchronization_pending')"));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM open_intent"));
            // V13 to V17 are in place: the ETag columns, H2's identity cache, the blocked column, the digest
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM synchronization WHERE gateway_etag IS NOT NULL OR source_url IS NOT NULL"));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM quiet_digest"));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM run_history WHERE blocked <> 0"));
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM synchronization WHERE source_etag IS NOT NULL OR echo_count > 0"));
            assertEquals(1000000, count(ds, "SELECT identity_cache FROM information_schema.columns "
                    + "WHERE table_name = 'synchronization' AND column_name = 'id'"));

            execute(ds, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (99, '99', 'newer', 'SQL', "
                    + "'V99__newer.sql', 0, 'sa', CURRENT_TIMESTAMP, 0, TRUE)");
            assertFalse(Schema.isCurrent(ds, "h2"), "a migration of a newer engine: Flyway decides");
        }
    }

    private static void migratesOnceThenSkips(String url, String user) {
        try (HikariDataSource ds = Database.open(url, user, "", 2)) {
            // Database.open migrated the new database; nothing is left to do now
            assertTrue(Schema.isCurrent(ds, io.gatewaysync.db.Jdbc.vendor(ds)));
            assertFalse(Schema.migrate(ds), "an up-to-date schema does not start Flyway");
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM synchronization"), "the tables are there");
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM run_history"));
        }
        try (HikariDataSource again = Database.open(url, user, "", 2)) {
            assertEquals(0, count(again, "SELECT COUNT(*) FROM gateway_object"));
        }
    }

    private static List<String> versionsIn(String folder) throws IOException, URISyntaxException {
        Path path = Path.of(SchemaTest.class.getClassLoader().getResource(folder).toURI());
        try (Stream<Path> files = Files.list(path)) {
            return files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> m.group(1)).toList();
        }
    }

    private static void execute(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(HikariDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
