package io.gatewaysync.run;

import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.CanonicalJson;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety with a real crash: a separate JVM runs {@code --once} against a slow source with
 * thousands of objects and is killed with SIGKILL in the middle of the load, twice; then a normal run
 * completes the sync. Afterwards there is exactly one gateway object per source object and a consistent
 * record for each; after every kill, every gateway object has its record and every record its object
 * (an object and its record are committed together or not at all).
 */
class KillDashNineTest {

    private static final int OBJECTS = 3000;
    private static final int PAGE_SIZE = 50;
    private static final int PAGES = OBJECTS / PAGE_SIZE;
    private static final int LEASE_SECONDS = 2;

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;
    Process child;

    @AfterEach
    void stop() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        if (engine != null) {
            engine.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void killedInTheMiddleOfALoadThenSyncedNormally(String database) throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", PAGE_SIZE);
        source.generate("pets", OBJECTS);
        source.delay(Duration.ofMillis(40)); // slow: a full listing takes a few seconds

        String url = database.equals("h2")
                ? "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE"
                : Postgres.freshDatabase();
        engine = new EngineHarness(dir, url)
                .route("pets", source.url("/pets"), "pagination", "page", "pageSize", Integer.toString(PAGE_SIZE))
                .property("sync.lease-seconds", Integer.toString(LEASE_SECONDS));

        // Two crashes: one early in the first load, one later in the load that resumes it. Pages of 50 creates
        // commit in groups of 16 (sync.commit-group-rows): the first kill comes after the first group.
        int[] killAfterPage = {20 + random(8), 42 + random(10)};
        long before = 0;
        for (int round = 0; round < killAfterPage.length; round++) {
            source.clearRequests();
            child = startOnce(round);
            awaitListingPage(killAfterPage[round]);
            Thread.sleep(random(40)); // anywhere within a page: fetching, deciding or committing
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            long synced = checkNothingHalfWritten(url);
            assertTrue(synced > before, "round " + round + ": progress was made (" + synced + " objects)");
            assertTrue(synced < OBJECTS, "round " + round + ": killed in the middle (" + synced + " objects)");
            System.out.println("kill -9 (" + database + ") after listing page " + killAfterPage[round] + ": "
                    + synced + " of " + OBJECTS + " objects synced, nothing half-written");
            before = synced;
            Thread.sleep(LEASE_SECONDS * 1000L + 500); // the dead engine's lease runs out
        }

        source.delay(Duration.ZERO);
        engine.start();
        RunResult recovery = engine.sync("pets");
        assertEquals(RunStatus.OK, recovery.status(), recovery.line());
        assertEquals(0, recovery.failed(), recovery.line());
        assertEquals(OBJECTS - before, recovery.created(), recovery.line());
        assertEquals(before, recovery.unchanged(), recovery.line());
        assertExactlyOnePerSourceObject();

        RunResult quiet = engine.sync("pets");
        assertEquals(OBJECTS, quiet.unchanged(), quiet.line());
    }

    private Process startOnce(int round) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(testClassPath());
        engine.overrides().forEach((key, value) -> command.add("-D" + key + "=" + io.gatewaysync.testsupport.ChildEngine.childValue(key, value)));
        command.add("io.gatewaysync.Application");
        command.add("--once");
        File log = dir.resolve("child-" + round + ".log").toFile();
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log).start();
    }

    private static String testClassPath() {
        // Surefire may run tests from a manifest-only jar; it names the real class path separately.
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** Waits until the child has asked for listing page {@code page} (it is then in the middle of the load). */
    private void awaitListingPage(int page) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            boolean reached = source.requestLog().stream()
                    .anyMatch(r -> r.method().equals("GET") && Integer.toString(page).equals(r.param("page")));
            if (reached) {
                return;
            }
            if (!child.isAlive()) {
                fail("the child ended before page " + page + ":\n" + Files.readString(dir.resolve("child-0.log")));
            }
            Thread.sleep(5);
        }
        fail("the child never reached page " + page);
    }

    /**
     * Right after a kill: every gateway object has a record and every record its gateway object, with
     * matching hashes; nothing is pending. Returns how many objects are synced.
     */
    private long checkNothingHalfWritten(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, url.startsWith("jdbc:h2") ? "sa" : "postgres", "");
             Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT COUNT(*) FROM gateway_object g WHERE g.schema_name = 'pets' AND NOT EXISTS "
                    + "(SELECT 1 FROM synchronization r WHERE r.gateway_schema = g.schema_name AND r.gateway_id = g.id)"),
                    "gateway objects without a record");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM synchronization r WHERE r.source = 'pets' AND NOT EXISTS "
                    + "(SELECT 1 FROM gateway_object g WHERE g.schema_name = r.gateway_schema AND g.id = r.gateway_id "
                    + "AND g.hash = r.gateway_hash)"), "records without their gateway object");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM synchronization WHERE pending_action IS NOT NULL "
                    + "OR try_counter > 0"));
            long objects = count(s, "SELECT COUNT(*) FROM gateway_object WHERE schema_name = 'pets'");
            assertEquals(objects, count(s, "SELECT COUNT(DISTINCT source_id) FROM synchronization WHERE source = 'pets'"));
            return objects;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void assertExactlyOnePerSourceObject() {
        Map<String, String> sourceHashes = new HashMap<>();
        source.all("pets").forEach(o -> sourceHashes.put(o.path("id").asText(), CanonicalJson.hash(o)));
        assertEquals(OBJECTS, sourceHashes.size());
        var objects = engine.gatewayObjects("pets");
        assertEquals(OBJECTS, objects.size(), "exactly one gateway object per source object");
        Map<String, String> gatewayHashes = new HashMap<>();
        objects.forEach(o -> gatewayHashes.put(o.id(), o.hash()));
        List<SyncRecord> records = engine.records("pets");
        assertEquals(OBJECTS, records.size());
        Set<String> gatewayIds = new HashSet<>();
        for (SyncRecord r : records) {
            assertNotNull(sourceHashes.get(r.sourceId()), "record of an unknown object " + r.sourceId());
            assertEquals(sourceHashes.get(r.sourceId()), r.sourceHash(), "source hash of " + r.sourceId());
            assertEquals(gatewayHashes.get(r.gatewayId()), r.gatewayHash(), "gateway hash of " + r.sourceId());
            assertEquals(r.sourceHash(), r.gatewayHash());
            assertNull(r.pendingAction());
            assertEquals(0, r.tryCounter());
            assertTrue(gatewayIds.add(r.gatewayId()), "two records share gateway object " + r.gatewayId());
        }
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }
}
