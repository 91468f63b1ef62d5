package io.gatewaysync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One object of a source listing: its id (as text), the object itself, the SHA-256 of its canonical
 * JSON (what tells a changed object from an unchanged one), its change date when the source has one,
 * and its ETag when the source gave one ({@code @odata.etag}, {@code etagPath}, an item read's
 * {@code ETag} header), sent back as {@code If-Match} on a write to it; and the item URL the listing
 * showed for it ({@link ItemUrls}: a {@code self} link, {@code @odata.id}), or null.
 */
public record SourceObject(String id, ObjectNode data, String hash, Instant lastChanged, String etag, String itemUrl) {

    public SourceObject(String id, ObjectNode data, String hash, Instant lastChanged, String etag) {
        this(id, data, hash, lastChanged, etag, null);
    }

    public SourceObject(String id, ObjectNode data, String hash, Instant lastChanged) {
        this(id, data, hash, lastChanged, null, null);
    }
}
