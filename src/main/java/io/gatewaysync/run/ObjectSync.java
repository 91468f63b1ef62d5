package io.gatewaysync.run;

import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.sync.Decision;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Syncs ONE source object by its id, for operators (JMX {@code syncObject}): the steps of the route
 * {@code direct:gateway-sync-object}. The object is read from its item URL and sent as a page of one
 * candidate through the same page route as a run ({@code direct:gateway-sync-page}): same records,
 * same decision, same deliveries, same transaction.
 *
 * <p>When the item URL answers 404 or 410, the object is confirmed gone from the source: its record
 * (if any) is decided as "gone from source", exactly as the sweep after a complete listing would.
 * Writes that a run defers until its listing is complete (deletes at the source in two-way mode) stay
 * deferred: they are recorded as intents and carried out by the next complete run.
 */
public class ObjectSync {

    /** Header: the source name. */
    public static final String SOURCE = "gatewaySyncSource";
    /** Header: the id of the object at the source. */
    public static final String SOURCE_ID = "gatewaySyncSourceId";
    /** Exchange property: the answer when no page was sent (nothing to do, or refused). */
    static final String NOTE = "syncObjectNote";
    /** Exchange property: true when the object could not be synced. */
    static final String FAILED = "syncObjectFailed";
    /** Header: what asked for the sync, a {@link RunTrigger} name (default {@code OBJECT}). */
    public static final String TRIGGER = "gatewaySyncTrigger";
    /** Exchange property set by {@link #finish}: the sync as a {@link RunResult}, for the run history. */
    public static final String RESULT = "syncObjectResult";

    /** In the answer when a run (here or on another engine) holds the source: nothing was done, try later. */
    public static final String BUSY = "is being synced right now";

    private static final Logger LOG = LoggerFactory.getLogger(ObjectSync.class);
    private static final int MAX_ID_LENGTH = 255;

    private final SourceCatalog catalog;
    private final SyncRecordStore records;
    private final SyncSteps steps;

    public ObjectSync(SourceCatalog catalog, SyncRecordStore records, SyncSteps steps) {
        this.catalog = catalog;
        this.records = records;
        this.steps = steps;
    }

    /**
     * Takes the source's lease and reads the object; returns the page of one candidate, or null (with
     * the reason in {@link #NOTE}) when there is nothing to send through the page route.
     */
    public PageWork begin(Exchange exchange, @Header(SOURCE) String sourceName, @Header(SOURCE_ID) String sourceId) {
        exchange.removeProperty(SyncSteps.RUN);
        exchange.removeProperty(SyncSteps.PAGE);
        if (sourceName == null || !catalog.contains(sourceName)) {
            return note(exchange, "unknown source '" + sourceName + "'; configured: " + String.join(", ", catalog.names()));
        }
        String id = sourceId == null ? "" : sourceId.trim();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return note(exchange, "give the object's id at the source (1-" + MAX_ID_LENGTH + " characters)");
        }
        SyncSource source = catalog.get(sourceName);
        SyncRun run = steps.beginSingle(source);
        if (run == null) {
            return note(exchange, "source '" + sourceName + "' " + BUSY + " (a run holds its lease); "
                    + "try again when it is done");
        }
        exchange.setProperty(SyncSteps.RUN, run);
        run.trigger = trigger(exchange.getMessage().getHeader(TRIGGER, String.class));
        SourceClient client = source.client();
        Optional<SourceClient.Representation> found;
        try {
            SyncRecord known = records.find(sourceName, id); // its own item URL, where its listing showed one
            found = client.read(id, known == null ? null : known.sourceUrl());
        } catch (SourceException e) {
            exchange.setProperty(FAILED, true);
            return note(exchange, "object " + id + " could not be read from the source, nothing changed: " + e.getMessage());
        }
        if (found.isPresent()) {
            String listedId = client.settings().ids().text(found.get().object());
            String key = listedId != null && !listedId.isBlank() ? listedId : id;
            Candidate candidate = Candidate.fromSource(client.object(key, found.get()));
            run.summary().page();
            run.summary().seen(1);
            return new PageWork(run, PageKind.LISTING, List.of(candidate));
        }
        SyncRecord record = records.find(sourceName, id);
        if (record == null) {
            return note(exchange, "object " + id + " is not at the source (its item URL answers 404/410) and has no "
                    + "synchronization record: nothing to do");
        }
        // Confirmed gone: the same candidate a sweep after a complete listing would decide.
        return new PageWork(run, PageKind.GONE_FROM_SOURCE, List.of(Candidate.fromRecord(record)));
    }

    /** The page route failed as a whole (e.g. the database went away): nothing of the page was committed. */
    public void failed(Exchange exchange, Exception error) {
        LOG.error("sync of one object failed: {}", error.getMessage(), error);
        exchange.setProperty(FAILED, true);
        note(exchange, "failed, nothing changed: " + error.getMessage());
        exchange.removeProperty(SyncSteps.PAGE);
    }

    /** Releases the lease and answers with what happened to the object. */
    public String finish(Exchange exchange, @ExchangeProperty(SyncSteps.RUN) SyncRun run,
                         @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        String note = exchange.getProperty(NOTE, String.class);
        String answer;
        if (run == null) {
            answer = note;
        } else {
            answer = note != null ? note : describe(run, work);
            boolean failed = exchange.getProperty(FAILED, false, Boolean.class) || run.summary().failed() > 0;
            steps.finishSingle(run, failed ? "FAILED" : "OK", truncate("sync of one object: " + answer));
            if (!run.dryRun()) {
                exchange.setProperty(RESULT, run.singleResult(failed, truncate(answer)));
            }
        }
        String source = run != null ? run.source().name() : exchange.getMessage().getHeader(SOURCE, String.class);
        LOG.info("source '{}': {}", source, answer);
        return answer;
    }

    private String describe(SyncRun run, PageWork work) {
        Candidate c = work == null || work.candidates().isEmpty() ? null : work.candidates().get(0);
        if (c == null) {
            return "nothing to do";
        }
        String what = "object " + c.sourceId();
        Decision d = c.decision();
        if (d == null) {
            SyncRecord r = c.record();
            return what + " is blocked after repeated failures" + (r != null && r.blockedUntil() != null
                    ? " until " + r.blockedUntil() : "") + "; unblock it first (last error: "
                    + (r == null ? "none" : r.lastError()) + ")";
        }
        String decided = what + ": " + d.scenario().label() + " -> " + d.action() + " (" + d.reason() + ")";
        if (run.dryRun()) {
            return decided + ": dry run, nothing written";
        }
        if (run.summary().failed() > 0) {
            SyncRecord after = c.sourceId() == null ? null : records.find(run.source().name(), c.sourceId());
            return decided + ": FAILED: " + (after != null && after.lastError() != null ? after.lastError() : "see the log");
        }
        if (d.action() == io.gatewaysync.sync.Action.DELETE_IN_SOURCE && work.kind() != PageKind.DEFERRED) {
            return decided + ": recorded; the delete at the source is carried out after the next complete listing";
        }
        return decided + ": done";
    }

    private static RunTrigger trigger(String name) {
        try {
            return name == null ? RunTrigger.OBJECT : RunTrigger.valueOf(name);
        } catch (IllegalArgumentException e) {
            return RunTrigger.OBJECT;
        }
    }

    private static PageWork note(Exchange exchange, String message) {
        exchange.setProperty(NOTE, message);
        return null;
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
