package io.gatewaysync.engine;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's database settings: H2 file databases keep every commit when the process is killed. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void h2FileDatabasesWriteAtEveryCommitUnlessTheUrlSaysOtherwise() {
        assertTrue(Database.wantsImmediateWrites("jdbc:h2:file:./data/x;MODE=PostgreSQL"));
        assertTrue(Database.wantsImmediateWrites("jdbc:h2:./x"));
        assertFalse(Database.wantsImmediateWrites("jdbc:h2:file:./x;write_delay=200"));
        assertFalse(Database.wantsImmediateWrites("jdbc:h2:mem:x"));
        assertFalse(Database.wantsImmediateWrites("jdbc:h2:tcp://host/x"));
        assertFalse(Database.wantsImmediateWrites("jdbc:postgresql://host/db"));
    }

    /** Opened with WRITE_DELAY=0 (no background writer at open) only for sa: other users may lack the admin rights it needs. */
    @Test
    void theDefaultUserOpensH2WithImmediateWrites() {
        assertEquals("jdbc:h2:./x;MODE=PostgreSQL;WRITE_DELAY=0", Database.openUrl("jdbc:h2:./x;MODE=PostgreSQL", "sa"));
        assertEquals("jdbc:h2:./x", Database.openUrl("jdbc:h2:./x", "bob"));
        assertEquals("jdbc:h2:./x;write_delay=200", Database.openUrl("jdbc:h2:./x;write_delay=200", "sa"));
        assertEquals("jdbc:postgresql://host/db", Database.openUrl("jdbc:postgresql://host/db", "sa"));
    }

    @Test
    void theSettingIsInForce() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/s").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (HikariDataSource ds = Database.open(url, "sa", "", 3); Connection c = ds.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                     + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertTrue(rs.next());
            assertEquals("0", rs.getString(1));
        }
    }

    /** A separate JVM commits a row through {@link Database#open} and halts at once, as kill -9 would. */
    @Test
    void aCommitSurvivesTheProcessBeingKilledRightAfterIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), CommitThenHalt.class.getName(), url)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(9, child.exitValue(), () -> "halted right after the commit; child output: " + read(dir.resolve("child.log")));
        try (HikariDataSource ds = Database.open(url, "sa", "", 3); Connection c = ds.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_number FROM source_run WHERE source = 'crash'")) {
            assertTrue(rs.next(), "the committed row is there");
            assertEquals(41, rs.getLong(1));
        }
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static String classPath() {
        // Surefire may run tests from a manifest-only jar; it names the real class path separately.
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public static final class CommitThenHalt {
        public static void main(String[] args) throws Exception {
            HikariDataSource ds = Database.open(args[0], "sa", "", 3);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO source_run (source, run_number) VALUES ('crash', 41)");
            }
            Runtime.getRuntime().halt(9);
        }
    }
}
