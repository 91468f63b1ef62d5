package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * What a run needs to know of one gateway object: its hash and change date. {@code data} is only
 * filled where it was cheap to get (a remote GET) or was asked for: a quiet run never reads objects.
 * {@code etag} is a remote gateway's {@code ETag} of the object as read (sent back as {@code If-Match}), or null.
 */
public record GatewayState(String id, String hash, Instant lastChanged, ObjectNode data, String etag) {

    public GatewayState(String id, String hash, Instant lastChanged, ObjectNode data) {
        this(id, hash, lastChanged, data, null);
    }
}
