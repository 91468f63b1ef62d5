package io.gatewaysync.source;

import io.gatewaysync.source.http.Uris;

import io.gatewaysync.source.paging.LinkHeader;
import io.gatewaysync.source.paging.Pagination;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Recognises the well-known listing shapes by their keys. {@code pagination: auto} uses it for the
 * list of objects and the next link when {@code resultsPath} / {@code nextPath} are not set; the
 * probe uses it to write a route file. Order matters: the specific styles (HAL, OData, JSON:API,
 * Hydra, a cursor) are tried before the generic {@code results}/{@code data}/{@code items}.
 */
public final class ListingShapes {

    /** Where a cursor token usually is, and the query parameter each convention sends it back in. */
    static final List<Map.Entry<String, String>> CURSOR_PATHS = List.of(
            Map.entry("meta.next_cursor", "cursor"), Map.entry("next_cursor", "cursor"),
            Map.entry("nextCursor", "cursor"), Map.entry("meta.nextCursor", "cursor"),
            Map.entry("nextPageToken", "pageToken"), Map.entry("next_page_token", "page_token"),
            Map.entry("pagination.next_cursor", "cursor"), Map.entry("response_metadata.next_cursor", "cursor"));

    private ListingShapes() {
    }

    /**
     * @param body    the first page's JSON
     * @param headers its reply headers (Link, Content-Range, X-Total-Count), may be {@code null}
     * @param url     the URL it was read from, may be {@code null}
     * @return the shape; {@code recognised} is {@code "unknown"} and {@code resultsPath} null when no
     *         list of objects was found
     */
    public static ListingShape recognise(JsonNode body, HttpHeaders headers, URI url) {
        boolean linkHeader = headers != null && LinkHeader.next(headers.allValues("Link")) != null;
        boolean contentRange = headers != null && headers.firstValue("Content-Range").isPresent();
        if (body == null || body.isMissingNode()) {
            return unknown("no JSON body");
        }
        if (body.isArray()) {
            String id = idPath(body);
            if (linkHeader) {
                return new ListingShape("Link header", null, Pagination.LINK_HEADER, null, null, null, null, id, idNote(id));
            }
            if (contentRange) {
                return new ListingShape("Content-Range", null, Pagination.RANGE, null, null, null, null, id, idNote(id));
            }
            List<String> notes = new ArrayList<>(idNote(id));
            notes.add("a root array without paging headers: one page, or page/offset parameters (set pagination)");
            return new ListingShape("array", null, Pagination.AUTO, null, null, null, null, id, notes);
        }
        if (!body.isObject()) {
            return unknown("the body is not a JSON object or array");
        }
        JsonNode embedded = body.path("_embedded");
        if (embedded.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = embedded.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> rel = it.next();
                if (rel.getValue().isArray()) {
                    return shape("HAL", body, DotPath.ofKeys("_embedded", rel.getKey()).toString(), "_links.next.href",
                            linkHeader, firstTotal(body, "count", "total", "page.totalElements"));
                }
            }
        }
        if (body.path("value").isArray() && hasPrefixedKey(body, "@odata.")) {
            return shape("OData", body, "value", "['@odata.nextLink']", linkHeader, body.has("@odata.count")
                    ? "['@odata.count']" : null);
        }
        JsonNode data = body.path("data");
        if (data.isArray() && (data.isEmpty() ? body.has("links") || body.has("jsonapi")
                : data.get(0).isObject() && (data.get(0).has("attributes") || data.get(0).has("type") && data.get(0).has("id")))) {
            return shape("JSON:API", body, "data", "links.next", linkHeader, firstTotal(body, "meta.total", "meta.count"));
        }
        if (body.path("hydra:member").isArray()) {
            return shape("Hydra", body, "hydra:member", "hydra:view.hydra:next", linkHeader, firstTotal(body, "hydra:totalItems"));
        }
        String results = null;
        for (String key : PageParser.RESULT_KEYS) {
            if (body.path(key).isArray()) {
                results = key;
                break;
            }
        }
        if (results == null) {
            return unknown("no list of objects: the body has none of _embedded.*, value, data, results, items, hydra:member as an array");
        }
        for (Map.Entry<String, String> cursor : CURSOR_PATHS) {
            if (DotPath.of(cursor.getKey()).get(body).isValueNode() || DotPath.of(cursor.getKey()).get(body).isNull()) {
                String id = idPath(body.get(results));
                List<String> notes = new ArrayList<>(idNote(id));
                notes.add("cursorParam '" + cursor.getValue() + "' is this convention's name; check the API's documentation");
                return new ListingShape("cursor", results, Pagination.CURSOR, null, cursor.getKey(), cursor.getValue(),
                        firstTotal(body, "count", "total", "totalCount", "meta.total"), id, notes);
            }
        }
        for (DotPath next : PageParser.NEXT_PATHS) {
            JsonNode link = next.get(body);
            if (link.isTextual() || link.isNull() || link.path("href").isTextual()) {
                return shape("next link", body, results, next.toString(), linkHeader,
                        firstTotal(body, "count", "total", "totalCount"));
            }
        }
        return shape("results", body, results, null, linkHeader, firstTotal(body, "count", "total", "totalCount"));
    }

    private static ListingShape shape(String style, JsonNode body, String results, String next, boolean linkHeader,
                                      String total) {
        String id = idPath(DotPath.of(results).get(body));
        List<String> notes = new ArrayList<>(idNote(id));
        Pagination pagination;
        if (linkHeader) {
            pagination = Pagination.AUTO; // the Link header first, then the body's link
        } else if (next != null) {
            pagination = Pagination.NEXT_LINK;
        } else {
            pagination = Pagination.AUTO;
            notes.add("no next link on the first page: one page, or page/offset parameters (set pagination)");
        }
        return new ListingShape(style, results, pagination, next, null, null, total, id, notes);
    }

    private static ListingShape unknown(String why) {
        return new ListingShape("unknown", null, Pagination.AUTO, null, null, null, null, null, List.of(why));
    }

    /** {@code id} when the first object has one; {@code url} for APIs whose objects are named by their URL (ZGW). */
    private static String idPath(JsonNode list) {
        JsonNode first = list != null && list.isArray() && !list.isEmpty() ? list.get(0) : null;
        if (first == null || !first.isObject()) {
            return null;
        }
        if (first.path("id").isValueNode() && !first.path("id").isNull()) {
            return "id";
        }
        JsonNode url = first.path("url");
        if (url.isTextual() && Uris.isHttpUrl(url.textValue())) {
            return "url";
        }
        for (String key : List.of("uuid", "identificatie", "_id", "key")) {
            if (first.path(key).isValueNode() && !first.path(key).isNull()) {
                return key;
            }
        }
        return null;
    }

    private static List<String> idNote(String id) {
        return id == null ? List.of("no id found on the first object (set idPath)") : List.of();
    }

    private static String firstTotal(JsonNode body, String... paths) {
        for (String p : paths) {
            JsonNode n = DotPath.of(p).get(body);
            if (n.isIntegralNumber()) {
                return p;
            }
        }
        return null;
    }

    private static boolean hasPrefixedKey(JsonNode body, String prefix) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
