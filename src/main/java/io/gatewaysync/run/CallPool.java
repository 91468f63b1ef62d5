package io.gatewaysync.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
        Batch<T> batch = batch();
        calls.forEach(batch::submit);
        return batch.await(doing);
    }

    /** Calls started one by one while the caller goes on with its own work, then waited for together. */
    <T> Batch<T> batch() {
        return new Batch<>();
    }

    final class Batch<T> {

        private final List<Future<T>> pending = new ArrayList<>();

        /** Starts the call ({@code size} at a time); with a pool of one, the caller makes it at once. */
        void submit(Callable<T> call) {
            if (!sequential()) {
                pending.add(pool.submit(call));
                return;
            }
            try {
                pending.add(CompletableFuture.completedFuture(call.call()));
            } catch (Exception e) {
                pending.add(CompletableFuture.failedFuture(e));
            }
        }

        /** A result that needed no call. */
        void done(T result) {
            pending.add(CompletableFuture.completedFuture(result));
        }

        /** Every result, in the order of the calls; one that threw cancels the rest and is thrown. */
        List<T> await(String doing) {
            try {
                List<T> results = new ArrayList<>(pending.size());
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
}
