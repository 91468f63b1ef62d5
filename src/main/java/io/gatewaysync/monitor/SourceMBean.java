package io.gatewaysync.monitor;

import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.RunTotals;
import io.gatewaysync.run.RunProgress;
import io.gatewaysync.run.SyncRun;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.sync.RunStatus;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

import java.net.URI;
import java.time.Instant;
import java.util.Date;

/**
 * The JMX view and controls of one source, registered as {@code io.gatewaysync:type=source,name=<source>}
 * through Camel's management agent (so Camel's own context and route MBeans stay as they are).
 * Attributes are read live; none of them shows the source's {@code authorization} value, and URLs are
 * shown without user-info and query (where API keys tend to live).
 */
@ManagedResource(description = "A gateway-sync source: state, current and last run, totals since start, controls")
public class SourceMBean {

    public static final String DOMAIN = "io.gatewaysync";

    private final SyncSource source;
    private final Operations operations;

    SourceMBean(SyncSource source, Operations operations) {
        this.source = source;
        this.operations = operations;
    }

    // ---- the source ------------------------------------------------------------------------

    @ManagedAttribute(description = "Name of the source (route template parameter 'source')")
    public String getName() {
        return source.name();
    }

    @ManagedAttribute(description = "IDLE, RUNNING or PAUSED (a paused source skips scheduled runs and syncNow)")
    public String getState() {
        if (source.currentRun() != null) {
            return "RUNNING";
        }
        return source.paused() ? "PAUSED" : "IDLE";
    }

    @ManagedAttribute(description = "True when scheduled runs are skipped (pause/resume; not kept over a restart)")
    public boolean isPaused() {
        return source.paused();
    }

    @ManagedAttribute(description = "The source's collection URL, without user-info and query")
    public String getUrl() {
        return redact(source.definition().settings().url());
    }

    @ManagedAttribute(description = "Schema in the embedded gateway, or the remote gateway's URL without user-info and query")
    public String getGateway() {
        return redact(source.definition().gateway());
    }

    @ManagedAttribute(description = "source-to-gateway or two-way")
    public String getDirection() {
        return source.definition().policy().twoWay() ? "two-way" : "source-to-gateway";
    }

    @ManagedAttribute(description = "Next scheduled run (Quartz), or null when none is planned or the source is paused")
    public Date getNextRun() {
        if (source.paused()) {
            return null;
        }
        return operations.nextRun(source.name()).map(Date::from).orElse(null);
    }

    // ---- the current run -------------------------------------------------------------------

    @ManagedAttribute(description = "Number of the run in progress, or null")
    public Long getCurrentRunNumber() {
        SyncRun run = source.currentRun();
        return run == null ? null : run.number();
    }

    @ManagedAttribute(description = "Start of the run in progress, or null")
    public Date getCurrentRunStarted() {
        SyncRun run = source.currentRun();
        return run == null ? null : Date.from(run.started());
    }

    @ManagedAttribute(description = "Source objects seen so far by the run in progress, or null")
    public Long getCurrentRunObjectsSeen() {
        SyncRun run = source.currentRun();
        return run == null ? null : run.summary().seen();
    }

    @ManagedAttribute(description = "Listing pages read so far by the run in progress, or null")
    public Long getCurrentRunPages() {
        SyncRun run = source.currentRun();
        return run == null ? null : run.summary().pages();
    }

    @ManagedAttribute(description = "Milliseconds since the run in progress started, or null")
    public Long getCurrentRunElapsedMs() {
        SyncRun run = source.currentRun();
        return run == null ? null : run.elapsed().toMillis();
    }

    @ManagedAttribute(description = "Objects per second of the run in progress so far, or null")
    public Double getCurrentRunObjectsPerSecond() {
        SyncRun run = source.currentRun();
        return run == null ? null : Math.round(RunProgress.of(run).objectsPerSecond() * 10) / 10.0;
    }

    @ManagedAttribute(description = "The size of the collection as the source reports it for the run in progress, or null")
    public Long getCurrentRunTotal() {
        SyncRun run = source.currentRun();
        return run == null ? null : RunProgress.of(run).total();
    }

    @ManagedAttribute(description = "Seconds the run in progress needs to reach the reported total at its rate so far, or null")
    public Long getCurrentRunEtaSeconds() {
        SyncRun run = source.currentRun();
        return run == null ? null : RunProgress.of(run).etaSeconds();
    }

    @ManagedAttribute(description = "The run in progress as one line (pages, objects, rate, elapsed, time left), or null")
    public String getCurrentRunProgress() {
        SyncRun run = source.currentRun();
        return run == null ? null : RunProgress.of(run).line();
    }

    @ManagedAttribute(description = "The counters of the run in progress, as a summary line, or null")
    public String getCurrentRunSummary() {
        SyncRun run = source.currentRun();
        return run == null ? null : run.summary().line(RunStatus.RUNNING, run.elapsed().toMillis());
    }

    // ---- the last finished run -------------------------------------------------------------

    @ManagedAttribute(description = "OK, PARTIAL (listing incomplete: no deletes) or FAILED; null before the first run")
    public String getLastRunStatus() {
        RunResult r = last();
        return r == null ? null : r.status().name();
    }

    @ManagedAttribute(description = "OK, OK_WITH_FAILED_OBJECTS, PARTIAL or FAILED (as the metric "
            + "gateway_sync_last_run_outcome and the API's outcome); null before the first run")
    public String getLastRunOutcome() {
        RunResult r = last();
        return r == null ? null : r.outcome().label();
    }

    @ManagedAttribute(description = "The last run's outcome in words: 'OK', 'OK with 3 failed objects', 'PARTIAL', 'FAILED'")
    public String getLastRunOutcomeText() {
        RunResult r = last();
        return r == null ? null : r.outcomeWords();
    }

    @ManagedAttribute(description = "Last run: records left out because they are blocked (not tried, so not failed)")
    public Long getLastRunBlocked() {
        RunResult r = last();
        return r == null ? null : r.blocked();
    }

    @ManagedAttribute(description = "Scheduled ticks skipped (paused, or the lease held elsewhere) since the last run that ran")
    public long getSkippedSinceLastRun() {
        return source.skippedSinceLastRun();
    }

    @ManagedAttribute(description = "When the source was paused, or null while it is not")
    public Date getPausedSince() {
        return date(source.pausedSince());
    }

    @ManagedAttribute(description = "Number of the last finished run")
    public Long getLastRunNumber() {
        RunResult r = last();
        return r == null ? null : r.number();
    }

    @ManagedAttribute(description = "Start of the last finished run")
    public Date getLastRunStarted() {
        RunResult r = last();
        return r == null ? null : date(r.started());
    }

    @ManagedAttribute(description = "End of the last finished run")
    public Date getLastRunEnded() {
        RunResult r = last();
        return r == null ? null : date(r.ended());
    }

    @ManagedAttribute(description = "Duration of the last finished run in milliseconds")
    public Long getLastRunDurationMs() {
        RunResult r = last();
        return r == null ? null : r.durationMs();
    }

    @ManagedAttribute(description = "Last run: objects created in the gateway")
    public Long getLastRunCreated() {
        RunResult r = last();
        return r == null ? null : r.created();
    }

    @ManagedAttribute(description = "Last run: gateway objects updated")
    public Long getLastRunUpdated() {
        RunResult r = last();
        return r == null ? null : r.updated();
    }

    @ManagedAttribute(description = "Last run: gateway objects deleted")
    public Long getLastRunDeleted() {
        RunResult r = last();
        return r == null ? null : r.deleted();
    }

    @ManagedAttribute(description = "Last run: objects unchanged")
    public Long getLastRunUnchanged() {
        RunResult r = last();
        return r == null ? null : r.unchanged();
    }

    @ManagedAttribute(description = "Last run: conflicts (both sides changed), settled by change date or sourceOfTruth")
    public Long getLastRunConflicts() {
        RunResult r = last();
        return r == null ? null : r.conflicts();
    }

    @ManagedAttribute(description = "Last run: writes to the source (two-way)")
    public Long getLastRunPushed() {
        RunResult r = last();
        return r == null ? null : r.pushed();
    }

    @ManagedAttribute(description = "Last run: objects tried in that run that failed (kept on their records: try "
            + "counter, last error); blocked records are not tried and count in LastRunBlocked")
    public Long getLastRunFailed() {
        RunResult r = last();
        return r == null ? null : r.failed();
    }

    @ManagedAttribute(description = "Last run: source objects seen in the listing")
    public Long getLastRunSeen() {
        RunResult r = last();
        return r == null ? null : r.seen();
    }

    @ManagedAttribute(description = "Last run: listing pages read")
    public Long getLastRunPages() {
        RunResult r = last();
        return r == null ? null : r.pages();
    }

    @ManagedAttribute(description = "Last run: the summary line (as printed by --once)")
    public String getLastRunSummary() {
        RunResult r = last();
        return r == null ? null : r.line();
    }

    @ManagedAttribute(description = "Last run: why the listing or the run broke off, or null")
    public String getLastRunError() {
        RunResult r = last();
        return r == null ? null : r.error();
    }

    @ManagedAttribute(description = "The last run that did not start: when, and why (paused, or which engine "
            + "holds the source's run lease, since when and until when at the latest), or null")
    public String getLastSkipped() {
        RunResult r = source.lastSkipped();
        return r == null ? null : r.started() + ": " + r.error();
    }

    // ---- totals since the engine started ---------------------------------------------------

    @ManagedAttribute(description = "Runs finished since start")
    public long getTotalRuns() {
        return totals().runs();
    }

    @ManagedAttribute(description = "Runs since start that did not end OK with failed=0")
    public long getTotalFailedRuns() {
        return totals().failedRuns();
    }

    @ManagedAttribute(description = "Objects created in the gateway since start")
    public long getTotalCreated() {
        return totals().created();
    }

    @ManagedAttribute(description = "Gateway objects updated since start")
    public long getTotalUpdated() {
        return totals().updated();
    }

    @ManagedAttribute(description = "Gateway objects deleted since start")
    public long getTotalDeleted() {
        return totals().deleted();
    }

    @ManagedAttribute(description = "Objects found unchanged since start")
    public long getTotalUnchanged() {
        return totals().unchanged();
    }

    @ManagedAttribute(description = "Scheduled ticks skipped since start (paused, or the lease held elsewhere)")
    public long getTotalSkipped() {
        return totals().skipped();
    }

    @ManagedAttribute(description = "Conflicts settled since start")
    public long getTotalConflicts() {
        return totals().conflicts();
    }

    @ManagedAttribute(description = "Writes to the source since start")
    public long getTotalPushed() {
        return totals().pushed();
    }

    @ManagedAttribute(description = "Object failures since start")
    public long getTotalFailed() {
        return totals().failed();
    }

    // ---- synchronization records (read from the database) -------------------------------------

    @ManagedAttribute(description = "Synchronization records blocked after repeated failures (skipped until their back-off ends or unblock)")
    public long getBlockedRecords() {
        return operations.blockedRecords(source.name());
    }

    @ManagedAttribute(description = "Records whose last sync attempt failed (try counter > 0, blocked ones included): "
            + "their two sides may disagree until a sync succeeds. Conflicts themselves are settled by the rule "
            + "at once; what stays open is a delivery that failed.")
    public long getOpenConflicts() {
        return operations.openConflicts(source.name());
    }

    // ---- operations ------------------------------------------------------------------------

    @ManagedOperation(description = "Runs the source now (as its schedule would); returns the summary line, "
            + "or 'started' when the run takes longer than the wait (see sync.jmx.sync-now-wait-seconds)")
    public String syncNow() {
        return operations.syncNow(source);
    }

    @ManagedOperation(description = "Syncs one object by its id at the source: GET its item URL, then the same "
            + "decision and delivery as a run; returns what happened")
    public String syncObject(String sourceId) {
        return operations.syncObject(source, sourceId);
    }

    @ManagedOperation(description = "Clears the block and try counter of the record of one source object, "
            + "so that the next run tries it again")
    public String unblock(String sourceId) {
        return operations.unblock(source, sourceId);
    }

    @ManagedOperation(description = "Scheduled runs and syncNow are skipped until resume (a run in progress finishes)")
    public String pause() {
        return operations.pause(source);
    }

    @ManagedOperation(description = "Scheduled runs go on again")
    public String resume() {
        return operations.resume(source);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private RunResult last() {
        return source.lastResult();
    }

    private RunTotals totals() {
        return source.totals();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** A URL without user-info and query; anything else (a schema name) as it is. */
    public static String redact(String value) {
        if (value == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
            return value;
        }
        try {
            URI uri = URI.create(value);
            String hostPort = uri.getHost() == null ? "" : uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            return uri.getScheme() + "://" + hostPort + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() != null ? "?…" : "");
        } catch (IllegalArgumentException e) {
            return "(not shown)";
        }
    }
}
