package io.gatewaysync.sync;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunSummaryTest {

    @Test
    void lineHasExactFormat() {
        RunSummary s = new RunSummary("pets");
        s.count(Outcome.CREATED, 250);
        assertEquals("source=pets status=OK created=250 updated=0 deleted=0 unchanged=0 conflicts=0 pushed=0 failed=0 duration_ms=812 blocked=0",
                s.line(RunStatus.OK, 812));
    }

    @Test
    void everyCounterReachesItsField() {
        RunSummary s = new RunSummary("orders");
        s.count(Outcome.CREATED);
        s.count(Outcome.UPDATED, 2);
        s.count(Outcome.DELETED, 3);
        s.count(Outcome.UNCHANGED, 4);
        s.count(Outcome.PUSHED, 5);
        s.count(Outcome.FAILED, 6);
        s.count(Outcome.BLOCKED, 7);
        s.count(Outcome.NOT_COUNTED, 99);
        s.conflict();
        s.conflict();
        s.seen(20);
        s.seen(7);
        s.page();
        assertEquals(1, s.created());
        assertEquals(2, s.updated());
        assertEquals(3, s.deleted());
        assertEquals(4, s.unchanged());
        assertEquals(5, s.pushed());
        assertEquals(6, s.failed());
        assertEquals(7, s.blocked(), "blocked records are their own number, not failures");
        assertEquals(2, s.conflicts());
        assertEquals(27, s.seen());
        assertEquals(1, s.pages());
        assertEquals("orders", s.source());
        assertEquals("source=orders status=PARTIAL created=1 updated=2 deleted=3 unchanged=4 conflicts=2 pushed=5 failed=6 duration_ms=0 blocked=7",
                s.line(RunStatus.PARTIAL, 0));
    }

    @Test
    void actionOutcomesFeedTheSummary() {
        RunSummary s = new RunSummary("pets");
        for (Action a : Action.values()) {
            s.count(a.outcome());
        }
        assertEquals("source=pets status=RUNNING created=1 updated=1 deleted=1 unchanged=2 conflicts=0 pushed=3 failed=0 duration_ms=5 blocked=0",
                s.line(RunStatus.RUNNING, 5));
    }

    @Test
    void countsFromManyThreadsAreNotLost() throws Exception {
        RunSummary s = new RunSummary("pets");
        int threads = 8;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        s.count(Outcome.CREATED);
                        s.count(Outcome.UPDATED, 2);
                        s.conflict();
                        s.seen(1);
                        if (i % 100 == 0) s.page();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long total = (long) threads * perThread;
        assertEquals(total, s.created());
        assertEquals(2 * total, s.updated());
        assertEquals(total, s.conflicts());
        assertEquals(total, s.seen());
        assertEquals(threads * (perThread / 100), s.pages());
    }
}
