package io.gatewaysync.source.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.http.Uris;

import java.net.URI;

/**
 * {@code auto}'s paging for listings that announce no next link but say where they are and how many
 * there are: the next page's URL in the server's own dialect, made from the page itself (stateless, so a
 * server that ignores it serves an identical page and the listing ends incomplete, never short).
 * <ul>
 *   <li>JSON:API without paging links (the spec says links MAY be given; Elide gives none; a server
 *       that gives {@code first}/{@code last}/{@code prev}/{@code next} ends its listing by leaving out {@code next}):
 *       {@code page[number]} when the request or {@code meta.page} uses page numbers, else
 *       {@code page[offset]} (the page size the server chose is kept: no size is sent unless the URL had one);</li>
 *   <li>FeathersJS's {@code {"total","limit","skip","data"}}: {@code $skip} (and the URL's {@code $limit});</li>
 *   <li>OData without {@code @odata.nextLink} but with {@code @odata.count}: {@code $skip} (and the URL's
 *       {@code $top}); never on a page reached by a server's {@code $skiptoken}.</li>
 * </ul>
 * A total decides how far: without one there is no way to know a next page exists, and no guess is made.
 */
public final class PagingDialects {

    private PagingDialects() {
    }

    /**
     * @param root     the page's body
     * @param uri      the URL it was read from
     * @param elements the length of its list of objects
     * @param total    the total the page stated, or null
     * @return the next page's URL, or {@code null} when the page is in none of these dialects or is the last
     */
    public static URI next(JsonNode root, URI uri, int elements, Long total) {
        if (elements == 0 || total == null || !root.isObject()) {
            return null;
        }
        if (isFeathers(root)) {
            long skip = root.get("skip").longValue() + elements;
            return skip < total ? Uris.withQuery(uri, "$skip", Long.toString(skip), null, null) : null;
        }
        if (root.path("value").isArray() && root.has("@odata.count") && Uris.queryParam(uri, "$skiptoken") == null) {
            long skip = number(Uris.queryParam(uri, "$skip"), 0) + elements;
            return skip < total ? Uris.withQuery(uri, "$skip", Long.toString(skip), null, null) : null;
        }
        if (isJsonApi(root) && !pagesByLinks(root)) {
            return jsonApiNext(root, uri, elements, total);
        }
        return null;
    }

    /** A JSON:API document whose server pages by links: their absence on a page is its end signal. */
    private static boolean pagesByLinks(JsonNode root) {
        JsonNode links = root.path("links");
        return links.has("next") || links.has("first") || links.has("last") || links.has("prev");
    }

    /** The dialect's name for messages and the probe, or null. */
    public static String recognise(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        if (isFeathers(root)) {
            return "$skip/$limit (FeathersJS)";
        }
        if (root.path("value").isArray() && root.has("@odata.count")) {
            return "$skip/$top (OData)";
        }
        if (isJsonApi(root) && !pagesByLinks(root)) {
            return byNumber(root, URI.create("http://x/")) ? "page[number] (JSON:API)" : "page[offset]/page[limit] (JSON:API)";
        }
        return null;
    }

    private static URI jsonApiNext(JsonNode root, URI uri, int elements, long total) {
        JsonNode page = root.path("meta").path("page");
        if (byNumber(root, uri)) {
            long number = number(Uris.queryParam(uri, "page[number]"), page.path("number").asLong(1));
            long size = number(Uris.queryParam(uri, "page[size]"), page.path("size").asLong(elements));
            boolean more = page.path("totalPages").isIntegralNumber()
                    ? number < page.get("totalPages").longValue()
                    : number * Math.max(size, elements) < total;
            return more ? Uris.withQuery(uri, "page[number]", Long.toString(number + 1), null, null) : null;
        }
        long offset = number(Uris.queryParam(uri, "page[offset]"), page.path("offset").asLong(0)) + elements;
        return offset < total ? Uris.withQuery(uri, "page[offset]", Long.toString(offset), null, null) : null;
    }

    /**
     * Whether a JSON:API server pages by number: the URL asks {@code page[number]} or its {@code meta.page}
     * tells a number or a count of pages. Otherwise offsets: the spec's other recommended strategy, the one
     * every server that knows either understands (Elide knows both, Fortune.js only offsets).
     */
    private static boolean byNumber(JsonNode root, URI uri) {
        JsonNode page = root.path("meta").path("page");
        return Uris.queryParam(uri, "page[number]") != null
                || Uris.queryParam(uri, "page[offset]") == null && (page.has("number") || page.has("totalPages"));
    }

    private static boolean isFeathers(JsonNode root) {
        return root.path("data").isArray() && root.path("total").isIntegralNumber()
                && root.path("skip").isIntegralNumber() && root.path("limit").isIntegralNumber();
    }

    /** A JSON:API document: resource objects ({@code type} + {@code id}) under {@code data}, or its own members. */
    private static boolean isJsonApi(JsonNode root) {
        JsonNode data = root.path("data");
        if (!data.isArray()) {
            return false;
        }
        if (root.has("jsonapi")) {
            return true;
        }
        JsonNode first = data.isEmpty() ? null : data.get(0);
        return first != null && first.has("type") && first.has("id");
    }

    private static long number(String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
