package io.gatewaysync.source.paging;

import io.gatewaysync.source.SourceException;

import io.gatewaysync.source.ParsedPage;
import io.gatewaysync.source.SourceSettings;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Item ranges in request headers. Every page is the same URL with a range of items; the reply says what
 * it holds in {@code Content-Range} ({@code /*} when the total is unknown), with or without the unit.
 * <ul>
 *   <li>{@code range}: {@code Range: items=a-b} and {@code Range-Unit: items}; replies
 *       {@code Content-Range: items a-b/total}.</li>
 *   <li>{@code postgrest}: PostgREST's dialect, {@code Range-Unit: items} and {@code Range: a-b} (PostgREST
 *       ignores {@code items=a-b} and answers everything), {@code Prefer: count=exact} so that every reply
 *       tells the total; replies {@code Content-Range: a-b/total}.</li>
 * </ul>
 * The listing ends when the range reaches the total, at an empty page, at {@code 416} (asked past the
 * end), or at a {@code 200} without Content-Range (the source sent the whole listing). A short page is not
 * the end: servers cap ranges (PostgREST at its {@code max-rows}), and without a total a capped page looks
 * like the last one; ending there would take a part of the listing for the whole and delete the rest. So
 * without a total the listing reads on to the empty page (one request more). A reply that does not match what was
 * asked is a broken listing: taking it as a page would skip or repeat objects, and then deletes would
 * follow from a wrong listing.
 */
public final class RangePaginator implements Paginator {

    /** {@code [items ]a-b/total}, {@code [items ]*}{@code /total}; the unit is optional (PostgREST sends none). */
    private static final Pattern CONTENT_RANGE = Pattern.compile(
            "\\s*(?:items\\s+)?(?:(\\d{1,18})-(\\d{1,18})|\\*)\\s*/\\s*(\\d{1,18}|\\*)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("(?:items=)?(\\d{1,18})-(\\d{1,18})");

    private final SourceSettings s;
    private final int size;
    private final boolean postgrest;
    private long offset;

    public RangePaginator(SourceSettings s) {
        this.s = s;
        this.size = s.pageSize() > 0 ? s.pageSize() : SourceSettings.DEFAULT_PAGE_SIZE;
        this.postgrest = s.pagination() == Pagination.POSTGREST;
    }

    @Override
    public URI first() {
        return s.uri();
    }

    @Override
    public Map<String, String> headers() {
        return headers(postgrest, offset, size);
    }

    /** The request headers of the range of {@code size} items from {@code from}, in either dialect. */
    public static Map<String, String> headers(boolean postgrest, long from, int size) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Range-Unit", "items");
        h.put("Range", (postgrest ? "" : "items=") + from + "-" + (from + size - 1));
        if (postgrest) {
            h.put("Prefer", "count=exact");
        }
        return h;
    }

    /** The first and last item of a {@code Range} header value, {@code items=a-b} or {@code a-b}. */
    public static long[] bounds(String range) {
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an item range: " + range);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Override
    public URI next(URI current, ParsedPage page) {
        if (page.elementCount() == 0) {
            return null;
        }
        offset += page.elementCount();
        if (page.totalCount() != null) {
            // With a total, a short page is not the end: a server may cap the range (PostgREST max-rows).
            return offset >= page.totalCount() ? null : current;
        }
        return current; // no total: only an empty page (or 416) ends the listing, see the class comment
    }

    /**
     * Checks a reply against the range asked for ({@code range}: the {@code Range} header sent).
     *
     * @return the collection size the reply tells: the Content-Range total, or for a {@code 200}
     *         without Content-Range the element count (the whole listing); {@code null} when unknown;
     *         {@code 0} for {@code 416} (nothing more)
     * @throws SourceException when the reply contradicts the request
     */
    public static Long check(SourceSettings s, URI uri, String range, int status, HttpHeaders headers, int elements) {
        long[] asked = bounds(range);
        long from = asked[0];
        long to = asked[1];
        String header = headers == null ? null : headers.firstValue("Content-Range").orElse(null);
        if (status == 416) {
            return 0L;
        }
        if (header == null) {
            if (status == 200 && from == 0) {
                return (long) elements;
            }
            throw broken(s, uri, range, status, "no Content-Range", null);
        }
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches()) {
            throw broken(s, uri, range, status, "a Content-Range that is not 'items a-b/total' or 'a-b/total'", header);
        }
        Long total = m.group(3).equals("*") ? null : Long.parseLong(m.group(3));
        if (m.group(1) == null) { // items */total: nothing in range
            if (elements != 0) {
                throw broken(s, uri, range, status, elements + " objects under an empty Content-Range", header);
            }
            return total == null ? 0L : total;
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (first != from || last > to || last < first || last - first + 1 != elements
                || total != null && last >= total) {
            throw broken(s, uri, range, status, "Content-Range " + header.trim() + " with " + elements
                    + " objects", header);
        }
        return total;
    }

    /** Whether a Content-Range names the {@code items} unit (the {@code range} dialect; PostgREST's names none). */
    public static boolean namesItems(String contentRange) {
        return contentRange.trim().toLowerCase(java.util.Locale.ROOT).startsWith("items");
    }

    private static SourceException broken(SourceSettings s, URI uri, String range, int status, String what, String header) {
        String hint = s.pagination() == Pagination.RANGE && header != null && !namesItems(header)
                ? " (a Content-Range without a unit is PostgREST's: use pagination 'postgrest')" : "";
        return new SourceException(s.name(), "GET", uri, "asked for Range: " + range + ", got HTTP " + status + " with "
                + what + "; the listing is incomplete" + hint);
    }
}
