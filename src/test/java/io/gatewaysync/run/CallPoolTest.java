package io.gatewaysync.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallPoolTest {

    @Test
    void aBatchRunsItsCallsWhileTheCallerGoesOnAndAnswersInOrder() throws Exception {
        CallPool pool = new CallPool("test-pool", 4);
        CallPool.Batch<Integer> batch = pool.batch();
        CountDownLatch started = new CountDownLatch(1);
        batch.submit(() -> {
            started.countDown();
            Thread.sleep(50);
            return 1;
        });
        // The call is under way before the caller asks for its result: the caller's own work overlaps it.
        assertTrue(started.await(5, TimeUnit.SECONDS));
        batch.done(2);
        batch.submit(() -> 3);
        assertEquals(List.of(1, 2, 3), batch.await("testing"));
    }

    @Test
    void aPoolOfOneMakesTheCallsOnTheCallersThread() {
        CallPool pool = new CallPool("test-pool", 1);
        CallPool.Batch<String> batch = pool.batch();
        batch.submit(() -> Thread.currentThread().getName());
        assertEquals(List.of(Thread.currentThread().getName()), batch.await("testing"));
    }

    @Test
    void aCallThatThrowsIsThrownByTheWait() {
        for (int size : new int[] {1, 3}) {
            CallPool.Batch<Integer> batch = new CallPool("test-pool", size).batch();
            batch.submit(() -> 1);
            batch.submit(() -> {
                throw new IllegalStateException("broken call");
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> batch.await("testing"));
            assertEquals("broken call", e.getMessage());
        }
    }
}
