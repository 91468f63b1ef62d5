package io.gatewaysync.run;

import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.ChildEngine;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.Postgres;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Leases die with their holder. A separate JVM is killed with SIGKILL in the middle of a run while it
 * holds the source's lease (60 s, the default): the next run starts at once, not {@code SKIPPED}
 * (same host: the holder's pid is gone; PostgreSQL: its session's advisory lock is gone, which holds
 * across hosts too: the lease row is made to name another host, so only the session can prove it).
 * A lease held by a live engine still blocks, and the skipped run says who holds it, since and until when.
 */
class LeaseTakeOverTest extends EngineTest {

    static final int OBJECTS = 1500;
    static final int PAGE_SIZE = 50;

    ChildEngine child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.close();
        }
    }

    String start(String database) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", PAGE_SIZE);
        source.generate("pets", OBJECTS);
        source.delay(Duration.ofMillis(40)); // slow: the child is still in the listing when it is killed
        String url = database.equals("h2")
                ? "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE"
                : Postgres.freshDatabase();
        engine = new EngineHarness(dir, url)
                .route("pets", source.url("/pets"), "pagination", "page", "pageSize", Integer.toString(PAGE_SIZE))
                .property("sync.lease-seconds", "60");
        return url;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void killedMidRunThenAnImmediateOnceRunCompletesTheSync(String database) throws Exception {
        String url = start(database);
        child = ChildEngine.start(engine, Map.of("sync.instance-id", "engine-a"), dir.resolve("a.log"), "--once");
        child.awaitPage(source, 10);
        child.kill();
        assertEquals(137, child.await(30));
        assertEquals("engine-a", leaseOwner(url), "the dead engine's lease is still in the table");

        source.delay(Duration.ZERO);
        ChildEngine next = ChildEngine.start(engine, Map.of("sync.instance-id", "engine-b"), dir.resolve("b.log"), "--once");
        int code = next.await(120);
        String out = next.output();
        assertEquals(0, code, out);
        assertTrue(out.contains("source=pets status=OK"), out);
        assertTrue(out.contains("took over the run lease held by engine 'engine-a'") && out.contains("no longer running"), out);
        assertComplete(url);
    }

    @Test
    void onPostgresTheLeaseDiesWithTheHoldersSessionOnAnyHost() throws Exception {
        String url = start("postgresql");
        engine.property("sync.instance-id", "engine-b").start();
        child = ChildEngine.start(engine, Map.of("sync.instance-id", "engine-a"), dir.resolve("a.log"), "--once");
        child.awaitPage(source, 5);
        // The holder on "another host": its process id proves nothing here, only its database session can.
        otherHost(url);
        RunResult blocked = engine.sync("pets");
        assertEquals(RunStatus.SKIPPED, blocked.status(), blocked.line());
        assertTrue(blocked.error().contains("held by engine 'engine-a'") && blocked.error().contains("on host elsewhere.example")
                && blocked.error().contains(" since ") && blocked.error().contains("at the latest"), blocked.error());
        String jmx = engine.context().getRegistry().lookupByNameAndType("sourceCatalog", SourceCatalog.class)
                .get("pets").lastSkipped().error();
        assertEquals(blocked.error(), jmx, "what JMX shows (LastSkipped)");
        // --once on yet another engine prints the reason under the summary line.
        java.util.Map<String, String> cli = new java.util.LinkedHashMap<>(engine.overrides());
        cli.put("sync.instance-id", "engine-c");
        cli.put("camel.main.name", "gateway-sync-cli"); // its own Quartz scheduler in this JVM
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = new io.gatewaysync.cli.Cli(new java.io.PrintStream(out, true), new java.io.PrintStream(new java.io.ByteArrayOutputStream()))
                .run(new String[]{"--once"}, EngineHarness.LOCATIONS, cli);
        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("source=pets status=SKIPPED")
                && out.toString().contains("\n  skipped: another engine is running it: the run lease is held by engine 'engine-a'"),
                out.toString());

        child.awaitPage(source, 10);
        otherHost(url);
        long session = holderSession(url);
        child.kill();
        assertEquals(137, child.await(30));
        awaitSessionEnded(url, session);
        source.delay(Duration.ZERO);
        RunResult next = engine.sync("pets");
        assertEquals(RunStatus.OK, next.status(), next.line() + " " + next.error());
        assertComplete(url);
    }

    long holderSession(String url) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT holder_session FROM source_run WHERE source = 'pets'")) {
            assertTrue(rs.next());
            long session = rs.getLong(1);
            assertTrue(session > 0, "the holder's run is tied to its database session");
            return session;
        }
    }

    /**
     * The server ends a killed client's session when it reads the closed connection: milliseconds, but
     * not synchronously with the kill. The next run is started once it has (bounded wait, measured).
     */
    void awaitSessionEnded(String url, long session) throws Exception {
        long start = System.nanoTime();
        try (Connection c = connect(url);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, (int) session);
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        System.out.println("the killed engine's database session ended "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms after its process");
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        fail("the server kept the killed engine's session " + session);
    }

    void otherHost(String url) throws SQLException {
        try (Connection c = connect(url);
             PreparedStatement ps = c.prepareStatement("UPDATE source_run SET holder_host = 'elsewhere.example' "
                     + "WHERE source = 'pets' AND owner = 'engine-a'")) {
            assertEquals(1, ps.executeUpdate());
        }
    }

    String leaseOwner(String url) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner FROM source_run WHERE source = 'pets'")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    /** Every source object once in the gateway, with one record each, and the lease released. */
    void assertComplete(String url) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            assertEquals(OBJECTS, count(s, "SELECT COUNT(*) FROM gateway_object WHERE schema_name = 'pets'"));
            assertEquals(OBJECTS, count(s, "SELECT COUNT(*) FROM synchronization WHERE source = 'pets'"));
            assertEquals(OBJECTS, count(s, "SELECT COUNT(DISTINCT source_id) FROM synchronization WHERE source = 'pets'"));
            assertEquals(OBJECTS, count(s, "SELECT COUNT(DISTINCT gateway_id) FROM synchronization WHERE source = 'pets'"));
            assertEquals(0, count(s, "SELECT COUNT(*) FROM source_run WHERE source = 'pets' AND owner IS NOT NULL"));
        }
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, url.startsWith("jdbc:h2") ? "sa" : "postgres", "");
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
