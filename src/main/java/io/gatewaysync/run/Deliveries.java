package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.EmbeddedGateway;
import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.gateway.StaleGatewayWrite;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.source.DotPath;
import io.gatewaysync.source.IdPath;
import io.gatewaysync.source.MergePatch;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.sync.Action;
import io.gatewaysync.sync.Outcome;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The deliveries the route's content-based router chooses between, one method per action. Each
 * works on a group of candidates; writes to the embedded gateway and all record changes are staged
 * on the page and committed together. A failure of one object is kept on its record (try counter,
 * last error, block after too many) and never stops the page.
 *
 * <p>Deliveries that call out over HTTP (write-back to the source, a remote gateway) run with bounded
 * concurrency ({@code sync.delivery-concurrency}, default 8): a page of PUTs then takes about as long
 * as its slowest few calls instead of the sum of all. Failure handling stays per object. Writes to the
 * embedded gateway are only staged for the page's transaction, so they stay on the route's thread.
 */
public class Deliveries {

    /** The intent stored on a record whose source delete waits for the end of the listing. */
    public static final String PENDING_SOURCE_DELETE = "DELETE_IN_SOURCE";

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    /** The source hash of a record whose object's mapping failed: no object hashes to it. */
    static final String MAPPING_FAILED = "mapping-failed";

    private final SyncRecordStore records;
    private final CallPool calls;

    /** @param concurrency how many HTTP deliveries of one page may be under way at once */
    public Deliveries(SyncRecordStore records, int concurrency) {
        this.records = records;
        this.calls = new CallPool("gateway-sync-delivery", concurrency);
    }

    public void createInGateway(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        Gateway gateway = work.run().source().gateway();
        long run = work.run().number();
        // A remote create is announced first (crash safety). So is a re-create: where the remote collection
        // does not take a PUT to the old id, it becomes a POST that assigns a new one.
        Intents intents = gateway.transactional() ? Intents.NONE : intents(work, group, c -> {
            SyncRecord record = recordOf(work, c);
            SourceObject object = c.sourceObject();
            String token = record.openIntent(SyncRecordStore.CREATE_IN_GATEWAY) ? record.pendingToken()
                    : WriteIntents.token();
            String sent;
            try {
                sent = c.gatewayHash();
            } catch (RuntimeException mappingFailed) {
                return null; // fails in the delivery, with the mapping's error
            }
            return record.withIntent(SyncRecordStore.CREATE_IN_GATEWAY, object.id(), record.gatewayId(),
                    record.sourceHash(), record.gatewayHash(), token, sent, run, Instant.now());
        });
        each(group, work, remote(gateway), c -> {
            intents.check();
            SourceObject object = c.sourceObject();
            ObjectNode data = c.gatewayData(); // the mapped object; a failing mapping fails this object only
            SyncRecord record = recordOf(work, c);
            String gatewayId;
            if (record.gatewayId() != null) {
                // Deleted in the gateway but still wanted: re-create it under the id the record knows.
                // A remote gateway may assign a new id; the record follows it.
                gatewayId = gateway.recreate(work.gatewayWrites(), record.gatewayId(), data, c.gatewayHash());
            } else {
                gatewayId = gateway.create(work.gatewayWrites(), data, c.gatewayHash(), record.pendingToken());
            }
            work.save(withListedEtag(synced(work, record, object.id(), gatewayId, object.hash(), c.gatewayHash(),
                    object.lastChanged(), Instant.now()), object, work).withGatewayEtag(gateway.takeEtag(gatewayId)));
        });
    }

    public void updateGateway(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        Gateway gateway = work.run().source().gateway();
        each(group, work, remote(gateway), c -> {
            try {
                writeGatewayCopy(work, c);
            } catch (StaleGatewayWrite stale) {
                redecideGatewayCopy(work, c, stale);
            }
        });
    }

    /** The gateway copy replaced by the listed object (mapped), with {@code If-Match} where the gateway gives ETags. */
    private static void writeGatewayCopy(PageWork work, Candidate c) {
        Gateway gateway = work.run().source().gateway();
        SourceObject object = c.sourceObject();
        ObjectNode data = c.gatewayData();
        String etag = gateway.update(work.gatewayWrites(), c.gatewayId(), data, c.gatewayHash(),
                c.gateway() == null ? null : c.gateway().hash(), object.lastChanged(), GatewayConditions.ifMatch(work, c));
        work.save(withListedEtag(synced(work, c.record(), object.id(), c.gatewayId(), object.hash(), c.gatewayHash(),
                object.lastChanged(), Instant.now()), object, work).withGatewayEtag(etag));
    }

    /**
     * A remote gateway refused the write with 412: its copy changed since this run read it. As for the source,
     * the copy is read again and the object decided again with the usual rules, never written blind: a
     * source change that still wins is written with the fresh ETag (a second 412 fails the object), anything
     * else (the gateway's change goes to the source, or is kept) is left to the next run, which sees both
     * changes. Counted as a conflict when it is one.
     */
    private static void redecideGatewayCopy(PageWork work, Candidate c, StaleGatewayWrite stale) {
        GatewayState fresh = work.run().source().gateway().states(List.of(c.gatewayId())).get(c.gatewayId());
        if (fresh == null) {
            throw new IllegalStateException(stale.getMessage() + "; read again, it is gone: decided by the next run");
        }
        Candidate again = new Candidate(c.sourceObject(), c.record(), fresh);
        again.mapping(work.run().source().options().mapping());
        io.gatewaysync.sync.Decision decision = io.gatewaysync.sync.Decider.decide(
                DecisionStep.facts(work.kind(), again), work.run().source().definition().policy());
        if (decision.conflict()) {
            work.run().summary().conflict();
        }
        LOG.info("source '{}': {}: {}; read again and decided: {} ({})", work.run().source().name(), c.describe(),
                stale.getMessage(), decision.action(), decision.reason());
        if (decision.action() == Action.UPDATE_GATEWAY) {
            writeGatewayCopy(work, again);
            return;
        }
        work.save(c.record().withPendingAction(c.record().pendingAction(), work.run().number(), Instant.now())
                .withNote("gateway copy not written: " + stale.getMessage() + "; decided again: " + decision.action()
                        + " (" + decision.reason() + "), carried out by the next run"));
        c.counted(Outcome.NOT_COUNTED);
    }

    public void deleteInGateway(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        Gateway gateway = work.run().source().gateway();
        each(group, work, remote(gateway), c -> {
            try {
                gateway.delete(work.gatewayWrites(), c.gatewayId(), c.gateway() == null ? null : c.gateway().hash(),
                        GatewayConditions.ifMatch(work, c));
                work.forget(c.record());
            } catch (StaleGatewayWrite stale) {
                // Changed in the gateway since it was read: not deleted; the next run decides it again.
                work.run().summary().conflict();
                LOG.info("source '{}': {}: {}; not deleted, decided again by the next run", work.run().source().name(),
                        c.describe(), stale.getMessage());
                work.save(c.record().withPendingAction(c.record().pendingAction(), work.run().number(), Instant.now())
                        .withNote("gateway copy not deleted: " + stale.getMessage()));
                c.counted(Outcome.NOT_COUNTED);
            }
        });
    }

    /**
     * Write-back of a gateway edit (PUT, or a merge patch), with {@code If-Match} when the object's ETag is
     * known. The source's answer is the truth for both sides: mapped, it becomes the gateway copy in the
     * same commit as the record ({@link WriteAnswers}). A 412 is not retried as it was: the object is read again
     * and decided again ({@link #redecide}).
     */
    public void updateSource(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        SourceClient client = work.run().source().client();
        Map<String, ObjectNode> data = gatewayData(group, work);
        each(group, work, true, c -> {
            try {
                pushUpdate(work, client, c, require(data, c));
            } catch (SourceClient.StaleWrite stale) {
                redecide(work, client, c, require(data, c), stale);
            }
        });
    }

    /** One PUT or PATCH of a gateway object, its answer adopted. */
    private void pushUpdate(PageWork work, SourceClient client, Candidate c, ObjectNode gatewayObject) {
        SourceMapping mapping = work.run().source().options().mapping();
        IdPath ids = work.run().source().definition().settings().ids();
        ObjectNode body = mapping.hasReverse() ? mapping.toSource(gatewayObject)
                : ids.composite() ? gatewayObject : withOwnId(gatewayObject, ids.single(), c.sourceId());
        String etag = SourceWrites.etagFor(client, c);
        ObjectNode before = c.onSource() ? c.sourceObject().data() : null;
        SourceWrites.Written written;
        ObjectNode sent = body;
        if (client.settings().style().patch()) {
            ObjectNode current = before;
            if (current == null) {
                current = client.fetch(c.sourceId(), c.itemUrl()).orElseThrow(() -> new IllegalStateException(
                        "object '" + c.sourceId() + "' is gone from the source; nothing to patch"));
            }
            ObjectNode patch = patchOf(current, body, ids);
            ObjectNode merged = (ObjectNode) MergePatch.apply(current, patch);
            sent = merged;
            written = SourceWrites.answer(client, c.sourceId(), c.itemUrl(),
                    client.patch(c.sourceId(), c.itemUrl(), patch, merged, etag), current, merged, !client.jsonApi());
        } else {
            written = SourceWrites.answer(client, c.sourceId(), c.itemUrl(), client.put(c.sourceId(), c.itemUrl(), body, etag),
                    before, body, false);
        }
        WriteAnswers.adopt(work, c, c.record(), c.sourceId(), written, gatewayObject, sent);
    }

    /**
     * {@code updateMethod: PATCH}: the merge patch from what the source holds now (the object read in
     * this page; read again when the listing did not carry it, as in an incremental run) to the gateway's
     * version. When only the gateway changed, that is exactly the gateway's edit since the last sync; the
     * id fields are never patched away.
     */
    private static ObjectNode patchOf(ObjectNode current, ObjectNode body, IdPath ids) {
        ObjectNode desired = body.deepCopy();
        for (DotPath part : ids.parts()) {
            if (part.get(desired).isMissingNode() && !part.get(current).isMissingNode()) {
                part.put(desired, part.get(current).deepCopy());
            }
        }
        return MergePatch.diff(current, desired);
    }

    /**
     * The record with the ETag the listing gave the object (a known one stays when the listing gives none)
     * and the item URL it showed, kept only when it is not the default one ({@link #keptUrl}).
     */
    private static SyncRecord withListedEtag(SyncRecord record, SourceObject object, PageWork work) {
        SyncRecord r = object.etag() == null ? record : record.withEtag(object.etag());
        return object.itemUrl() == null ? r : r.withSourceUrl(keptUrl(work, object.id(), object.itemUrl()));
    }

    /**
     * What the record keeps of an object's own item URL: the URL, only when it differs from the default
     * ({@code {url}/{id}}, or OData's {@code Entity(key)}); else null, so that the row stays small.
     */
    static String keptUrl(PageWork work, String sourceId, String itemUrl) {
        if (itemUrl == null || sourceId == null) {
            return null;
        }
        try {
            return itemUrl.equals(work.run().source().client().itemUri(sourceId).toString()) ? null : itemUrl;
        } catch (RuntimeException noDefault) {
            return itemUrl; // no default item URL to be had (an OData key that does not fit $metadata): keep it
        }
    }

    /**
     * A write refused with 412 (or 428): the object changed at the source since it was read. It is read
     * again and decided again with the usual rules (a conflict settled by the dates or the source of
     * truth); the write is never retried blind. Counted as a conflict when it is one (changed on both sides).
     */
    private void redecide(PageWork work, SourceClient client, Candidate c, ObjectNode gatewayObject,
                          SourceClient.StaleWrite stale) {
        SourceObject fresh = client.read(c.sourceId(), c.itemUrl()).map(r -> client.object(c.sourceId(), r)).orElseThrow(() ->
                new IllegalStateException(stale.getMessage() + "; read again, it is gone: decided by the next run"));
        Candidate again = new Candidate(c.sourceObject() != null && c.sourceObject().itemUrl() != null
                ? new SourceObject(fresh.id(), fresh.data(), fresh.hash(), fresh.lastChanged(), fresh.etag(),
                c.sourceObject().itemUrl()) : fresh, c.record(), c.gateway());
        again.mapping(work.run().source().options().mapping());
        io.gatewaysync.sync.Decision decision = io.gatewaysync.sync.Decider.decide(
                DecisionStep.facts(PageKind.LISTING, again), work.run().source().definition().policy());
        if (decision.conflict()) {
            // changed on both sides: a conflict. A 428, or a stale ETag of an object unchanged since, is none.
            work.run().summary().conflict();
        }
        LOG.info("source '{}': {}: {}; read again and decided: {} ({})", work.run().source().name(), c.describe(),
                stale.getMessage(), decision.action(), decision.reason());
        switch (decision.action()) {
            case UPDATE_SOURCE -> {
                pushUpdate(work, client, again, gatewayObject); // with the fresh ETag; a second 412 fails it
                c.counted(Outcome.PUSHED);
            }
            case UPDATE_GATEWAY -> {
                Gateway gateway = work.run().source().gateway();
                String gatewayEtag;
                synchronized (work.gatewayWrites()) {
                    gatewayEtag = gateway.update(work.gatewayWrites(), c.gatewayId(), again.gatewayData(),
                            again.gatewayHash(), c.gateway().hash(), fresh.lastChanged(), GatewayConditions.ifMatch(work, c));
                }
                work.save(synced(work, c.record(), fresh.id(), c.gatewayId(), fresh.hash(), again.gatewayHash(),
                        fresh.lastChanged(), Instant.now()).withEtag(fresh.etag()).withGatewayEtag(gatewayEtag));
                c.counted(Outcome.UPDATED);
            }
            default -> throw new IllegalStateException(stale.getMessage() + "; read again and decided "
                    + decision.action() + " (" + decision.reason() + "): carried out by the next run");
        }
    }

    /**
     * Deleting at the source removes an object from its listing. During the listing that would shift
     * page-number pages, so here the delete is only recorded as an intent; it is carried out after a
     * complete listing ({@link Sweeps}).
     */
    public void deleteInSource(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        if (work.kind() != PageKind.DEFERRED) {
            each(group, work, Outcome.NOT_COUNTED, c ->
                    work.save(c.record().withPendingAction(PENDING_SOURCE_DELETE, work.run().number(), Instant.now())
                            .withSourceUrl(keptUrl(work, c.sourceId(), c.itemUrl()))));
            return;
        }
        SourceClient client = work.run().source().client();
        each(group, work, true, c -> {
            try {
                client.delete(c.sourceId(), c.itemUrl(), SourceWrites.etagFor(client, c));
                work.forget(c.record());
            } catch (SourceClient.StaleWrite stale) {
                // Changed at the source since it was read: not deleted; the next listing decides it again.
                work.run().summary().conflict();
                LOG.info("source '{}': {}: {}; not deleted, decided again by the next run", work.run().source().name(),
                        c.describe(), stale.getMessage());
                work.save(c.record().withPendingAction(null, work.run().number(), Instant.now())
                        .withNote("not deleted: " + stale.getMessage()));
                c.counted(Outcome.NOT_COUNTED);
            }
        });
    }

    /**
     * Write-back of an object that is only in the gateway: POST, and keep the id the source assigns.
     * The POST is announced by a write intent first, committed on its own, so that a crash between the
     * POST and the page's commit is reconciled instead of repeated ({@link WriteIntents}).
     */
    public void createInSource(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        SourceClient client = work.run().source().client();
        String idPathText = work.run().source().definition().settings().idPath();
        DotPath idPath = work.run().source().definition().settings().ids().single();
        Map<String, ObjectNode> data = gatewayData(group, work);
        SourceMapping mapping = work.run().source().options().mapping();
        Map<Candidate, ObjectNode> bodies = new java.util.concurrent.ConcurrentHashMap<>();
        long run = work.run().number();
        Intents intents = intents(work, group, c -> {
            ObjectNode body;
            try {
                body = data.get(c.gatewayId()) == null ? null : sourceBody(mapping, c, data.get(c.gatewayId()), idPath);
            } catch (RuntimeException mappingFailed) {
                return null; // fails in the delivery, with the mapping's error
            }
            if (body == null || c.gateway() == null) {
                return null; // fails in the delivery: the gateway object disappeared
            }
            bodies.put(c, body);
            SyncRecord base = c.record() != null ? c.record()
                    : SyncRecord.fresh(work.run().source().name(), null, work.run().source().gateway().schema(),
                    Instant.now());
            String token = base.openIntent(SyncRecordStore.CREATE_IN_SOURCE) ? base.pendingToken() : WriteIntents.token();
            return base.withIntent(SyncRecordStore.CREATE_IN_SOURCE, null, c.gatewayId(), null, c.gateway().hash(),
                    token, WriteIntents.contentHash(body, idPath), run, Instant.now());
        });
        each(group, work, true, c -> {
            intents.check();
            ObjectNode body = bodies.containsKey(c) ? bodies.get(c) : sourceBody(mapping, c, require(data, c), idPath);
            SyncRecord record = c.record();
            SourceClient.WriteReply reply = client.post(body, record == null ? null : record.pendingToken());
            String sourceId = client.createdId(reply, body);
            if (sourceId == null) {
                String created = client.settings().style().createdIdPath();
                throw new IllegalStateException("the source answered the POST without an id at '"
                        + (created == null ? idPathText : created) + "' and without a Location header");
            }
            if (record == null) {
                record = SyncRecord.fresh(work.run().source().name(), sourceId, work.run().source().gateway().schema(),
                        Instant.now());
            }
            SourceWrites.Written written = SourceWrites.answer(client, sourceId, null, reply, null, body, false);
            WriteAnswers.adopt(work, c, record, sourceId, written, require(data, c), body);
        });
    }

    /**
     * What a POST to the source sends: the gateway object in the source's shape ({@code reverseMapping}).
     * Without one, an object that is not this source's (in a hub: another source's, carrying that
     * source's id) goes without an id: the source assigns one, and none is sent that could clash.
     */
    private static ObjectNode sourceBody(SourceMapping mapping, Candidate c, ObjectNode gatewayObject, DotPath idPath) {
        if (mapping.hasReverse()) {
            return mapping.toSource(gatewayObject);
        }
        if (c.decision() != null && c.decision().scenario() == io.gatewaysync.sync.Scenario.NEW_IN_GATEWAY) {
            return WriteIntents.withoutId(gatewayObject, idPath);
        }
        return gatewayObject;
    }

    /**
     * A PUT body without a {@code reverseMapping}: where the gateway object carries an id at {@code idPath}
     * (in a hub, possibly the id another source gave it), it is this source's id for the object.
     */
    private static ObjectNode withOwnId(ObjectNode gatewayObject, DotPath idPath, String sourceId) {
        com.fasterxml.jackson.databind.JsonNode id = idPath.get(gatewayObject);
        if (id == null || id.isNull() || sourceId == null || sourceId.equals(id.asText())) {
            return gatewayObject;
        }
        ObjectNode body = gatewayObject.deepCopy();
        boolean numeric = id.isIntegralNumber() && sourceId.matches("-?\\d{1,18}");
        idPath.put(body, numeric ? body.numberNode(Long.parseLong(sourceId)) : body.textNode(sourceId));
        return body;
    }

    /** Nothing to write; the record is marked seen in this run (one statement per page). */
    public void unchanged(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        each(group, work, c -> {
            if (c.reconciled()) {
                work.save(c.record()); // rebuilt from an intent in this run: store it
            } else if (c.record() != null && c.onSource()) {
                work.touchUnchanged(c);
            }
        });
    }

    /** The gateway copy stays as it is; the record acknowledges both sides so the next run is quiet. */
    public void keep(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        each(group, work, c -> {
            SyncRecord r = c.record();
            if (c.onSource()) {
                work.save(r.acknowledged(c.sourceObject().hash(), c.gateway().hash(), work.run().number(), Instant.now()));
            }
            // Deleted at the source with onSourceDelete=keep: the record stays, unseen, so it is
            // decided again (and kept again) on every run until the object comes back.
        });
    }

    public void dropRecord(@Body ActionGroup group, @ExchangeProperty(SyncSteps.PAGE) PageWork work) {
        each(group, work, c -> work.forget(c.record()));
    }

    // ---- write intents ----------------------------------------------------------------------

    /** The intents of a group, stored; or the error that kept them from being stored (then no call is made). */
    private record Intents(RuntimeException error) {
        static final Intents NONE = new Intents(null);

        void check() {
            if (error != null) {
                throw error;
            }
        }
    }

    /**
     * Stores the intents of a group in one transaction of their own, before any of its calls. Each
     * candidate then carries its stored intent record (id and version known), which its delivery
     * turns into the synced record, or its failure into a failed one that keeps the intent open.
     */
    private Intents intents(PageWork work, ActionGroup group, Function<Candidate, SyncRecord> intentOf) {
        if (work.run().dryRun()) {
            return Intents.NONE;
        }
        Map<String, Candidate> byToken = new HashMap<>();
        List<SyncRecord> intents = new ArrayList<>();
        for (Candidate c : group.candidates()) {
            SyncRecord intent = intentOf.apply(c);
            if (intent != null) {
                intents.add(intent);
                byToken.put(intent.pendingToken(), c);
            }
        }
        try {
            records.saveIntents(work.run().source().name(), intents, work.run().ownRun()).forEach((token, stored) -> {
                Candidate c = byToken.get(token);
                if (c != null) {
                    c.record(stored);
                }
            });
            return Intents.NONE;
        } catch (RuntimeException e) {
            return new Intents(new IllegalStateException("the write intent could not be stored, so the call was "
                    + "not made: " + e.getMessage(), e));
        }
    }

    // ---- shared plumbing ------------------------------------------------------------------

    private void each(ActionGroup group, PageWork work, Consumer<Candidate> delivery) {
        each(group, work, group.action().outcome(), false, delivery);
    }

    /** {@code calls}: the delivery makes an HTTP call, so the group may be delivered concurrently. */
    private void each(ActionGroup group, PageWork work, boolean calls, Consumer<Candidate> delivery) {
        each(group, work, group.action().outcome(), calls, delivery);
    }

    private void each(ActionGroup group, PageWork work, Outcome outcome, Consumer<Candidate> delivery) {
        each(group, work, outcome, false, delivery);
    }

    private void each(ActionGroup group, PageWork work, Outcome outcome, boolean calls, Consumer<Candidate> delivery) {
        SyncRun run = work.run();
        if (run.dryRun()) {
            for (Candidate c : group.candidates()) {
                run.plan(c.decision().scenario(), c.decision().scenario().label() + " -> " + group.action() + ": "
                        + c.describe() + " (" + c.decision().reason() + ")" + mappedForDryRun(group.action(), c));
                run.summary().count(group.action().outcome());
            }
            return;
        }
        if (!calls || this.calls.sequential() || group.size() < 2) {
            group.candidates().forEach(c -> deliver(work, group.action(), outcome, c, delivery));
            return;
        }
        // At most `sync.delivery-concurrency` calls at once; the page waits for all of them.
        List<Callable<Void>> each = new ArrayList<>(group.size());
        for (Candidate c : group.candidates()) {
            each.add(() -> {
                deliver(work, group.action(), outcome, c, delivery);
                return null;
            });
        }
        this.calls.all(each, "delivering " + group.action());
    }

    /** One object's delivery; its failure is kept on its record and never stops the others. */
    private void deliver(PageWork work, Action action, Outcome outcome, Candidate c, Consumer<Candidate> delivery) {
        try {
            delivery.accept(c);
            work.counted(c.counted() != null ? c.counted() : outcome);
        } catch (RuntimeException e) {
            fail(work, c, action, e);
        }
    }

    /** Dry run: the gateway object a mapping makes of the source object, for actions that write it. */
    private static String mappedForDryRun(Action action, Candidate c) {
        if (!c.mapping().hasForward() || !c.onSource() || c.assumedUnchanged()
                || (action != Action.CREATE_IN_GATEWAY && action != Action.UPDATE_GATEWAY)) {
            return "";
        }
        try {
            String json = c.gatewayData().toString();
            return " mapped: " + (json.length() <= 500 ? json : json.substring(0, 497) + "...");
        } catch (RuntimeException e) {
            return " mapping FAILED: " + e.getMessage();
        }
    }

    private static boolean remote(Gateway gateway) {
        return !(gateway instanceof EmbeddedGateway);
    }

    private void fail(PageWork work, Candidate c, Action action, RuntimeException e) {
        SyncRun run = work.run();
        SourceDefinition definition = run.source().definition();
        run.summary().count(Outcome.FAILED);
        String error = action + " failed: " + e.getMessage();
        LOG.warn("source '{}': {}: {}", definition.name(), c.describe(), error);
        SyncRecord record = c.record();
        if (record == null && c.sourceId() != null) {
            record = SyncRecord.fresh(definition.name(), c.sourceId(), run.source().gateway().schema(), Instant.now());
        }
        if (record != null) {
            SyncRecord failed = record.failed(error, c.onSource() ? run.number() : record.lastSeenRun(),
                    definition.maxTries(), definition.blockFor(), Instant.now());
            if (e instanceof SourceMapping.MappingException && record.established()
                    && (action == Action.UPDATE_GATEWAY || action == Action.CREATE_IN_GATEWAY)) {
                // The object was not delivered in its mapped form (e.g. after a mapping change): a source
                // hash that matches no object makes the next run deliver it again, until it works.
                failed = failed.withSourceHash(MAPPING_FAILED);
            }
            if (failed.blocked()) {
                LOG.warn("source '{}': {} blocked after {} consecutive failures", definition.name(), c.describe(),
                        failed.tryCounter());
            }
            work.save(failed);
        }
    }

    private static SyncRecord recordOf(PageWork work, Candidate c) {
        return c.record() != null ? c.record()
                : SyncRecord.fresh(work.run().source().name(), c.sourceId(), work.run().source().gateway().schema(),
                Instant.now());
    }

    /** The record after a delivery: the hashes of what both sides now hold, so the next run is quiet. */
    private static SyncRecord synced(PageWork work, SyncRecord record, String sourceId, String gatewayId,
                                     String sourceHash, String gatewayHash, Instant sourceChanged,
                                     Instant gatewayChanged) {
        return record.synced(sourceId, gatewayId, sourceHash, gatewayHash, sourceChanged, gatewayChanged,
                work.run().number(), Instant.now());
    }

    private static Map<String, ObjectNode> gatewayData(ActionGroup group, PageWork work) {
        if (work.run().dryRun()) {
            return Map.of();
        }
        List<String> ids = group.candidates().stream().map(Candidate::gatewayId).toList();
        return work.run().source().gateway().load(ids);
    }

    private static ObjectNode require(Map<String, ObjectNode> data, Candidate c) {
        ObjectNode body = data.get(c.gatewayId());
        if (body == null) {
            throw new IllegalStateException("gateway object " + c.gatewayId() + " disappeared during the run");
        }
        return body;
    }
}
