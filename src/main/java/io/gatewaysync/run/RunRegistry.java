package io.gatewaysync.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where finished runs are announced: the CLI and tests wait on the next result of a source, and
 * the monitoring side listens to every result.
 */
public class RunRegistry {

    private final Map<String, List<CompletableFuture<RunResult>>> waiters = new ConcurrentHashMap<>();
    private final List<Consumer<RunResult>> listeners = new CopyOnWriteArrayList<>();

    /** A future completed by the next run of {@code source} that finishes. Register before triggering. */
    public CompletableFuture<RunResult> nextResult(String source) {
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        waiters.computeIfAbsent(source, s -> new CopyOnWriteArrayList<>()).add(future);
        return future;
    }

    public void addListener(Consumer<RunResult> listener) {
        listeners.add(listener);
    }

    void publish(RunResult result) {
        listeners.forEach(l -> l.accept(result));
        List<CompletableFuture<RunResult>> pending = waiters.remove(result.source());
        if (pending != null) {
            pending.forEach(f -> f.complete(result));
        }
    }
}
