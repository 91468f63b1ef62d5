package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Embedded-gateway writes of one page, staged so that they are executed as JDBC batches in the same
 * transaction as the page's synchronization records (crash safety: an object and its record are
 * stored together or not at all).
 */
public final class GatewayWrites {

    public record Row(String id, ObjectNode data, String hash) {
    }

    final List<Row> inserts = new ArrayList<>();
    final List<Row> updates = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();
    String schema;

    public boolean isEmpty() {
        return inserts.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }

    public int size() {
        return inserts.size() + updates.size() + deletes.size();
    }
}
