package io.gatewaysync.web;

import io.gatewaysync.monitor.SourceMBean;

import io.gatewaysync.monitor.Operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.record.RunHistory;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.ObjectSync;
import io.gatewaysync.run.RunProgress;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.RunTrigger;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.run.SyncRun;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.run.SyncTrigger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static io.gatewaysync.web.JsonReplies.error;
import static io.gatewaysync.web.JsonReplies.number;
import static io.gatewaysync.web.JsonReplies.respond;
import static io.gatewaysync.web.JsonReplies.text;

/**
 * The operator's API over HTTP (gateway-api.yaml), what the web console and dashboards use:
 * <ul>
 *   <li>{@code GET /api/_sources}, {@code GET /api/_sources/{name}}: each source's settings (never a
 *       credential: URLs without user-info and query), state, next and last run, the run in progress,
 *       and how many of its records fail or are blocked (role read);</li>
 *   <li>{@code POST /api/_sources/{name}/sync[?wait=0..300]}: runs it now through its Quartz job, as the
 *       schedule would (role admin);</li>
 *   <li>{@code POST /api/_sources/{name}/pause}, {@code …/resume}: scheduled runs and "sync now" are
 *       skipped until resumed (a run in progress finishes; not kept over a restart), as JMX pause/resume
 *       (role admin); both answer with the source's view;</li>
 *   <li>{@code POST /api/_synchronizations/{source}/{sourceId}/retry}: unblocks one record and syncs that
 *       object now (role admin).</li>
 * </ul>
 */
public class SourcesApi {

    static final int MAX_WAIT_SECONDS = 300;
    /** Runs in each source's trend (the overview's sparkline). */
    static final int TREND_RUNS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(SourcesApi.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final CamelContext context;
    private final SourceCatalog catalog;
    private final Operations operations;
    private final SyncRecordStore records;
    private final SynchronizationsApi synchronizations;
    private final ObjectMapper mapper;
    private final RunHistory history;

    public SourcesApi(CamelContext context, SourceCatalog catalog, Operations operations, SyncRecordStore records,
                      SynchronizationsApi synchronizations, ObjectMapper mapper, RunHistory history) {
        this.history = history;
        this.context = context;
        this.catalog = catalog;
        this.operations = operations;
        this.records = records;
        this.synchronizations = synchronizations;
        this.mapper = mapper;
    }

    /** {@code GET /api/_sources}, by name. */
    public void list(Exchange exchange) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode results = body.putArray("results");
        java.util.List<SyncSource> sources = catalog.all().stream().sorted(Comparator.comparing(SyncSource::name)).toList();
        java.util.Map<String, java.util.List<RunHistory.Row>> trends = trends(sources.stream().map(SyncSource::name).toList());
        sources.forEach(s -> results.add(view(s).set("trend", trend(trends.get(s.name())))));
        body.put("count", results.size());
        respond(exchange, 200, body);
    }

    /** {@code GET /api/_sources/{name}}. */
    public void one(Exchange exchange) {
        SyncSource source = source(exchange);
        if (source != null) {
            ObjectNode view = view(source);
            view.set("trend", trend(trends(java.util.List.of(source.name())).get(source.name())));
            respond(exchange, 200, view);
        }
    }

    /** The recent runs of each source; a history that cannot be read leaves the trends empty, never the list. */
    private java.util.Map<String, java.util.List<RunHistory.Row>> trends(java.util.List<String> names) {
        try {
            return history.recentRuns(names, TREND_RUNS);
        } catch (RuntimeException e) {
            LOG.warn("sources API: the run history could not be read for the trends: {}", e.getMessage());
            return java.util.Map.of();
        }
    }

    /** Oldest first: each run's number, outcome, duration and how many objects it changed. */
    private ArrayNode trend(java.util.List<RunHistory.Row> rows) {
        ArrayNode trend = mapper.createArrayNode();
        if (rows == null) {
            return trend;
        }
        for (int i = rows.size() - 1; i >= 0; i--) {
            RunHistory.Row r = rows.get(i);
            ObjectNode o = trend.addObject();
            o.put("runNumber", r.runNumber());
            o.put("outcome", io.gatewaysync.sync.RunOutcome.of(io.gatewaysync.sync.RunStatus.valueOf(r.status()), r.failed()).label());
            o.put("startedAt", text(r.startedAt()));
            o.put("durationMs", r.durationMs());
            o.put("changes", r.created() + r.updated() + r.deleted() + r.pushed());
            o.put("failed", r.failed());
        }
        return trend;
    }

    /** {@code POST /api/_sources/{name}/sync[?wait=seconds]}. */
    public void sync(Exchange exchange) {
        String waitValue = exchange.getMessage().getHeader("wait", String.class);
        SyncSource source = source(exchange);
        if (source == null) {
            return;
        }
        long wait = number(waitValue, 0);
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            error(exchange, 400, "wait must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
            return;
        }
        if (source.paused()) {
            error(exchange, 409, "source '" + source.name() + "' is paused; resume it first (POST /api/_sources/"
                    + source.name() + "/resume)");
            return;
        }
        SyncRun running = source.currentRun();
        if (running != null) {
            error(exchange, 409, "source '" + source.name() + "' is already running (run " + running.number()
                    + " since " + running.started() + ")");
            return;
        }
        LOG.info("source '{}': run requested over the API", source.name());
        CompletableFuture<RunResult> result = trigger().trigger(source.name(), RunTrigger.API);
        ObjectNode body = mapper.createObjectNode();
        if (wait > 0) {
            try {
                body.set("result", lastRun(result.get(wait, TimeUnit.SECONDS)));
                respond(exchange, 200, body);
                return;
            } catch (TimeoutException e) {
                // still running: answered as started below
            } catch (ExecutionException e) {
                error(exchange, 500, "could not start source '" + source.name() + "': " + e.getCause().getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (result.isCompletedExceptionally()) {
            error(exchange, 500, "could not start source '" + source.name() + "'");
            return;
        }
        body.put("started", true);
        body.put("source", source.name());
        respond(exchange, 202, body);
    }

    /** {@code POST /api/_sources/{name}/pause}: the same operation as JMX pause; answers with the source. */
    public void pause(Exchange exchange) {
        SyncSource source = source(exchange);
        if (source != null) {
            String answer = operations.pause(source);
            respond(exchange, 200, withView(source, answer));
        }
    }

    /** {@code POST /api/_sources/{name}/resume}. */
    public void resume(Exchange exchange) {
        SyncSource source = source(exchange);
        if (source != null) {
            respond(exchange, 200, withView(source, operations.resume(source)));
        }
    }

    private ObjectNode withView(SyncSource source, String answer) {
        ObjectNode body = view(source);
        body.put("result", answer);
        return body;
    }

    /** {@code POST /api/_synchronizations/{source}/{sourceId}/retry}: unblock, then sync the one object now. */
    public void retry(Exchange exchange) {
        Message in = exchange.getMessage();
        String name = in.getHeader("source", String.class);
        String sourceId = in.getHeader("sourceId", String.class);
        if (name == null || !NAME.matcher(name).matches() || sourceId == null || sourceId.isEmpty()
                || sourceId.length() > 255 || !catalog.contains(name) || records.find(name, sourceId) == null) {
            error(exchange, 404, "no synchronization record '" + sourceId + "' of source '" + name + "'");
            return;
        }
        SyncSource source = catalog.get(name);
        operations.unblock(source, sourceId);
        String answer = operations.syncObject(source, sourceId, "an operator (API retry)");
        SyncRecord after = records.find(name, sourceId);
        ObjectNode body = mapper.createObjectNode();
        body.put("synced", synced(answer, after));
        body.put("result", answer);
        if (after == null) {
            body.putNull("record"); // confirmed gone from the source, and its record with it
        } else {
            body.set("record", synchronizations.view(after));
        }
        respond(exchange, 200, body);
    }

    /**
     * {@code POST /api/_synchronizations/{source}/_gateway/{gatewayId}/retry}: the record addressed by its
     * gateway id. With a source id it is retried as above; without one (a gateway-made object whose create
     * at the source failed) it is unblocked and a run of the source is started, which creates it.
     */
    public void retryByGatewayId(Exchange exchange) {
        Message in = exchange.getMessage();
        String name = in.getHeader("source", String.class);
        String gatewayId = in.getHeader("gatewayId", String.class);
        SyncRecord record = name == null || !NAME.matcher(name).matches() || gatewayId == null || gatewayId.isEmpty()
                || gatewayId.length() > 255 || !catalog.contains(name) ? null : records.findByGatewayId(name, gatewayId);
        if (record == null) {
            error(exchange, 404, "no synchronization record of gateway object '" + gatewayId + "' of source '" + name + "'");
            return;
        }
        if (record.sourceId() != null) {
            in.setHeader("sourceId", record.sourceId());
            retry(exchange);
            return;
        }
        SyncSource source = catalog.get(name);
        records.unblockByGatewayId(name, gatewayId);
        String answer = operations.syncNow(source);
        SyncRecord after = records.findByGatewayId(name, gatewayId);
        ObjectNode body = mapper.createObjectNode();
        body.put("synced", after != null && after.sourceId() != null && after.tryCounter() == 0);
        body.put("result", "unblocked gateway object " + gatewayId + "; a run of the source creates it there: " + answer);
        if (after == null) {
            body.putNull("record");
        } else {
            body.set("record", synchronizations.view(after));
        }
        respond(exchange, 200, body);
    }

    /** The object's sync went through: nothing refused or failed, and its record carries no failure. */
    static boolean synced(String answer, SyncRecord after) {
        if (answer == null || answer.startsWith("failed") || answer.contains(ObjectSync.BUSY)
                || answer.contains(": FAILED") || answer.contains("could not be read") || answer.startsWith("unknown source")) {
            return false;
        }
        return after == null || (after.tryCounter() == 0 && !after.blocked());
    }

    ObjectNode view(SyncSource source) {
        ObjectNode o = mapper.createObjectNode();
        o.put("name", source.name());
        o.put("url", SourceMBean.redact(source.definition().settings().url()));
        o.put("gateway", SourceMBean.redact(source.definition().gateway()));
        o.put("direction", source.definition().policy().twoWay() ? "two-way" : "source-to-gateway");
        SyncTrigger trigger = context.getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class);
        o.put("schedule", trigger == null ? null : trigger.schedule(source.name()).orElse(null));
        SyncRun run = source.currentRun();
        o.put("state", run != null ? "running" : source.paused() ? "paused" : "idle");
        o.put("paused", source.paused());
        o.put("pausedSince", text(source.pausedSince()));
        // A paused source has no next run: its schedule's ticks are skipped until it is resumed.
        o.put("nextRun", source.paused() ? null : text(operations.nextRun(source.name()).orElse(null)));
        RunResult last = source.lastResult();
        if (last == null) {
            o.putNull("lastRun");
        } else {
            o.set("lastRun", lastRun(last));
        }
        if (run == null) {
            o.putNull("progress");
        } else {
            o.set("progress", progress(RunProgress.of(run)));
        }
        RunResult skipped = source.lastSkipped();
        long skips = source.skippedSinceLastRun();
        if (skipped == null || skips == 0) {
            o.putNull("skipped");
        } else {
            ObjectNode k = o.putObject("skipped");
            k.put("count", skips); // ticks skipped since the last run that ran: one number, not a row each
            k.put("lastAt", text(skipped.started()));
            k.put("reason", skipped.error());
            k.put("outcomeText", skipped.outcomeWords());
        }
        // Records whose last try failed (blocked ones included) and, of those, the blocked ones: 7 failing of
        // which 7 blocked is 7 records, not 14.
        o.put("failingRecords", operations.openConflicts(source.name()));
        o.put("blockedRecords", operations.blockedRecords(source.name()));
        return o;
    }

    ObjectNode lastRun(RunResult r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("status", r.status().name());
        o.put("outcome", r.outcome().label());
        o.put("outcomeText", r.outcomeWords());
        o.put("runNumber", r.number());
        o.put("startedAt", text(r.started()));
        o.put("endedAt", text(r.ended()));
        o.put("durationMs", r.durationMs());
        o.put("created", r.created());
        o.put("updated", r.updated());
        o.put("deleted", r.deleted());
        o.put("unchanged", r.unchanged());
        o.put("conflicts", r.conflicts());
        o.put("pushed", r.pushed());
        o.put("failed", r.failed());
        o.put("blocked", r.blocked());
        o.put("seen", r.seen());
        o.put("pages", r.pages());
        o.put("mode", r.mode());
        o.put("trigger", r.trigger().label());
        o.put("message", r.error());
        return o;
    }

    private ObjectNode progress(RunProgress p) {
        ObjectNode o = mapper.createObjectNode();
        o.put("runNumber", p.runNumber());
        o.put("startedAt", text(p.startedAt()));
        o.put("pages", p.pages());
        o.put("objects", p.objectsSeen());
        o.put("objectsPerSecond", Math.round(p.objectsPerSecond() * 10) / 10.0);
        o.put("elapsedMs", p.elapsedMs());
        if (p.total() == null) {
            o.putNull("total");
        } else {
            o.put("total", p.total());
        }
        Long eta = p.etaSeconds();
        if (eta == null) {
            o.putNull("etaSeconds");
        } else {
            o.put("etaSeconds", eta);
        }
        return o;
    }

    /** The source named by the {@code name} path parameter, or null after answering 404. */
    private SyncSource source(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        if (name == null || !NAME.matcher(name).matches() || !catalog.contains(name)) {
            error(exchange, 404, "no source '" + (name == null ? "" : name) + "'; configured: "
                    + String.join(", ", catalog.names()));
            return null;
        }
        return catalog.get(name);
    }

    private SyncTrigger trigger() {
        SyncTrigger trigger = context.getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class);
        if (trigger == null) {
            throw new IllegalStateException("the engine is not started");
        }
        return trigger;
    }
}
