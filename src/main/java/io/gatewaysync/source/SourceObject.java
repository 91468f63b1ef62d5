package io.gatewaysync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One object of a source listing: its id (as text), the object itself, the SHA-256 of its canonical
 * JSON (what tells a changed object from an unchanged one) and its change date when the source has one.
 */
public record SourceObject(String id, ObjectNode data, String hash, Instant lastChanged) {
}
