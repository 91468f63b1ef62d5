package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.source.DotPath;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.sync.CanonicalJson;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Crash safety for the writes that no database transaction can cover: a POST that creates an object
 * in the source (two-way), and a create in a remote gateway. Both make an object whose id we only
 * learn from the answer; a crash (or a lost answer) between the call and the commit of its record
 * would otherwise make the next run create the object a second time.
 *
 * <h2>The intent</h2>
 * Before such a call, in a transaction of its own, the record stores the intent: {@code pending_action}
 * ({@code CREATE_IN_SOURCE} or {@code CREATE_IN_GATEWAY}), a client-generated token (also sent with
 * the call as the {@code Idempotency-Key} header, for the APIs that honour one) and {@code pending_hash},
 * the hash of the content sent. The record also holds what is known of the other side: the gateway id
 * and hash of the object being created in the source, or the source id and hash of the object being
 * created in the remote gateway. A record with an open intent is never taken for a deleted object
 * and keeps its gateway object from being seen as "created in the gateway" again.
 *
 * <h2>Reconciliation (the next run)</h2>
 * <ul>
 *   <li><b>Create in the source.</b> A listed object that has no record, and whose content carries
 *       the content of an open intent, is the object that intent's POST created: its fields named in
 *       the gateway object that was sent (the id field left out, fields the source adds itself such as
 *       timestamps ignored) hash to the intent's {@code pending_hash}. The intent's record adopts it
 *       (source id and hash), as the crashed run would have committed it, and it is decided like any
 *       established record. After a COMPLETE listing, an intent from an earlier run that no listed
 *       object answered to did not take effect: it is sent again, with the same token. (A source
 *       that rewrites the values it is sent cannot be matched this way; for such an API only its
 *       own idempotency keys can prevent a duplicate.)</li>
 *   <li><b>Create in a remote gateway.</b> A remote object that no record points to and whose content
 *       hashes to the intent's {@code pending_hash} is the one the call created: the record adopts its
 *       id. Otherwise the create is made again. The remote collection is read for this only in runs
 *       that meet an open intent.</li>
 * </ul>
 * In both cases one intent adopts at most one object, and an object is adopted by at most one intent.
 * If another, identical object came into being at the same time, adopting it still leaves exactly one
 * object on each side per record.
 */
final class WriteIntents {

    private WriteIntents() {
    }

    static String token() {
        return UUID.randomUUID().toString();
    }

    /** The hash of an object's content without its id (which the side creating it assigns). */
    static String contentHash(ObjectNode data, DotPath idPath) {
        return CanonicalJson.hash(withoutId(data, idPath));
    }

    static ObjectNode withoutId(ObjectNode data, DotPath idPath) {
        ObjectNode copy = data.deepCopy();
        idPath.remove(copy);
        return copy;
    }

    /** The field names of a sent object that a listed object must carry unchanged (the id left out). */
    static Set<String> sentFields(ObjectNode sent, DotPath idPath) {
        Set<String> names = new LinkedHashSet<>();
        withoutId(sent, idPath).fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The open create-in-source intents of one run, matched against listed objects that have no record. */
    static final class SourceCreates {

        static final SourceCreates NONE = new SourceCreates(Map.of(), List.of(), null);

        private final Map<String, Deque<SyncRecord>> byHash;
        private final List<Set<String>> fieldSets;
        private final DotPath idPath;

        private SourceCreates(Map<String, Deque<SyncRecord>> byHash, List<Set<String>> fieldSets, DotPath idPath) {
            this.byHash = byHash;
            this.fieldSets = fieldSets;
            this.idPath = idPath;
        }

        /** Reads the open intents of a source (a batch at a time) and the fields of the objects they send. */
        static SourceCreates load(SyncRecordStore records, Gateway gateway, String source, DotPath idPath) {
            Map<String, Deque<SyncRecord>> byHash = new HashMap<>();
            Set<Set<String>> fieldSets = new LinkedHashSet<>();
            long after = 0;
            while (true) {
                List<SyncRecord> batch = records.pending(source, SyncRecordStore.CREATE_IN_SOURCE, after, 1000);
                List<String> gatewayIds = new ArrayList<>();
                for (SyncRecord r : batch) {
                    after = r.id();
                    if (r.pendingHash() != null) {
                        byHash.computeIfAbsent(r.pendingHash(), h -> new ArrayDeque<>()).add(r);
                        if (r.gatewayId() != null) {
                            gatewayIds.add(r.gatewayId());
                        }
                    }
                }
                gateway.load(gatewayIds).values().forEach(data -> fieldSets.add(sentFields(data, idPath)));
                if (batch.size() < 1000) {
                    break;
                }
            }
            return byHash.isEmpty() ? NONE : new SourceCreates(byHash, List.copyOf(fieldSets), idPath);
        }

        boolean isEmpty() {
            return byHash.isEmpty();
        }

        /** The open intent whose POST made this listed object, if any; it is taken out (matched once). */
        Optional<SyncRecord> match(SourceObject listed) {
            if (byHash.isEmpty()) {
                return Optional.empty();
            }
            Set<String> hashes = new HashSet<>();
            hashes.add(contentHash(listed.data(), idPath));
            for (Set<String> fields : fieldSets) {
                ObjectNode projected = listed.data().objectNode();
                boolean complete = true;
                for (String field : fields) {
                    JsonNode value = listed.data().get(field);
                    if (value == null) {
                        complete = false;
                        break;
                    }
                    projected.set(field, value);
                }
                if (complete) {
                    hashes.add(CanonicalJson.hash(projected));
                }
            }
            for (String hash : hashes) {
                Deque<SyncRecord> waiting = byHash.get(hash);
                if (waiting != null && !waiting.isEmpty()) {
                    SyncRecord intent = waiting.poll();
                    if (waiting.isEmpty()) {
                        byHash.remove(hash);
                    }
                    return Optional.of(intent);
                }
            }
            return Optional.empty();
        }
    }

    /** Remote gateway objects that no record points to, by content hash: the candidates of open remote creates. */
    static final class RemoteOrphans {

        private final Map<String, Deque<GatewayState>> byHash = new HashMap<>();

        static RemoteOrphans scan(Gateway gateway, SyncRecordStore records, String source, int pageSize) {
            RemoteOrphans orphans = new RemoteOrphans();
            String schema = gateway.schema();
            Iterator<List<GatewayState>> pages = gateway.unrecorded(pageSize,
                    (Collection<String> ids) -> recordedAnywhere(records, source, schema, ids));
            while (pages.hasNext()) {
                for (GatewayState state : pages.next()) {
                    orphans.byHash.computeIfAbsent(state.hash(), h -> new ArrayDeque<>()).add(state);
                }
            }
            return orphans;
        }

        private static Set<String> recordedAnywhere(SyncRecordStore records, String source, String schema,
                                                    Collection<String> ids) {
            return new HashSet<>(records.findByGatewayIds(source, schema, ids).keySet());
        }

        Optional<GatewayState> take(String hash) {
            Deque<GatewayState> found = hash == null ? null : byHash.get(hash);
            return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found.poll());
        }
    }
}
