package io.gatewaysync.monitor;

import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.ObjectSync;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SyncRun;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.run.SyncTrigger;
import io.gatewaysync.run.RunTrigger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What an operator can do to a source, behind the JMX MBeans (and anything else that wants it):
 * run it now, sync one object, unblock a record, pause and resume. Every answer is one line of text.
 */
public class Operations {

    /** Route that syncs one object through the page route (gateway-sync/object-sync.yaml). */
    public static final String OBJECT_ROUTE = "direct:gateway-sync-object";

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final CamelContext context;
    private final SyncRecordStore records;
    private final Duration syncNowWait;
    private final SourceMetrics metrics;
    /** Where a one-object sync's result goes: the run history. */
    private final Consumer<RunResult> history;
    private volatile ProducerTemplate producer;

    public Operations(CamelContext context, SyncRecordStore records, Duration syncNowWait, SourceMetrics metrics,
                      Consumer<RunResult> history) {
        this.context = context;
        this.records = records;
        this.syncNowWait = syncNowWait;
        this.metrics = metrics;
        this.history = history;
    }

    /** What a one-object sync answered, and its result (null when nothing ran: refused, busy, unknown). */
    public record ObjectAnswer(String text, RunResult result) {
    }

    public String syncNow(SyncSource source) {
        if (source.paused()) {
            return "source '" + source.name() + "' is paused: call resume() first";
        }
        SyncRun running = source.currentRun();
        if (running != null) {
            return "source '" + source.name() + "' is already running (run " + running.number() + " since "
                    + running.started() + "): " + running.summary().line(io.gatewaysync.sync.RunStatus.RUNNING,
                    running.elapsed().toMillis());
        }
        LOG.info("source '{}': run requested by an operator (JMX syncNow)", source.name());
        CompletableFuture<RunResult> result = trigger().trigger(source.name(), RunTrigger.MANUAL);
        try {
            return result.get(syncNowWait.toMillis(), TimeUnit.MILLISECONDS).line();
        } catch (TimeoutException e) {
            return "started: source '" + source.name() + "' is running; its summary will be in LastRunSummary";
        } catch (ExecutionException e) {
            return "could not start source '" + source.name() + "': " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "started: source '" + source.name() + "' (interrupted while waiting for its result)";
        }
    }

    public String syncObject(SyncSource source, String sourceId) {
        return syncObject(source, sourceId, "an operator (JMX syncObject)");
    }

    /** {@code requestedBy} names who asked, for the log (an operator, a notification). One history row. */
    public String syncObject(SyncSource source, String sourceId, String requestedBy) {
        ObjectAnswer answer = syncObject(source, sourceId, requestedBy, RunTrigger.OBJECT);
        if (answer.result() != null) {
            history.accept(answer.result());
        }
        return answer.text();
    }

    /**
     * Syncs one object and answers with its result, leaving the history to the caller: a batch of
     * notifications is one row, not one per object.
     */
    public ObjectAnswer syncObject(SyncSource source, String sourceId, String requestedBy, RunTrigger trigger) {
        LOG.info("source '{}': sync of object {} requested by {}", source.name(), sourceId, requestedBy);
        try {
            Exchange done = producer().send(OBJECT_ROUTE, exchange -> {
                exchange.getMessage().setHeader(ObjectSync.SOURCE, source.name());
                exchange.getMessage().setHeader(ObjectSync.SOURCE_ID, sourceId == null ? "" : sourceId);
                exchange.getMessage().setHeader(ObjectSync.TRIGGER, trigger.name());
            });
            if (done.getException() != null) {
                throw done.getException();
            }
            metrics.refreshBlocked(source);
            return new ObjectAnswer(done.getMessage().getBody(String.class),
                    done.getProperty(ObjectSync.RESULT, RunResult.class));
        } catch (Exception e) {
            LOG.error("source '{}': sync of object {} failed", source.name(), sourceId, e);
            return new ObjectAnswer("failed: " + e.getMessage(), null);
        }
    }

    /** A result that ran outside a scheduled run (a batch of notifications) into the run history. */
    public void recordHistory(RunResult result) {
        history.accept(result);
    }

    public String unblock(SyncSource source, String sourceId) {
        if (sourceId == null || sourceId.isBlank()) {
            return "give the object's id at the source";
        }
        boolean done = records.unblock(source.name(), sourceId.trim());
        metrics.refreshBlocked(source);
        if (!done) {
            return "no synchronization record for object " + sourceId.trim() + " of source '" + source.name() + "'";
        }
        LOG.info("source '{}': record of object {} unblocked by an operator", source.name(), sourceId.trim());
        return "unblocked object " + sourceId.trim() + " of source '" + source.name() + "': the next run tries it again";
    }

    public String pause(SyncSource source) {
        source.paused(true);
        LOG.info("source '{}': paused by an operator", source.name());
        return "source '" + source.name() + "' paused: scheduled runs are skipped until it is resumed"
                + (source.currentRun() != null ? " (the run in progress finishes)" : "");
    }

    public String resume(SyncSource source) {
        source.paused(false);
        LOG.info("source '{}': resumed by an operator", source.name());
        return "source '" + source.name() + "' resumed" + nextRun(source.name()).map(t -> ": next run " + t).orElse("");
    }

    public Optional<Instant> nextRun(String source) {
        SyncTrigger trigger = context.getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class);
        return trigger == null ? Optional.empty() : trigger.nextRun(source);
    }

    public long blockedRecords(String source) {
        return records.countBlocked(source);
    }

    /** Records with try_counter > 0: see {@link SourceMBean#getOpenConflicts()}. */
    public long openConflicts(String source) {
        return records.countFailing(source);
    }

    private SyncTrigger trigger() {
        SyncTrigger trigger = context.getRegistry().lookupByNameAndType("syncTrigger", SyncTrigger.class);
        if (trigger == null) {
            throw new IllegalStateException("the engine is not started");
        }
        return trigger;
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = context.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    void close() {
        ProducerTemplate p = producer;
        if (p != null) {
            try {
                p.close();
            } catch (Exception e) {
                LOG.debug("closing the producer template", e);
            }
        }
    }
}
