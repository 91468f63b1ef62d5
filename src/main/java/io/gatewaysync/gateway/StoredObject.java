package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** An object of the embedded gateway as stored: its own fields plus bookkeeping. */
public record StoredObject(String schema, String id, ObjectNode data, String hash, Instant dateCreated,
                           Instant dateModified) {
}
