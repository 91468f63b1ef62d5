package io.gatewaysync.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP calls of one page (deliveries, gone-confirmations), at most {@code size} under way at once:
 * daemon threads, none kept while the engine is idle.
 */
final class CallPool {

    private final int size;
    private final ExecutorService pool;

    CallPool(String name, int size) {
        this.size = Math.max(1, size);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(this.size, this.size, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    /** True when calls run one after the other anyway: the caller may as well make them itself. */
    boolean sequential() {
        return size == 1;
    }

    /**
     * Runs the calls, {@code size} at a time, and waits for all of them; results in the order of the
     * calls. The calls are expected to handle their own failures: one that throws cancels the rest.
     */
    <T> List<T> all(List<Callable<T>> calls, String doing) {
        List<Future<T>> pending = new ArrayList<>(calls.size());
        try {
            calls.forEach(call -> pending.add(pool.submit(call)));
            List<T> results = new ArrayList<>(calls.size());
            for (Future<T> f : pending) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
