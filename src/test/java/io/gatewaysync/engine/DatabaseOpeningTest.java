package io.gatewaysync.engine;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.cli.Cli;
import io.gatewaysync.testsupport.EngineHarness;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database opened on its own thread while Camel configures ({@link DatabaseOpening}): handed over
 * to the engine when the settings are still the same, closed otherwise and on a start that fails
 * before the engine took it (an H2 left open keeps its lock file, which cost the next start seconds).
 */
class DatabaseOpeningTest {

    @TempDir
    Path dir;
    final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    Database.Settings h2(String name) {
        // AUTO_SERVER as in the default URL: its lock file names the server of the process that holds the file.
        return new Database.Settings("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE", "sa", "", 2, true);
    }

    @Test
    void theEngineGetsThePoolOpenedOnTheOtherThread() throws Exception {
        DatabaseOpening.start(context, h2("a"));
        assertNotNull(context.getRegistry().lookupByName(DatabaseOpening.BEAN));
        try (HikariDataSource pool = DatabaseOpening.take(context, h2("a")); Connection c = pool.getConnection()) {
            assertTrue(c.isValid(1));
            assertTrue(Files.exists(dir.resolve("a.lock.db")), "open: H2's lock file is there");
            assertTrue(Schema.isCurrent(pool, "h2"), "migrated like a database the engine opens itself");
        }
        assertNull(context.getRegistry().lookupByName(DatabaseOpening.BEAN), "taken once");
        assertNull(DatabaseOpening.take(context, h2("a")), "nothing left to take");
        assertFalse(Files.exists(dir.resolve("a.lock.db")));
    }

    @Test
    void aPoolOpenedWithOtherSettingsIsClosedAndNotUsed() {
        DatabaseOpening.start(context, h2("a"));
        assertNull(DatabaseOpening.take(context, h2("b")));
        assertTrue(Files.exists(dir.resolve("a.mv.db")), "it was opened");
        assertFalse(Files.exists(dir.resolve("a.lock.db")), "and closed");
    }

    @Test
    void aFailureToOpenIsThrownWhereThePoolIsTaken() {
        Database.Settings wrong = new Database.Settings("jdbc:nosuchdriver:x", "sa", "", 2, true);
        DatabaseOpening.start(context, wrong);
        RuntimeException e = assertThrows(RuntimeException.class, () -> DatabaseOpening.take(context, wrong));
        assertTrue(String.valueOf(e.getMessage()).contains("jdbc:nosuchdriver:x")
                || String.valueOf(e.getCause()).contains("jdbc:nosuchdriver:x"), e.toString());
    }

    @Test
    void anAbandonedOpeningIsClosed() {
        DatabaseOpening.start(context, h2("a"));
        DatabaseOpening.abandon(context);
        assertTrue(Files.exists(dir.resolve("a.mv.db")), "it was opened");
        assertFalse(Files.exists(dir.resolve("a.lock.db")), "and closed");
    }

    /** Camel refuses an unknown camel.main option after the engine began opening the database. */
    @Test
    void aStartThatFailsAfterTheOpeningBeganLeavesNoLockFile() {
        try (EngineHarness harness = new EngineHarness(dir.resolve("engine"))) {
            Map<String, String> overrides = new LinkedHashMap<>(harness.overrides());
            overrides.put("camel.main.no-such-option", "1");
            EngineHarness.CliRun run = EngineHarness.cli(overrides, "--once");
            assertEquals(Cli.CONFIGURATION_ERROR, run.code(), run.err());
            assertTrue(run.err().contains("no-such-option") || run.err().contains("noSuchOption"), run.err());
            assertTrue(Files.exists(dir.resolve("engine/db/sync.mv.db")), "the database was being opened");
            assertFalse(Files.exists(dir.resolve("engine/db/sync.lock.db")), "H2's lock file is still there");
        }
    }
}
