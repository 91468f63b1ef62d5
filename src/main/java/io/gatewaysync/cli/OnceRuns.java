package io.gatewaysync.cli;

import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SyncTrigger;
import org.apache.camel.CamelContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The runs of one {@code --once}: every source once, at most {@code sync.once.concurrency} at a time
 * (default: the number of cores). Runs of different sources overlap; each run still takes its own
 * pages in order. Without the bound all runs were triggered at once, so that as many ran together as
 * Quartz has threads (10), more than the cores and the database pool ({@code sync.db.pool-size}, 6)
 * can serve. A run that finishes starts the next waiting source.
 */
final class OnceRuns {

    static final String CONCURRENCY = "sync.once.concurrency";

    private final Function<String, CompletableFuture<RunResult>> trigger;
    private final int concurrency;
    private final Deque<String> waiting = new ArrayDeque<>();
    private final Map<String, CompletableFuture<RunResult>> results = new LinkedHashMap<>();

    OnceRuns(Function<String, CompletableFuture<RunResult>> trigger, int concurrency) {
        this.trigger = trigger;
        this.concurrency = Math.max(1, concurrency);
    }

    /** The bound configured in {@code context} ({@value #CONCURRENCY}), else the number of cores. */
    static int concurrency(CamelContext context) {
        String value = context.getPropertiesComponent().resolveProperty(CONCURRENCY).map(String::trim).orElse("");
        if (value.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("property '" + CONCURRENCY + "' has invalid value '" + value
                + "'; allowed: a whole number of at least 1");
    }

    static OnceRuns of(SyncTrigger trigger, CamelContext context) {
        return new OnceRuns(source -> trigger.trigger(source, io.gatewaysync.run.RunTrigger.ONCE), concurrency(context));
    }

    /** Starts the runs of {@code sources}; the results in the order given, each complete when its run ends. */
    Map<String, CompletableFuture<RunResult>> start(List<String> sources) {
        int first;
        synchronized (this) {
            sources.forEach(name -> results.put(name, new CompletableFuture<>()));
            waiting.addAll(sources);
            first = Math.min(concurrency, waiting.size());
        }
        for (int i = 0; i < first; i++) {
            startNext();
        }
        return results;
    }

    private void startNext() {
        String name;
        synchronized (this) {
            name = waiting.poll();
        }
        if (name == null) {
            return;
        }
        CompletableFuture<RunResult> result = results.get(name);
        CompletableFuture<RunResult> run;
        try {
            run = trigger.apply(name);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            startNext();
            return;
        }
        run.whenComplete((r, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(r);
            }
            startNext();
        });
    }
}
