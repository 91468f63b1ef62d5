package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.Map;

/**
 * One schema of the embedded store, as the gateway of one source. Writes are staged for the page's
 * transaction. Several sources may share a schema (the hub): updates and deletes then carry the hash
 * the page read, and the commit refuses to overwrite what another source's run wrote meanwhile.
 */
public final class EmbeddedGateway implements Gateway {

    private final EmbeddedGatewayStore store;
    private final String schema;
    /** The source this gateway serves: only its records make an object "recorded" (null: any source's). */
    private final String source;

    public EmbeddedGateway(EmbeddedGatewayStore store, String schema) {
        this(store, schema, null);
    }

    public EmbeddedGateway(EmbeddedGatewayStore store, String schema, String source) {
        this.store = store;
        this.schema = Names.requireSchema(schema);
        this.source = source;
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public Map<String, GatewayState> states(Collection<String> ids) {
        return store.states(schema, ids);
    }

    @Override
    public Map<String, ObjectNode> load(Collection<String> ids) {
        return store.load(schema, ids);
    }

    @Override
    public Iterator<List<GatewayState>> unrecorded(int pageSize, Function<Collection<String>, Set<String>> recorded) {
        // Keyset paging over an anti-join: constant memory, and objects that get a record while
        // we page (we are creating them in the source) do not shift the pages.
        return new Iterator<>() {
            private String after = "";
            private List<GatewayState> next = store.unrecorded(schema, source, after, pageSize);

            @Override
            public boolean hasNext() {
                return !next.isEmpty();
            }

            @Override
            public List<GatewayState> next() {
                List<GatewayState> page = next;
                after = page.get(page.size() - 1).id();
                next = page.size() < pageSize ? List.of() : store.unrecorded(schema, source, after, pageSize);
                return page;
            }
        };
    }

    /** Staged writes commit with the page's records: an object and its record exist together or not at all. */
    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public String create(GatewayWrites writes, ObjectNode data, String hash) {
        String id = ObjectIds.next();
        recreate(writes, id, data, hash);
        return id;
    }

    @Override
    public String recreate(GatewayWrites writes, String id, ObjectNode data, String hash) {
        writes.schema = schema;
        writes.inserts.add(GatewayWrites.Row.of(id, data, hash));
        return id;
    }

    @Override
    public void update(GatewayWrites writes, String id, ObjectNode data, String hash) {
        update(writes, id, data, hash, null);
    }

    @Override
    public void update(GatewayWrites writes, String id, ObjectNode data, String hash, String expectedHash) {
        update(writes, id, data, hash, expectedHash, null);
    }

    @Override
    public void update(GatewayWrites writes, String id, ObjectNode data, String hash, String expectedHash,
                       java.time.Instant changedAt) {
        writes.schema = schema;
        writes.updates.add(GatewayWrites.Row.of(id, data, hash).expecting(expectedHash).changedAt(changedAt));
    }

    @Override
    public void delete(GatewayWrites writes, String id) {
        delete(writes, id, null);
    }

    @Override
    public void delete(GatewayWrites writes, String id, String expectedHash) {
        writes.schema = schema;
        writes.deletes.add(id);
        writes.expectedDeletes.add(expectedHash);
    }
}
