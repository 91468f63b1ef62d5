package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.Map;

/**
 * The gateway side of a source's synchronization: the embedded store or a remote REST collection.
 * Look-ups take a page of ids at once. Writes go through {@link GatewayWrites}: the embedded gateway
 * stages them to commit in the page's transaction together with the records; a remote gateway calls
 * out at once and returns the id it was given.
 */
public interface Gateway {

    /** The schema name (embedded) or collection URL (remote) stored in synchronization records. */
    String schema();

    Map<String, GatewayState> states(Collection<String> ids);

    /** The data of the given objects (for writing them to the source). */
    Map<String, ObjectNode> load(Collection<String> ids);

    /**
     * Gateway objects that no synchronization record points to, a page at a time (the "created in
     * the gateway" candidates). {@code recorded} tells which of a page's ids have a record; the
     * embedded gateway answers that in SQL instead.
     */
    Iterator<List<GatewayState>> unrecorded(int pageSize, Function<Collection<String>, Set<String>> recorded);

    /** Creates the object; returns its gateway id. */
    String create(GatewayWrites writes, ObjectNode data, String hash);

    /**
     * Creates the object, sending {@code idempotencyKey} where the gateway is remote (an API that honours
     * {@code Idempotency-Key} then never makes the object twice for one key).
     */
    default String create(GatewayWrites writes, ObjectNode data, String hash, String idempotencyKey) {
        return create(writes, data, hash);
    }

    /**
     * Whether writes commit in the page's database transaction, together with the records. When not
     * (a remote gateway), a create is announced by a write intent first (crash safety).
     */
    default boolean transactional() {
        return false;
    }

    /**
     * Re-creates an object that was deleted in the gateway, under the id it had where the gateway
     * allows that; returns the id it has now, which the record must point at from then on.
     */
    String recreate(GatewayWrites writes, String id, ObjectNode data, String hash);

    void update(GatewayWrites writes, String id, ObjectNode data, String hash);

    /**
     * Updates the object only if it still has {@code expectedHash} (the hash the page read); where the
     * gateway can check that (embedded), a different hash at commit makes the page roll back: another
     * source's run on the same schema wrote the object meanwhile. Null expects nothing.
     */
    default void update(GatewayWrites writes, String id, ObjectNode data, String hash, String expectedHash) {
        update(writes, id, data, hash);
    }

    /**
     * As {@link #update(GatewayWrites, String, ObjectNode, String, String)}, where the content changed at
     * {@code changedAt} (the source's change date, or null): the embedded gateway keeps it as the object's
     * modification date, so that in a hub a conflict compares the change dates of the two edits, not the
     * time a run happened to copy one of them.
     */
    default void update(GatewayWrites writes, String id, ObjectNode data, String hash, String expectedHash,
                        java.time.Instant changedAt) {
        update(writes, id, data, hash, expectedHash);
    }

    void delete(GatewayWrites writes, String id);

    /**
     * Whether this gateway gives ETags and checks {@code If-Match} (a remote one may): the route's
     * {@code conditionalWrites} then applies to its PUT and DELETE as to the source's writes.
     */
    default boolean conditional() {
        return false;
    }

    /**
     * As {@link #update(GatewayWrites, String, ObjectNode, String, String, java.time.Instant)} with
     * {@code If-Match: ifMatch} (null: none) where the gateway is remote.
     *
     * @return the copy's ETag from the gateway's answer, or null
     * @throws StaleGatewayWrite when the gateway answers 412 or 428
     */
    default String update(GatewayWrites writes, String id, ObjectNode data, String hash, String expectedHash,
                          java.time.Instant changedAt, String ifMatch) {
        update(writes, id, data, hash, expectedHash, changedAt);
        return null;
    }

    /**
     * As {@link #delete(GatewayWrites, String, String)} with {@code If-Match: ifMatch} (null: none).
     *
     * @throws StaleGatewayWrite when the gateway answers 412 or 428
     */
    default void delete(GatewayWrites writes, String id, String expectedHash, String ifMatch) {
        delete(writes, id, expectedHash);
    }

    /** The ETag the gateway's answer to the last create or re-create of {@code id} gave (once), or null. */
    default String takeEtag(String id) {
        return null;
    }

    /** Releases what the gateway holds (a remote one: its HTTP connections and look-up threads). */
    default void close() {
    }

    /** Deletes the object only if it still has {@code expectedHash}; see {@link #update(GatewayWrites, String, ObjectNode, String, String)}. */
    default void delete(GatewayWrites writes, String id, String expectedHash) {
        delete(writes, id);
    }
}
