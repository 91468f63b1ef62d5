package io.gatewaysync.run;

import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.Postgres;
import io.gatewaysync.testsupport.TestSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out: two engines on one PostgreSQL database with Quartz's clustered JDBC job store and a cron
 * that fires every second. Every fire is executed by exactly one engine; when one engine stops, the
 * other goes on running the source. Without clustering (the control) every fire reaches both.
 */
class ClusterTest {

    private static final String EVERY_SECOND = "0/1 * * * * ?";

    @TempDir
    Path dir;
    TestSource source;
    final List<EngineHarness> engines = new ArrayList<>();
    /** Every job execution seen by Quartz on any engine: which engine, which scheduled fire time. */
    final List<Fire> fires = Collections.synchronizedList(new ArrayList<>());
    /** Every run result published by any engine. */
    final List<RunResult> results = Collections.synchronizedList(new ArrayList<>());

    record Fire(String engine, long scheduledAt, long executedAt) {
    }

    @AfterEach
    void stop() {
        engines.forEach(EngineHarness::close);
        if (source != null) {
            source.close();
        }
    }

    @Test
    void eachScheduledRunExecutesOnExactlyOneEngineAndTheOtherTakesOverWhenOneStops() throws Exception {
        String db = startSource();
        EngineHarness a = engine("a", db, true);
        EngineHarness b = engine("b", db, true);

        Thread.sleep(7000);
        List<Fire> bothUp = snapshot();
        assertTrue(bothUp.size() >= 4, "fires: " + bothUp);
        assertNoFireTwice(bothUp);
        assertEquals(0, count(r -> r.status() == RunStatus.SKIPPED), "no engine found the source busy: " + results);

        a.close();
        long stopped = System.currentTimeMillis();
        int before = snapshot().size();
        // b goes on alone: at once when a stopped cleanly, at the latest when the cluster takes a for dead.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (snapshot().size() < before + 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<Fire> afterStop = snapshot();
        List<Fire> later = afterStop.subList(before, afterStop.size());
        assertTrue(later.size() >= 3, "b runs the source alone now: " + later);
        System.out.println("cluster: " + bothUp.size() + " fires with two engines (a: "
                + bothUp.stream().filter(f -> f.engine().equals("a")).count() + ", b: "
                + bothUp.stream().filter(f -> f.engine().equals("b")).count() + "); b's first run "
                + (later.get(0).executedAt() - stopped) + " ms after a stopped");
        assertTrue(later.stream().allMatch(f -> f.engine().equals("b")), "nothing runs on the stopped engine: " + later);
        assertNoFireTwice(afterStop);
        assertEquals(10, b.gatewayObjects("pets").size());

        // All stopped: every run that began (run counter) read the listing once and completed; none was skipped.
        java.time.Instant closing = java.time.Instant.now();
        b.close();
        long runs = runNumber(db);
        long listings = source.requestLog().stream().filter(r -> r.method().equals("GET") && r.query().isEmpty()).count();
        // A run that closing its engine stops before its first page (graceful stop) may or may not have
        // sent the request its listing prefetches at once; every other run listed exactly once.
        long stoppedBeforeListing = count(r -> stoppedByClose(r) && r.pages() == 0);
        assertTrue(listings <= runs && listings >= runs - stoppedBeforeListing,
                "one listing per executed run: " + runs + " runs, " + listings + " listings, " + results);
        // Closing b stops a run it has under way at the next page boundary (graceful stop: PARTIAL,
        // nothing deleted), and a fire that comes while it stops is skipped as "paused" (after the take-over
        // Quartz fires the missed schedules at once, so one may meet the close); every other run
        // completed, and none was skipped.
        assertEquals(0, count(r -> r.status() != RunStatus.OK && !stoppedByClose(r) && !firedWhileClosing(r, closing)),
                "every run completed, none skipped: " + results);
    }

    @Test
    void withoutClusteringEveryFireReachesEveryEngine() throws Exception {
        String db = startSource();
        engine("a", db, false);
        engine("b", db, false);
        Thread.sleep(4000);
        Map<Long, Integer> perFire = new HashMap<>();
        snapshot().forEach(f -> perFire.merge(f.scheduledAt(), 1, Integer::sum));
        assertTrue(perFire.values().stream().filter(n -> n == 2).count() >= 2,
                "the same fire executed on both engines: " + perFire);
    }

    @Test
    void theClusteredJobStoreAlsoWorksOnH2() throws Exception {
        startSource();
        String h2 = "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";
        engine("a", h2, true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (snapshot().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(snapshot().size() >= 2, "scheduled runs from the JDBC job store: " + snapshot());
        assertEquals(10, engines.get(0).gatewayObjects("pets").size());
    }

    private String startSource() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 5);
        source.generate("pets", 10);
        return Postgres.freshDatabase();
    }

    private EngineHarness engine(String name, String db, boolean clustered) {
        EngineHarness engine = new EngineHarness(dir.resolve(name), db)
                .route("pets", source.url("/pets"), "pagination", "next-link", "schedule", EVERY_SECOND);
        if (clustered) {
            // The same camel.main.name on every engine: it names the cluster.
            engine.property("sync.cluster.enabled", "true").property("sync.cluster.checkin-ms", "1000");
        } else {
            engine.property("camel.main.name", "gateway-sync-" + name);
        }
        engines.add(engine.startContinuous());
        try {
            engine.context().getComponent("quartz", QuartzComponent.class).getScheduler().getListenerManager()
                    .addJobListener(new JobListenerSupport() {
                        @Override
                        public String getName() {
                            return "fires-" + name;
                        }

                        @Override
                        public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
                            fires.add(new Fire(name, context.getScheduledFireTime().getTime(), System.currentTimeMillis()));
                        }
                    });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        engine.bean("runRegistry", RunRegistry.class).addListener(results::add);
        return engine;
    }

    private List<Fire> snapshot() {
        synchronized (fires) {
            return new ArrayList<>(fires);
        }
    }

    private static void assertNoFireTwice(List<Fire> fires) {
        Map<Long, List<String>> byTime = new HashMap<>();
        fires.forEach(f -> byTime.computeIfAbsent(f.scheduledAt(), t -> new ArrayList<>()).add(f.engine()));
        byTime.forEach((time, engines) -> assertEquals(1, engines.size(), "fire " + time + " ran on " + engines));
    }

    private long count(Predicate<RunResult> which) {
        synchronized (results) {
            return results.stream().filter(which).count();
        }
    }

    private static long runNumber(String db) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(db);
             PreparedStatement ps = c.prepareStatement("SELECT run_number FROM source_run WHERE source = 'pets'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** A run that ended because its engine was being closed (graceful stop), not for a fault. */
    private static boolean firedWhileClosing(RunResult r, java.time.Instant closing) {
        return r.status() == RunStatus.SKIPPED && "paused".equals(r.error()) && !r.started().isBefore(closing);
    }

    private static boolean stoppedByClose(RunResult r) {
        return r.status() == RunStatus.PARTIAL && r.error() != null && r.error().contains("the engine is stopping");
    }
}
