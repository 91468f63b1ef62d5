package io.gatewaysync.monitor;

import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.RunTotals;
import io.gatewaysync.run.SyncRun;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.sync.RunOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Per-source meters in the Micrometer registry that Camel's Prometheus support scrapes at
 * {@code /observe/metrics} (Prometheus names in brackets):
 * <ul>
 *   <li>{@code gateway.sync.objects} [gateway_sync_objects_total] {source, outcome}: objects by outcome
 *       (created, updated, deleted, unchanged, conflict, pushed, failed, blocked), summed over finished runs
 *       ({@code failed}: tried in a run and failed; {@code blocked}: left out, not tried);</li>
 *   <li>{@code gateway.sync.runs.skipped} [gateway_sync_runs_skipped_total] {source}: scheduled ticks
 *       skipped (paused, lease held elsewhere): a count, not runs;</li>
 *   <li>{@code gateway.sync.last.run.outcome} [gateway_sync_last_run_outcome] {source, outcome}: 1 for the
 *       last run's outcome (OK, OK_WITH_FAILED_OBJECTS, PARTIAL, FAILED), 0 for the others;</li>
 *   <li>{@code gateway.sync.runs} [gateway_sync_runs_total] and {@code gateway.sync.run.errors}
 *       [gateway_sync_run_errors_total] {source}: runs, and runs that did not end OK with failed=0;</li>
 *   <li>{@code gateway.sync.run.duration} [gateway_sync_run_duration_seconds] {source, status}: run durations;</li>
 *   <li>gauges {source}: {@code gateway.sync.running}, {@code gateway.sync.paused},
 *       {@code gateway.sync.current.run.objects.seen}, {@code gateway.sync.last.run.success} (1 clean,
 *       0 not, NaN before the first run), {@code gateway.sync.last.run.end.timestamp} [..._seconds],
 *       {@code gateway.sync.blocked.records} (refreshed after each run and each unblock).</li>
 * </ul>
 * Dry runs are not counted.
 */
public class SourceMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SourceMetrics.class);

    private final CamelContext context;
    private final SyncRecordStore records;
    private final Map<String, AtomicLong> blocked = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public SourceMetrics(CamelContext context, SyncRecordStore records) {
        this.context = context;
        this.records = records;
    }

    /** Registers the meters of every source; a no-op when Camel's metrics are switched off. */
    public void bind(Collection<SyncSource> sources) {
        MeterRegistry found = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (found == null) {
            LOG.info("metrics: no Micrometer registry (camel.metrics.enabled=false?); per-source metrics are off");
            return;
        }
        registry = found;
        for (SyncSource source : sources) {
            bind(found, source);
        }
    }

    private void bind(MeterRegistry reg, SyncSource source) {
        String name = source.name();
        RunTotals totals = source.totals();
        objects(reg, name, "created", totals, RunTotals::created);
        objects(reg, name, "updated", totals, RunTotals::updated);
        objects(reg, name, "deleted", totals, RunTotals::deleted);
        objects(reg, name, "unchanged", totals, RunTotals::unchanged);
        objects(reg, name, "conflict", totals, RunTotals::conflicts);
        objects(reg, name, "pushed", totals, RunTotals::pushed);
        objects(reg, name, "failed", totals, RunTotals::failed);
        objects(reg, name, "blocked", totals, RunTotals::blocked);
        FunctionCounter.builder("gateway.sync.runs.skipped", totals, RunTotals::skipped)
                .description("Scheduled ticks skipped: paused, or another engine held the lease").tag("source", name)
                .register(reg);
        for (RunOutcome outcome : RunOutcome.values()) {
            if (outcome == RunOutcome.SKIPPED) {
                continue; // a skip is not a run: it leaves the last run's outcome as it was
            }
            Gauge.builder("gateway.sync.last.run.outcome", source, s -> {
                        RunResult r = s.lastResult();
                        return r == null ? Double.NaN : r.outcome() == outcome ? 1 : 0;
                    }).description("1 for the last run's outcome, 0 for the others (NaN before the first run)")
                    .tags("source", name, "outcome", outcome.label()).strongReference(true).register(reg);
        }
        FunctionCounter.builder("gateway.sync.runs", totals, RunTotals::runs)
                .description("Runs finished since start").tag("source", name).register(reg);
        FunctionCounter.builder("gateway.sync.run.errors", totals, RunTotals::failedRuns)
                .description("Runs that did not end OK with failed=0 (PARTIAL, FAILED, or objects failed)")
                .tag("source", name).register(reg);
        gauge(reg, "gateway.sync.running", "1 while a run of the source is in progress", source,
                s -> s.currentRun() != null ? 1 : 0);
        gauge(reg, "gateway.sync.paused", "1 when scheduled runs are paused", source, s -> s.paused() ? 1 : 0);
        gauge(reg, "gateway.sync.current.run.objects.seen", "Objects seen so far by the run in progress", source, s -> {
            SyncRun run = s.currentRun();
            return run == null ? 0 : run.summary().seen();
        });
        gauge(reg, "gateway.sync.last.run.success", "1 when the last run ended OK with failed=0, else 0", source, s -> {
            RunResult r = s.lastResult();
            return r == null ? Double.NaN : r.clean() ? 1 : 0;
        });
        Gauge.builder("gateway.sync.last.run.end.timestamp", source, s -> {
                    RunResult r = s.lastResult();
                    return r == null ? Double.NaN : r.ended().toEpochMilli() / 1000.0;
                }).description("End of the last run (Unix time)").baseUnit("seconds").tag("source", name)
                .strongReference(true).register(reg);
        AtomicLong count = blocked.computeIfAbsent(name, n -> new AtomicLong());
        refreshBlocked(source);
        Gauge.builder("gateway.sync.blocked.records", count, AtomicLong::get)
                .description("Synchronization records blocked after repeated failures").tag("source", name)
                .strongReference(true).register(reg);
    }

    /** Called for every finished run. */
    public void onRun(RunResult result, SyncSource source) {
        MeterRegistry reg = registry;
        if (reg == null || result.dryRun() || result.status() == io.gatewaysync.sync.RunStatus.SKIPPED) {
            return; // a skipped tick is counted (gateway.sync.runs.skipped), not timed as a 0 ms run
        }
        Timer.builder("gateway.sync.run.duration").description("Duration of finished runs")
                .tags("source", result.source(), "status", result.status().name()).register(reg)
                .record(Duration.ofMillis(result.durationMs()));
        if (source != null) {
            refreshBlocked(source);
        }
    }

    /** Re-reads the number of blocked records (one COUNT), after a run or an operator action. */
    public void refreshBlocked(SyncSource source) {
        AtomicLong count = blocked.get(source.name());
        if (count == null) {
            return;
        }
        try {
            count.set(records.countBlocked(source.name()));
        } catch (RuntimeException e) {
            LOG.debug("metrics: could not count blocked records of '{}': {}", source.name(), e.getMessage());
        }
    }

    private static void objects(MeterRegistry reg, String source, String outcome, RunTotals totals,
                                ToDoubleFunction<RunTotals> f) {
        FunctionCounter.builder("gateway.sync.objects", totals, f)
                .description("Source objects by outcome, summed over finished runs")
                .tags("source", source, "outcome", outcome).register(reg);
    }

    private static void gauge(MeterRegistry reg, String name, String description, SyncSource source,
                              ToDoubleFunction<SyncSource> f) {
        Gauge.builder(name, source, f).description(description).tag("source", source.name())
                .strongReference(true).register(reg);
    }
}
