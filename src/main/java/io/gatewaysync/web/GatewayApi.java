package io.gatewaysync.web;

import io.gatewaysync.gateway.StoredObject;

import io.gatewaysync.gateway.EmbeddedGatewayStore;
import io.gatewaysync.gateway.Names;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.gatewaysync.web.JsonReplies.error;
import static io.gatewaysync.web.JsonReplies.respond;

/**
 * The embedded gateway's REST API (DESIGN §4), called from the routes in {@code gateway-api.yaml}.
 * Validates every input (schema, id, JSON, size) and answers with a JSON error naming the problem.
 */
public class GatewayApi {

    private final EmbeddedGatewayStore store;
    private final SyncRecordStore records;
    private final ObjectMapper mapper;
    /** Strict: {@code {"a":1}}} is malformed, not {@code {"a":1}} followed by ignored garbage. */
    private final ObjectReader reader;
    private final int maxBodyBytes;
    private final int defaultPageSize;

    public GatewayApi(EmbeddedGatewayStore store, SyncRecordStore records, ObjectMapper mapper, int maxBodyBytes,
                      int defaultPageSize) {
        this.store = store;
        this.records = records;
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBodyBytes = maxBodyBytes;
        this.defaultPageSize = defaultPageSize;
    }

    /** {@code GET /api/{schema}} (paged) and {@code POST /api/{schema}}. */
    public void collection(Exchange exchange) {
        Message in = exchange.getMessage();
        String schema = in.getHeader("schema", String.class);
        if (!Names.validSchema(schema)) {
            error(exchange, 404, "no such schema '" + schema + "'");
            return;
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if ("POST".equals(method)) {
            Optional<ObjectNode> body = body(exchange);
            body.ifPresent(data -> withEtag(exchange, 201, store.create(schema, data)));
            return;
        }
        int page = intParam(in, "page", 1, 1, Integer.MAX_VALUE);
        int pageSize = intParam(in, "pageSize", defaultPageSize, 1, 1000);
        if (page < 0 || pageSize < 0) {
            error(exchange, 400, "page must be >= 1 and pageSize between 1 and 1000");
            return;
        }
        long offset = (long) (page - 1) * pageSize;
        // An offset beyond an int is beyond every object of a schema: an empty page, not an overflow.
        List<StoredObject> rows = offset > Integer.MAX_VALUE ? List.of() : store.list(schema, (int) offset, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<StoredObject> shown = more ? rows.subList(0, pageSize) : rows;
        Map<String, List<SyncRecord>> links = records.linksOf(schema, shown.stream().map(StoredObject::id).toList());
        ObjectNode result = mapper.createObjectNode();
        ArrayNode results = result.putArray("results");
        shown.forEach(o -> results.add(view(o, links.getOrDefault(o.id(), List.of()))));
        result.put("count", store.count(schema));
        if (more) {
            String host = in.getHeader("Host", "localhost", String.class);
            result.put("next", "http://" + host + "/api/" + schema + "?page=" + (page + 1) + "&pageSize=" + pageSize);
        } else {
            result.putNull("next");
        }
        respond(exchange, 200, result);
    }

    /** {@code GET|PUT|DELETE /api/{schema}/{id}}. */
    public void item(Exchange exchange) {
        Message in = exchange.getMessage();
        String schema = in.getHeader("schema", String.class);
        String id = in.getHeader("id", String.class);
        if (!Names.validSchema(schema) || !Names.validId(id)) {
            error(exchange, 404, "no object '" + id + "' in schema '" + schema + "'");
            return;
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        String ifMatch = in.getHeader("If-Match", String.class);
        String expected = expectedHash(ifMatch);
        try {
            writeItem(exchange, method, schema, id, expected);
        } catch (io.gatewaysync.gateway.StaleGatewayWrite stale) {
            error(exchange, 412, "object '" + id + "' in schema '" + schema + "' changed since If-Match " + ifMatch
                    + " was read; read it again");
        }
    }

    /**
     * The hash an {@code If-Match} names: the object's ETag is its hash in quotes. Null when there is no
     * If-Match or it is {@code *} (any version: no condition); empty when it cannot match (weak, malformed).
     */
    private static String expectedHash(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        return tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"") && tag.indexOf('"', 1) == tag.length() - 1
                ? tag.substring(1, tag.length() - 1) : "";
    }

    private void writeItem(Exchange exchange, String method, String schema, String id, String expected) {
        Message in = exchange.getMessage();
        switch (method) {
            case "GET" -> store.get(schema, id).ifPresentOrElse(o -> withEtag(exchange, 200, o),
                    () -> error(exchange, 404, "no object '" + id + "' in schema '" + schema + "'"));
            case "PUT" -> body(exchange).ifPresent(data -> store.replace(schema, id, data, blankAsAny(expected)).ifPresentOrElse(
                    o -> withEtag(exchange, 200, o),
                    () -> error(exchange, 404, "no object '" + id + "' in schema '" + schema + "'")));
            case "DELETE" -> {
                if (store.delete(schema, id, blankAsAny(expected))) {
                    in.removeHeaders("*");
                    in.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
                    in.setBody(null);
                } else {
                    error(exchange, 404, "no object '" + id + "' in schema '" + schema + "'");
                }
            }
            default -> error(exchange, 405, "method " + method + " not allowed");
        }
    }

    /** "": a tag that matches no object (weak, malformed: RFC 9110 compares strongly); to the store, a hash no object has. */
    private static String blankAsAny(String expected) {
        return expected == null ? null : expected.isEmpty() ? "-" : expected;
    }

    /** The object's view with its ETag: its hash, in quotes (a strong validator: it changes with every change of content). */
    private void withEtag(Exchange exchange, int status, StoredObject o) {
        JsonReplies.respond(exchange, status, view(o));
        exchange.getMessage().setHeader("ETag", "\"" + o.hash() + "\"");
    }

    private ObjectNode view(StoredObject o) {
        return view(o, records.linksOf(o.schema(), List.of(o.id())).getOrDefault(o.id(), List.of()));
    }

    /** The object's own fields plus {@code _self}. */
    private ObjectNode view(StoredObject o, List<SyncRecord> links) {
        ObjectNode view = o.data().deepCopy();
        ObjectNode self = view.putObject("_self");
        self.put("id", o.id());
        self.put("schema", o.schema());
        self.put("dateCreated", o.dateCreated().toString());
        self.put("dateModified", o.dateModified().toString());
        ArrayNode synchronizations = self.putArray("synchronizations");
        for (SyncRecord r : links) {
            ObjectNode link = synchronizations.addObject();
            link.put("source", r.source());
            link.put("sourceId", r.sourceId());
            link.put("lastSynced", r.lastSynced() == null ? null : r.lastSynced().toString());
        }
        return view;
    }

    /** The request's JSON object without {@code _self}; answers 400/413 itself and returns empty on bad input. */
    private Optional<ObjectNode> body(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!json(contentType)) {
            // A form (what `curl -d` sends by default) has already been parsed into fields by the
            // HTTP server and its body is gone; text, XML and the rest are not objects of this API.
            error(exchange, 415, "unsupported Content-Type '" + contentType + "': send the object as application/json");
            return Optional.empty();
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            error(exchange, 400, "a JSON object is required as the request body");
            return Optional.empty();
        }
        if (bytes.length > maxBodyBytes) {
            error(exchange, 413, "request body of " + bytes.length + " bytes is over the limit of " + maxBodyBytes);
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = reader.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            error(exchange, 400, "malformed JSON: " + e.getOriginalMessage());
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            error(exchange, 400, "the request body must be a JSON object");
            return Optional.empty();
        }
        ObjectNode data = (ObjectNode) node;
        data.remove("_self");
        return Optional.of(data);
    }

    /** No Content-Type (lenient), {@code application/json} or an {@code application/*+json} type, any parameters. */
    private static boolean json(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static int intParam(Message in, String name, int fallback, int min, int max) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            return n < min || n > max ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
