package io.gatewaysync.cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many sources in one {@code --once} ({@link OnceRuns}): all complete with the right counters, one
 * summary line each in name order, their runs overlap, and no more run at a time than
 * {@code sync.once.concurrency}.
 */
class OnceManySourcesTest {

    static final int SOURCES = 20;
    static final int OBJECTS = 30;

    @TempDir
    Path dir;
    TestSource source;
    /** s01 and s02 in the overlap test: each on a server of its own, since a TestSource answers one request at a time. */
    final Map<String, TestSource> own = new LinkedHashMap<>();
    EngineHarness harness;
    final List<String> names = new ArrayList<>();
    /** Sources whose listing has been asked for. */
    final Set<String> started = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        source = TestSource.start();
        harness = new EngineHarness(dir);
        for (int i = 1; i <= SOURCES; i++) {
            String name = String.format("s%02d", i);
            names.add(name);
            source.generate(name, OBJECTS + i);
            source.pageSize(name, 10);
            harness.route(name, source.url("/" + name), "pagination", "next-link");
        }
    }

    @AfterEach
    void stop() {
        harness.close();
        source.close();
        own.values().forEach(TestSource::close);
    }

    @Test
    void allSourcesCompleteWithTheirCountersInNameOrder() {
        names.forEach(name -> source.respond(name, request -> {
            started.add(name);
            return null;
        }));
        EngineHarness.CliRun run = cli(Map.of(OnceRuns.CONCURRENCY, "4"));
        assertEquals(Cli.OK, run.code(), run.err());
        List<String> lines = run.out().lines().filter(l -> l.startsWith("source=")).toList();
        assertEquals(SOURCES, lines.size(), run.out());
        for (int i = 0; i < SOURCES; i++) {
            String name = names.get(i);
            assertTrue(lines.get(i).startsWith("source=" + name + " status=OK created=" + (OBJECTS + i + 1)
                    + " updated=0 deleted=0 unchanged=0 conflicts=0 pushed=0 failed=0 "), lines.get(i));
        }
        assertEquals(Set.copyOf(names), started);
        // The second time (default concurrency): every object of every source stored, all unchanged.
        EngineHarness.CliRun again = cli(Map.of());
        assertEquals(Cli.OK, again.code(), again.err());
        List<String> second = again.out().lines().filter(l -> l.startsWith("source=")).toList();
        for (int i = 0; i < SOURCES; i++) {
            assertTrue(second.get(i).startsWith("source=" + names.get(i) + " status=OK created=0 updated=0 deleted=0 unchanged="
                    + (OBJECTS + i + 1) + " "), second.get(i));
        }
    }

    @Test
    void runsOverlapButNoMoreThanTheBoundAtATime() {
        CountDownLatch bothListing = new CountDownLatch(2);
        Map<String, Integer> startedWhileHeld = new ConcurrentHashMap<>();
        for (String name : List.of("s01", "s02")) {
            TestSource server = TestSource.start();
            own.put(name, server);
            server.generate(name, OBJECTS);
            server.pageSize(name, 10);
            harness.route(name, server.url("/" + name), "pagination", "next-link");
            server.respond(name, request -> {
                started.add(name);
                if (!startedWhileHeld.containsKey(name)) { // its first page
                    bothListing.countDown();
                    try {
                        // Only if runs overlap do both first pages arrive before either is answered.
                        if (bothListing.await(20, TimeUnit.SECONDS)) {
                            Thread.sleep(300); // time for a third run to start, were there no bound
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    startedWhileHeld.put(name, started.size());
                }
                return null;
            });
        }
        names.subList(2, SOURCES).forEach(name -> source.respond(name, request -> {
            started.add(name);
            return null;
        }));
        EngineHarness.CliRun run = cli(Map.of(OnceRuns.CONCURRENCY, "2"));
        assertEquals(Cli.OK, run.code(), run.err());
        assertEquals(0, bothListing.getCount(), "the runs of s01 and s02 did not overlap");
        assertEquals(Map.of("s01", 2, "s02", 2), startedWhileHeld,
                "while two runs were going on, another source was listed: more runs than sync.once.concurrency=2");
        assertEquals(SOURCES, run.out().lines().filter(l -> l.contains(" status=OK ")).count(), run.out());
    }

    @Test
    void anInvalidConcurrencyIsAConfigurationError() {
        EngineHarness.CliRun run = cli(Map.of(OnceRuns.CONCURRENCY, "0"));
        assertEquals(Cli.CONFIGURATION_ERROR, run.code(), run.out());
        assertTrue(run.err().contains("'sync.once.concurrency'") && run.err().contains("'0'"), run.err());
    }

    EngineHarness.CliRun cli(Map<String, String> extra) {
        Map<String, String> overrides = new LinkedHashMap<>(harness.overrides());
        overrides.putAll(extra);
        return EngineHarness.cli(overrides, "--once");
    }
}
