package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.StaleGatewayWrite;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.source.IdPath;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.sync.CanonicalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The source's answer to a write is the truth for both sides: it becomes the gateway copy, in the same
 * commit as the record, which takes both hashes and the object's ETag; so the next run is quiet and both
 * sides hold equal data. In the hub, where several sources write one gateway copy, it must not start an
 * endless relay: an answer that changes the gateway copy run after run is stopped and named.
 */
final class WriteAnswers {

    /** Runs in a row after which a write-back whose answer keeps changing the gateway copy is an endless relay. */
    static final int ECHO_LIMIT = 3;

    /** The source hash of a record whose write-back's answer could not be had: no object hashes to it. */
    static final String ANSWER_UNKNOWN = "answer-unknown";

    private static final Logger LOG = LoggerFactory.getLogger(WriteAnswers.class);

    private WriteAnswers() {
    }

    /**
     * The source's answer to a write becomes the truth for both sides: mapped with {@code mapping}, it
     * replaces the gateway copy (when it differs) in the page's commit, and the record takes both hashes,
     * so the next run is quiet and both sides hold equal data. When the answer could not be had, the
     * record says so and holds a source hash no object has: the next run reads the object and delivers it.
     * An answer that changes the gateway copy run after run (two sources stamping a field they share) is
     * an endless relay: after {@link #ECHO_LIMIT} runs in a row it is no longer copied, and named.
     */
    static void adopt(PageWork work, Candidate c, SyncRecord record, String sourceId, SourceWrites.Written written,
                      ObjectNode gatewayObject, ObjectNode sent) {
        long run = work.run().number();
        String gatewayHash = c.gateway().hash();
        if (written.object() == null) {
            SyncRecord kept = record.synced(sourceId, c.gatewayId(), ANSWER_UNKNOWN, gatewayHash, null,
                    c.gateway().lastChanged(), run, Instant.now()).withEtag(written.etag())
                    .withNote("written; the source's answer could not be had (" + written.unknownBecause()
                            + "): the object is read again at the next run");
            LOG.warn("source '{}': {}: {}", work.run().source().name(), c.describe(), kept.lastError());
            work.save(kept);
            return;
        }
        SourceObject answer = written.object();
        SourceMapping.Mapped mapped = adopted(work, answer, gatewayObject, sent);
        String note = null;
        String storedHash = gatewayHash;
        String gatewayEtag = c.gateway().etag() != null ? c.gateway().etag() : record.gatewayEtag();
        int echoes = 0;
        if (!mapped.hash().equals(gatewayHash)) {
            echoes = record != null && record.echoCount() > 0 && record.echoRun() >= run - 2 ? record.echoCount() + 1 : 1;
            if (echoes > ECHO_LIMIT) {
                note = "endless relay stopped: the source's answer changed the gateway copy in " + (echoes - 1)
                        + " runs in a row (fields " + differing(gatewayObject, mapped.data()) + "); the answer is no "
                        + "longer copied to the gateway. Map such fields one way only (docs/hub.md)";
                LOG.warn("source '{}': {}: {}", work.run().source().name(), c.describe(), note);
            } else {
                Gateway gateway = work.run().source().gateway();
                try {
                    synchronized (work.gatewayWrites()) { // staged from the delivery threads
                        gatewayEtag = gateway.update(work.gatewayWrites(), c.gatewayId(), mapped.data(), mapped.hash(),
                                gatewayHash, answer.lastChanged(), GatewayConditions.ifMatch(work, c));
                    }
                    storedHash = mapped.hash();
                } catch (StaleGatewayWrite stale) {
                    // The copy changed in the gateway since it was read: that change is not overwritten. The
                    // record keeps the hash of the copy that was pushed, so the next run sees the new change.
                    note = "the source's answer was not copied to the gateway: " + stale.getMessage()
                            + "; the gateway's new change goes to the source at the next run";
                    LOG.info("source '{}': {}: {}", work.run().source().name(), c.describe(), note);
                }
            }
        }
        SyncRecord done = record.synced(sourceId, c.gatewayId(), answer.hash(), storedHash, answer.lastChanged(),
                c.gateway().lastChanged(), run, Instant.now()).withEtag(written.etag()).withEchoes(echoes, run)
                .withGatewayEtag(gatewayEtag)
                .withSourceUrl(c.sourceObject() != null && c.sourceObject().itemUrl() != null
                        ? Deliveries.keptUrl(work, sourceId, c.sourceObject().itemUrl()) : record.sourceUrl());
        work.save(note == null ? done : done.withNote(note));
    }

    /**
     * The gateway copy the answer makes: the answer mapped with {@code mapping}. A source's answer speaks
     * for the fields it was sent: a field of the gateway copy that this source was not sent (in a hub,
     * another source's fields, which this source's {@code reverseMapping} leaves out) is kept. Without a
     * {@code mapping}, the field at {@code idPath} keeps the gateway copy's value when it has one: in a
     * hub it is the id another source gave the object, and this source's id is on its record.
     */
    private static SourceMapping.Mapped adopted(PageWork work, SourceObject answer, ObjectNode gatewayObject,
                                               ObjectNode sent) {
        SourceMapping mapping = work.run().source().options().mapping();
        SourceMapping.Mapped mapped = mapping.mapped(answer.data(), answer.hash());
        ObjectNode sentAsGateway;
        try {
            sentAsGateway = mapping.hasForward() ? mapping.toGateway(sent) : sent;
        } catch (RuntimeException mappingFailed) {
            sentAsGateway = null;
        }
        ObjectNode data = mapped.data().deepCopy();
        boolean changed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = gatewayObject.fields();
             it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!data.has(field.getKey()) && sentAsGateway != null && !sentAsGateway.has(field.getKey())) {
                data.set(field.getKey(), field.getValue().deepCopy());
                changed = true;
            }
        }
        IdPath ids = work.run().source().definition().settings().ids();
        if (!mapping.hasForward() && !ids.composite()) {
            JsonNode own = ids.single().get(gatewayObject);
            if (!own.isMissingNode() && !own.isNull() && !own.equals(ids.single().get(data))) {
                ids.single().put(data, own.deepCopy());
                changed = true;
            }
        }
        return changed ? new SourceMapping.Mapped(data, CanonicalJson.hash(data)) : mapped;
    }

    /** The top-level fields in which two objects differ, for the relay's message. */
    private static String differing(ObjectNode a, ObjectNode b) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        names.removeIf(n -> java.util.Objects.equals(a.get(n), b.get(n)));
        return String.join(", ", names);
    }

}
