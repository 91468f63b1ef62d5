package io.gatewaysync.run;

import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run per source at a time, also across engines: two engines on one PostgreSQL database, each
 * with its own scheduler (as two processes would be), share the source's lease in {@code source_run}.
 */
class OneRunPerSourceTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness a;
    EngineHarness b;

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 5);
        source.generate("pets", 10);
        // Every run lasts at least this long, so the two runs would overlap if both started.
        source.delayPage("pets", 1, Duration.ofMillis(1500));
        String db = Postgres.freshDatabase();
        a = engine("a", db).start();
        b = engine("b", db).start();
    }

    private EngineHarness engine(String name, String db) {
        return new EngineHarness(dir.resolve(name), db)
                // Own Quartz scheduler per engine: in one JVM a shared scheduler name would share one scheduler.
                .property("camel.main.name", "gateway-sync-" + name)
                .route("pets", source.url("/pets"), "pagination", "next-link");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        source.close();
    }

    @Test
    void twoEnginesTriggeredAtTheSameMomentRunTheSourceOnce() throws Exception {
        for (int round = 1; round <= 4; round++) {
            source.clearRequests();
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<RunResult> fromA = CompletableFuture.supplyAsync(() -> syncAfter(together, a));
            CompletableFuture<RunResult> fromB = CompletableFuture.supplyAsync(() -> syncAfter(together, b));
            List<RunResult> results = List.of(fromA.get(60, TimeUnit.SECONDS), fromB.get(60, TimeUnit.SECONDS));
            long ok = results.stream().filter(r -> r.status() == RunStatus.OK).count();
            long skipped = results.stream().filter(r -> r.status() == RunStatus.SKIPPED).count();
            assertEquals(1, ok, "round " + round + ": " + results);
            assertEquals(1, skipped, "round " + round + ": " + results);
            assertEquals(1, source.requestLog().stream()
                    .filter(r -> r.method().equals("GET") && r.param("page") == null).count(),
                    "one listing per round: " + source.requests());
            RunResult ran = results.stream().filter(r -> r.status() == RunStatus.OK).findFirst().orElseThrow();
            assertEquals(round == 1 ? 10 : 0, ran.created(), ran.line());
            assertEquals(round, runNumber(), "the run counter counts executed runs only");
        }
        assertEquals(10, a.gatewayObjects("pets").size());
        assertEquals(10, a.records("pets").size());
        assertNull(lease()[0], "the lease is released after the run");
    }

    @Test
    void aLeaseHeldByALiveEngineBlocksAndAnExpiredOneIsTakenOver() throws Exception {
        assertEquals(RunStatus.OK, a.sync("pets").status());
        // Another engine is in the middle of a run (its lease is valid): ours is skipped.
        setLease("engine-on-another-host", Instant.now().plus(Duration.ofMinutes(10)));
        RunResult blocked = a.sync("pets");
        assertEquals(RunStatus.SKIPPED, blocked.status(), blocked.line());
        assertEquals(1, runNumber());
        // That engine died: its lease ran out without being renewed or released. The next run takes over.
        setLease("engine-on-another-host", Instant.now().minusSeconds(1));
        RunResult takenOver = b.sync("pets");
        assertEquals(RunStatus.OK, takenOver.status(), takenOver.line());
        assertEquals(10, takenOver.unchanged(), takenOver.line());
        assertEquals(2, runNumber());
        Object[] lease = lease();
        assertNull(lease[0], "released by the engine that took over");
        assertEquals("OK", lease[1]);
    }

    private static RunResult syncAfter(CyclicBarrier barrier, EngineHarness engine) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return engine.sync("pets");
    }

    private long runNumber() throws SQLException {
        try (Connection c = a.bean("dataSource", DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT run_number FROM source_run WHERE source = 'pets'");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private Object[] lease() throws SQLException {
        try (Connection c = a.bean("dataSource", DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT owner, status FROM source_run WHERE source = 'pets'");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return new Object[] {rs.getString(1), rs.getString(2)};
        }
    }

    private void setLease(String owner, Instant until) throws SQLException {
        try (Connection c = a.bean("dataSource", DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE source_run SET owner = ?, lease_until = ?, status = 'RUNNING' WHERE source = 'pets'")) {
            ps.setString(1, owner);
            ps.setObject(2, until.atOffset(ZoneOffset.UTC));
            assertEquals(1, ps.executeUpdate());
        }
    }
}
