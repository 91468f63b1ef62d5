package io.gatewaysync.source;

import io.gatewaysync.source.paging.CursorPaginator;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.paging.RangePaginator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DotPath escaping, composite ids, merge patches, the cursor and range paginators and shape recognition. */
class ShapeUnitsTest {

    private static final URI URL = URI.create("http://127.0.0.1:1/api/things");

    @Test
    void dotPathEscapes() {
        JsonNode doc = TestJson.parse("{\"@odata.nextLink\": \"/n\", \"a\": {\"b.c\": {\"d\": 1}}, \"hydra:view\": {\"hydra:next\": \"/h\"}}");
        assertEquals("/n", DotPath.of("['@odata.nextLink']").text(doc));
        assertEquals("/n", DotPath.of("@odata\\.nextLink").text(doc));
        assertEquals("1", DotPath.of("a['b.c'].d").text(doc));
        assertEquals("1", DotPath.of("a.[\"b.c\"].d").text(doc));
        assertEquals("1", DotPath.of("a.b\\.c.d").text(doc));
        assertEquals("/h", DotPath.of("hydra:view.hydra:next").text(doc));
        assertNull(DotPath.of("@odata.nextLink").text(doc), "unescaped, the dot separates");
        assertEquals(List.of("a", "b.c", "d"), DotPath.ofKeys("a", "b.c", "d").keys());
        assertThrows(IllegalArgumentException.class, () -> DotPath.of("a['b"));
        assertThrows(IllegalArgumentException.class, () -> DotPath.of("a\\"));
        assertThrows(IllegalArgumentException.class, () -> DotPath.of("a..b"));
    }

    @Test
    void compositeAndNestedIds() {
        ObjectNode o = TestJson.parseObject("{\"kvk\": 7, \"nr\": \"a,b\", \"identificatie\": {\"nummer\": \"Z-1\"}}");
        assertEquals("Z-1", IdPath.of("identificatie.nummer").text(o));
        assertEquals("7,a\\,b", IdPath.of("kvk,nr").text(o));
        assertEquals("7", IdPath.of("kvk").text(o));
        assertEquals("7", IdPath.of("kvk").text(TestJson.obj("kvk", "7")), "7 and \"7\" are one id");
        assertNull(IdPath.of("kvk,missing").text(o));
        assertTrue(IdPath.of("a, b").composite());
        assertThrows(IllegalArgumentException.class, () -> IdPath.of("a,,b"));
    }

    @Test
    void mergePatchHoldsOnlyWhatChanged() {
        ObjectNode from = TestJson.parseObject("{\"id\":1,\"name\":\"a\",\"gone\":2,\"nested\":{\"x\":1,\"y\":2},\"tags\":[1]}");
        ObjectNode to = TestJson.parseObject("{\"id\":1,\"name\":\"b\",\"nested\":{\"x\":1,\"y\":3},\"tags\":[1,2]}");
        ObjectNode patch = MergePatch.diff(from, to);
        assertEquals(TestJson.parse("{\"name\":\"b\",\"nested\":{\"y\":3},\"tags\":[1,2],\"gone\":null}"), patch);
        assertEquals(to, MergePatch.apply(from, patch));
        assertTrue(MergePatch.diff(to, to).isEmpty());
    }

    @Test
    void cursorPaginatorFollowsTokensAndRefusesARepeat() {
        SourceSettings s = SourceSettings.of("c", URL.toString()).withPagination(Pagination.CURSOR)
                .withStyle(new WriteStyle("meta.next_cursor", "after", null, null, null));
        PageParser parser = new PageParser(s);
        CursorPaginator p = new CursorPaginator(s);
        ParsedPage one = parser.parse(URL, "{\"data\":[{\"id\":1}],\"meta\":{\"next_cursor\":\"T1\"}}".getBytes(), null, 1);
        URI next = p.next(URL, one);
        assertEquals("http://127.0.0.1:1/api/things?after=T1", next.toString());
        ParsedPage again = parser.parse(next, "{\"data\":[{\"id\":2}],\"meta\":{\"next_cursor\":\"T1\"}}".getBytes(), null, 2);
        assertThrows(SourceException.class, () -> p.next(next, again));
        for (String end : List.of("null", "\"\"")) {
            ParsedPage last = parser.parse(next, ("{\"data\":[],\"meta\":{\"next_cursor\":" + end + "}}").getBytes(), null, 2);
            assertNull(new CursorPaginator(s).next(next, last));
        }
    }

    @Test
    void rangeRepliesAreCheckedAgainstTheRequest() {
        SourceSettings s = SourceSettings.of("r", URL.toString()).withPagination(Pagination.RANGE).withPageSize(10);
        assertEquals(25L, RangePaginator.check(s, URL, "items=0-9", 206, headers("items 0-9/25"), 10));
        assertNull(RangePaginator.check(s, URL, "items=10-19", 206, headers("items 10-19/*"), 10));
        assertEquals(0L, RangePaginator.check(s, URL, "items=30-39", 416, headers("items */25"), 0));
        assertEquals(4L, RangePaginator.check(s, URL, "items=0-9", 200, HttpHeaders.of(Map.of(), (a, b) -> true), 4));
        assertThrows(SourceException.class, () -> RangePaginator.check(s, URL, "items=10-19", 206, headers("items 11-20/25"), 10));
        assertThrows(SourceException.class, () -> RangePaginator.check(s, URL, "items=10-19", 206, headers("items 10-19/25"), 9));
        assertThrows(SourceException.class, () -> RangePaginator.check(s, URL, "items=10-19", 200, HttpHeaders.of(Map.of(), (a, b) -> true), 10));
        assertThrows(SourceException.class, () -> RangePaginator.check(s, URL, "items=0-9", 206, headers("bytes 0-9/25"), 10));
        RangePaginator p = new RangePaginator(s);
        assertEquals("items=0-9", p.headers().get("Range"));
        ParsedPage capped = new ParsedPage(List.of(), List.of(), null, 25L, 5, "h");
        assertEquals(URL, p.next(URL, capped), "a capped page with a total is not the end");
        assertEquals("items=5-14", p.headers().get("Range"));
        ParsedPage shortWithoutTotal = new ParsedPage(List.of(), List.of(), null, null, 4, "h");
        assertEquals(URL, p.next(URL, shortWithoutTotal), "a short page without a total may be a cap: read on");
        assertNull(p.next(URL, new ParsedPage(List.of(), List.of(), null, null, 0, "h")), "the empty page ends it");
    }

    /** PostgREST's dialect: {@code Range: a-b}, {@code Prefer: count=exact}, a Content-Range without the unit. */
    @Test
    void postgrestRangesAreAskedAndCheckedInItsDialect() {
        SourceSettings s = SourceSettings.of("p", URL.toString()).withPagination(Pagination.POSTGREST).withPageSize(10);
        RangePaginator p = new RangePaginator(s);
        assertEquals(Map.of("Range-Unit", "items", "Range", "0-9", "Prefer", "count=exact"), p.headers());
        assertEquals(25L, RangePaginator.check(s, URL, "0-9", 206, headers("0-9/25"), 10));
        assertNull(RangePaginator.check(s, URL, "10-19", 200, headers("10-19/*"), 10));
        assertEquals(0L, RangePaginator.check(s, URL, "30-39", 200, headers("*/*"), 0));
        assertEquals(0L, RangePaginator.check(s, URL, "30-39", 416, headers("*/25"), 0));
        // PostgREST ignored the range and answered everything up to max-rows: not the page asked for
        assertThrows(SourceException.class, () -> RangePaginator.check(s, URL, "10-19", 200, headers("0-9/*"), 10));
        ParsedPage shortPage = new ParsedPage(List.of(), List.of(), null, null, 4, "h");
        assertEquals(URL, p.next(URL, shortPage), "without a total a short page may be max-rows: read on");
        ParsedPage empty = new ParsedPage(List.of(), List.of(), null, null, 0, "h");
        assertNull(p.next(URL, empty));

        SourceSettings items = s.withPagination(Pagination.RANGE);
        SourceException hint = assertThrows(SourceException.class,
                () -> RangePaginator.check(items, URL, "items=10-19", 200, headers("0-9/*"), 10));
        assertTrue(hint.getMessage().contains("use pagination 'postgrest'"), hint.getMessage());
        assertEquals(Pagination.POSTGREST, Pagination.parse("postgrest"));
        assertTrue(Pagination.POSTGREST.isRange() && Pagination.RANGE.isRange() && !Pagination.OFFSET.isRange());
    }

    @Test
    void recognisesTheWellKnownShapes() {
        assertEquals("HAL", ListingShapes.recognise(TestJson.parse("{\"_links\":{\"next\":{\"href\":\"/p2\"}},\"_embedded\":{\"zaken\":[{\"url\":\"http://h/z/1\"}]}}"), null, URL).recognised());
        ListingShape hal = ListingShapes.recognise(TestJson.parse("{\"_embedded\":{\"zaken\":[{\"url\":\"http://h/z/1\"}]},\"_links\":{\"next\":{\"href\":\"/p2\"}}}"), null, URL);
        assertEquals("_embedded.zaken", hal.resultsPath());
        assertEquals("url", hal.idPath());
        ListingShape odata = ListingShapes.recognise(TestJson.parse("{\"@odata.context\":\"x\",\"value\":[{\"id\":1}],\"@odata.nextLink\":\"/n\"}"), null, URL);
        assertEquals("OData", odata.recognised());
        assertEquals("/n", DotPath.of(odata.nextPath()).text(TestJson.parse("{\"@odata.nextLink\":\"/n\"}")));
        assertEquals("JSON:API", ListingShapes.recognise(TestJson.parse("{\"data\":[{\"type\":\"t\",\"id\":\"1\",\"attributes\":{}}],\"links\":{\"next\":null}}"), null, URL).recognised());
        assertEquals("Hydra", ListingShapes.recognise(TestJson.parse("{\"hydra:member\":[{\"id\":1}]}"), null, URL).recognised());
        ListingShape cursor = ListingShapes.recognise(TestJson.parse("{\"data\":[{\"id\":1}],\"meta\":{\"next_cursor\":\"x\"}}"), null, URL);
        assertEquals(Pagination.CURSOR, cursor.pagination());
        assertEquals("meta.next_cursor", cursor.cursorPath());
        assertEquals(Pagination.RANGE, ListingShapes.recognise(TestJson.parse("[{\"id\":1}]"), headers("items 0-0/1"), URL).pagination());
        assertEquals("unknown", ListingShapes.recognise(TestJson.parse("{\"x\":1}"), null, URL).recognised());
    }

    private static HttpHeaders headers(String contentRange) {
        return HttpHeaders.of(Map.of("Content-Range", List.of(contentRange)), (a, b) -> true);
    }
}
