package io.gatewaysync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.gatewaysync.web.JsonReplies.error;
import static io.gatewaysync.web.JsonReplies.number;
import static io.gatewaysync.web.JsonReplies.respond;
import static io.gatewaysync.web.JsonReplies.text;

/**
 * Synchronization records over HTTP, so that failures, blocks and open intents can be inspected and
 * handled without SQL:
 * <ul>
 *   <li>{@code GET /api/_synchronizations?source=&state=(all|blocked|failed|pending|synced|noted)&limit=&after=}
 *       lists records in id order, keyset-paged: {@code {"results":[…],"count":n,"next":url-or-null}};</li>
 *   <li>{@code POST /api/_synchronizations/{source}/{sourceId}/unblock} clears the block and the try
 *       counter, so the object is tried again on the next run;</li>
 *   <li>{@code POST /api/_synchronizations/{source}/_gateway/{gatewayId}/unblock} does the same for the
 *       record addressed by its gateway id: the only address of a gateway-made object whose create at the
 *       source failed (it has no source id).</li>
 * </ul>
 * Every value reaches the database as a bound parameter; {@code state} is one of a fixed set.
 */
public class SynchronizationsApi {

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Set<String> STATES = Set.of("all", "blocked", "failed", "pending", "synced", "noted");
    private static final int MAX_LIMIT = 1000;

    private final SyncRecordStore records;
    private final ObjectMapper mapper;

    public SynchronizationsApi(SyncRecordStore records, ObjectMapper mapper) {
        this.records = records;
        this.mapper = mapper;
    }

    /** {@code GET /api/_synchronizations}. */
    public void list(Exchange exchange) {
        Message in = exchange.getMessage();
        String source = in.getHeader("source", String.class);
        if (source != null && !source.isBlank() && !SOURCE.matcher(source).matches()) {
            error(exchange, 400, "source must be 1-100 letters, digits, '_', '.', '-'");
            return;
        }
        String state = in.getHeader("state", "all", String.class);
        if (!STATES.contains(state)) {
            error(exchange, 400, "unknown state '" + state + "'; allowed: all, blocked, failed, pending, synced, noted");
            return;
        }
        long limit = number(in.getHeader("limit", String.class), 100);
        long after = number(in.getHeader("after", String.class), 0);
        if (limit < 1 || limit > MAX_LIMIT || after < 0) {
            error(exchange, 400, "limit must be between 1 and " + MAX_LIMIT + ", after a record id >= 0");
            return;
        }
        List<SyncRecord> rows = records.search(source, state, after, (int) limit);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode results = body.putArray("results");
        rows.forEach(r -> results.add(view(r)));
        body.put("count", rows.size());
        if (rows.size() == limit) {
            StringBuilder next = new StringBuilder("/api/_synchronizations?state=").append(state);
            if (source != null && !source.isBlank()) {
                next.append("&source=").append(source);
            }
            next.append("&limit=").append(limit).append("&after=").append(rows.get(rows.size() - 1).id());
            body.put("next", next.toString());
        } else {
            body.putNull("next");
        }
        respond(exchange, 200, body);
    }

    /** {@code POST /api/_synchronizations/{source}/{sourceId}/unblock}. */
    public void unblock(Exchange exchange) {
        Message in = exchange.getMessage();
        String source = in.getHeader("source", String.class);
        String sourceId = in.getHeader("sourceId", String.class);
        if (source == null || !SOURCE.matcher(source).matches() || sourceId == null || sourceId.isEmpty()
                || sourceId.length() > 255) {
            error(exchange, 404, "no synchronization record '" + sourceId + "' of source '" + source + "'");
            return;
        }
        if (!records.unblock(source, sourceId)) {
            error(exchange, 404, "no synchronization record '" + sourceId + "' of source '" + source + "'");
            return;
        }
        respond(exchange, 200, view(records.find(source, sourceId)));
    }

    /** {@code POST /api/_synchronizations/{source}/_gateway/{gatewayId}/unblock}. */
    public void unblockByGatewayId(Exchange exchange) {
        Message in = exchange.getMessage();
        String source = in.getHeader("source", String.class);
        String gatewayId = in.getHeader("gatewayId", String.class);
        if (source == null || !SOURCE.matcher(source).matches() || gatewayId == null || gatewayId.isEmpty()
                || gatewayId.length() > 255 || !records.unblockByGatewayId(source, gatewayId)) {
            error(exchange, 404, "no synchronization record of gateway object '" + gatewayId + "' of source '"
                    + source + "'");
            return;
        }
        respond(exchange, 200, view(records.findByGatewayId(source, gatewayId)));
    }

    /** {@code /api/…} that no route serves: a JSON 404, never the web server's HTML page. */
    public void notFound(Exchange exchange) {
        error(exchange, 404, "no API at " + exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class) + " "
                + exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class)
                + "; an object without a source id is addressed by its gateway id: "
                + "/api/_synchronizations/{source}/_gateway/{gatewayId}/(retry|unblock)");
    }

    /** One record as the API shows it (also in the answer of a retry, {@code SourcesApi}). */
    public ObjectNode view(SyncRecord r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", r.id());
        o.put("source", r.source());
        o.put("sourceId", r.sourceId());
        o.put("gatewaySchema", r.gatewaySchema());
        o.put("gatewayId", r.gatewayId());
        o.put("sourceHash", r.sourceHash());
        o.put("gatewayHash", r.gatewayHash());
        o.put("sourceLastChanged", text(r.sourceLastChanged()));
        o.put("gatewayLastChanged", text(r.gatewayLastChanged()));
        o.put("lastChecked", text(r.lastChecked()));
        o.put("lastSynced", text(r.lastSynced()));
        o.put("tryCounter", r.tryCounter());
        o.put("blocked", r.blocked());
        o.put("blockedUntil", text(r.blockedUntil()));
        o.put("lastError", r.lastError());
        o.put("pendingAction", r.pendingAction());
        o.put("version", r.version());
        return o;
    }
}
