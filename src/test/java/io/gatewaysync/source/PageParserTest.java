package io.gatewaysync.source;

import io.gatewaysync.source.paging.Pagination;

import io.gatewaysync.sync.CanonicalJson;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageParserTest {

    static final URI PAGE = URI.create("http://api.test/v1/pets?page=1");
    static final SourceSettings AUTO = SourceSettings.of("pets", "http://api.test/v1/pets");

    static ParsedPage parse(SourceSettings s, String body, Map<String, List<String>> headers) {
        return new PageParser(s).parse(PAGE, body.getBytes(StandardCharsets.UTF_8),
                HttpHeaders.of(headers, (a, b) -> true), 1);
    }

    static ParsedPage parse(SourceSettings s, String body) {
        return parse(s, body, Map.of());
    }

    static List<String> ids(ParsedPage p) {
        return p.objects().stream().map(SourceObject::id).toList();
    }

    @Test
    void rootArray() {
        assertEquals(List.of("1", "2"), ids(parse(AUTO, "[{\"id\":1},{\"id\":2}]")));
    }

    @Test
    void autoDetectsTheWellKnownKeys() {
        for (String key : List.of("results", "data", "items", "hydra:member")) {
            ParsedPage p = parse(AUTO, "{\"meta\":[1],\"" + key + "\":[{\"id\":\"a\"}]}");
            assertEquals(List.of("a"), ids(p), key);
        }
        // the first that is an array wins: "results" is not one here
        assertEquals(List.of("d"), ids(parse(AUTO, "{\"results\":{\"id\":1},\"data\":[{\"id\":\"d\"}]}")));
    }

    @Test
    void configuredResultsPath() {
        ParsedPage p = parse(AUTO.withResultsPath("payload.list"), "{\"payload\":{\"list\":[{\"id\":3}]}}");
        assertEquals(List.of("3"), ids(p));
    }

    @Test
    void noListIsAnError() {
        SourceException e = assertThrows(SourceException.class,
                () -> parse(AUTO.withResultsPath("results"), "{\"results\":{\"id\":1}}"));
        assertEquals("source 'pets': GET " + PAGE + ": no list of objects at 'results' on page 1 (found an object)",
                e.getMessage());
        SourceException auto = assertThrows(SourceException.class, () -> parse(AUTO, "{\"error\":\"x\"}"));
        assertTrue(auto.getMessage().contains("results, data, items, hydra:member"), auto.getMessage());
        assertThrows(SourceException.class, () -> parse(AUTO, "\"just a string\""));
        assertThrows(SourceException.class, () -> parse(AUTO, "null"));
    }

    @Test
    void badElementsAreRejectedNotThrown() {
        ParsedPage p = parse(AUTO, "[{\"id\":1}, 42, {\"name\":\"no id\"}, {\"id\":null}, {\"id\":\"\"}, {\"id\":{\"x\":1}},"
                + " {\"id\":1}, [1], {\"id\":\"ok\"}]");
        assertEquals(List.of("1", "ok"), ids(p));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), p.rejected().stream().map(RejectedObject::index).toList());
        assertEquals("element 1 is not a JSON object but a number", p.rejected().get(0).reason());
        assertEquals("element 2 has no id at 'id'", p.rejected().get(1).reason());
        assertEquals("element 6 repeats id '1' of element 0", p.rejected().get(5).reason());
        assertEquals(9, p.elementCount());
    }

    @Test
    void anIdTooLongToStoreIsRejected() {
        String longId = "x".repeat(256);
        ParsedPage p = parse(AUTO, "[{\"id\":\"" + longId + "\"}, {\"id\":\"" + "y".repeat(255) + "\"}]");
        assertEquals(List.of("y".repeat(255)), ids(p));
        assertTrue(p.rejected().get(0).reason().startsWith("element 0 has an id of 256 characters ('xxx"),
                p.rejected().get(0).reason());
        assertTrue(p.rejected().get(0).reason().endsWith("'); at most 255 are stored"), p.rejected().get(0).reason());
    }

    @Test
    void nestedIdPath() {
        ParsedPage p = parse(AUTO.withIdPath("ref.code"), "[{\"ref\":{\"code\":\"A-1\"}},{\"ref\":{}}]");
        assertEquals(List.of("A-1"), ids(p));
        assertEquals("element 1 has no id at 'ref.code'", p.rejected().get(0).reason());
    }

    @Test
    void objectCarriesDataHashAndLastChanged() {
        ParsedPage p = parse(AUTO.withLastChangedPath("updatedAt"),
                "[{\"id\":1,\"updatedAt\":\"2024-01-02T03:04:05Z\",\"n\":1},{\"id\":2,\"updatedAt\":\"soon\"}]");
        SourceObject o = p.objects().get(0);
        assertEquals(TestJson.parse("{\"n\":1,\"id\":1,\"updatedAt\":\"2024-01-02T03:04:05Z\"}"), o.data());
        assertEquals(CanonicalJson.hash(o.data()), o.hash());
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), o.lastChanged());
        assertNull(p.objects().get(1).lastChanged(), "unparseable date → null");
        assertNull(parse(AUTO, "[{\"id\":1,\"updatedAt\":\"2024-01-02T03:04:05Z\"}]").objects().get(0).lastChanged());
    }

    @Test
    void keyOrderDoesNotChangeTheHash() {
        String a = parse(AUTO, "[{\"id\":1,\"a\":1,\"b\":2}]").objects().get(0).hash();
        String b = parse(AUTO, "[ {\"b\":2, \"id\":1, \"a\":1} ]").objects().get(0).hash();
        assertEquals(a, b);
        assertNotEquals(a, parse(AUTO, "[{\"id\":1,\"a\":1,\"b\":3}]").objects().get(0).hash());
    }

    @Test
    void totalCountFromHeaderOrBody() {
        assertEquals(77L, parse(AUTO, "[]", Map.of("X-Total-Count", List.of("77"))).totalCount());
        assertEquals(5L, parse(AUTO, "{\"count\":5,\"results\":[]}").totalCount());
        assertEquals(6L, parse(AUTO, "{\"total\":6,\"data\":[]}").totalCount());
        assertEquals(7L, parse(AUTO, "{\"totalCount\":7,\"items\":[]}").totalCount());
        assertEquals(8L, parse(AUTO, "{\"hydra:totalItems\":8,\"hydra:member\":[]}").totalCount());
        assertNull(parse(AUTO, "[]").totalCount());
        assertNull(parse(AUTO, "[]", Map.of("X-Total-Count", List.of("lots"))).totalCount());
        assertEquals(5L, parse(AUTO, "{\"count\":\"5\",\"results\":[]}").totalCount(), "a whole number written as a string");
        assertNull(parse(AUTO, "{\"count\":\"5.5\",\"results\":[]}").totalCount());
        assertEquals(9L, parse(AUTO, "[]", Map.of("X-Total", List.of("9"))).totalCount(), "GitLab's header");
        assertEquals(10L, parse(AUTO, "[]", Map.of("Content-Range", List.of("0-0/10"))).totalCount());
        assertEquals(11L, parse(AUTO, "{\"@odata.count\":11,\"value\":[]}").totalCount());
        assertEquals(12L, parse(AUTO, "{\"data\":[],\"meta\":{\"page\":{\"totalRecords\":12}}}").totalCount());
        assertEquals(13L, parse(AUTO, "{\"_embedded\":{\"t\":[]},\"page\":{\"totalElements\":13}}").totalCount());
        assertEquals(14L, parse(AUTO, "{\"data\":[],\"meta\":{\"pagination\":{\"total\":14}}}").totalCount());
        assertEquals(15L, parse(AUTO.withProof(new ListingProof("envelope.size", null)),
                "{\"results\":[],\"count\":3,\"envelope\":{\"size\":15}}").totalCount(), "totalPath wins");
    }

    @Test
    void nextLinkAutoDetected() {
        assertEquals(URI.create("http://api.test/v1/pets?page=2"), parse(AUTO, "{\"next\":\"?page=2\",\"results\":[]}").next());
        assertEquals(URI.create("http://api.test/x?page=2"), parse(AUTO, "{\"links\":{\"next\":\"/x?page=2\"},\"data\":[]}").next());
        assertEquals(URI.create("http://api.test/x?page=2"),
                parse(AUTO, "{\"links\":{\"next\":{\"href\":\"/x?page=2\"}},\"data\":[]}").next());
        assertEquals(URI.create("http://api.test/h?p=2"), parse(AUTO, "{\"_links\":{\"next\":{\"href\":\"/h?p=2\"}},\"items\":[]}").next());
        assertEquals(URI.create("http://api.test/v1/pets?page=2"),
                parse(AUTO, "{\"hydra:view\":{\"hydra:next\":\"/v1/pets?page=2\"},\"hydra:member\":[]}").next());
        assertEquals(URI.create("https://other.test/p/2"), parse(AUTO, "{\"pagination\":{\"next\":\"https://other.test/p/2\"},\"data\":[]}").next());
        assertEquals(URI.create("http://api.test/m?c=abc"), parse(AUTO, "{\"meta\":{\"next\":\"/m?c=abc\"},\"data\":[]}").next());
        assertEquals(URI.create("http://api.test/l?page=2"), parse(AUTO, "{\"next_page_url\":\"/l?page=2\",\"data\":[]}").next(), "Laravel");
        assertEquals(URI.create("http://api.test/g?after=x"), parse(AUTO, "{\"paging\":{\"next\":\"/g?after=x\"},\"data\":[]}").next(), "Graph API");
    }

    @Test
    void noNextLink() {
        assertNull(parse(AUTO, "{\"next\":null,\"results\":[]}").next());
        assertNull(parse(AUTO, "{\"next\":\"\",\"results\":[]}").next());
        assertNull(parse(AUTO, "{\"next\":2,\"results\":[]}").next(), "a page number is not a link");
        assertNull(parse(AUTO, "{\"next\":true,\"results\":[]}").next());
        assertNull(parse(AUTO, "[]").next());
    }

    @Test
    void nextLinkOnlyWhereThePaginationLooks() {
        String body = "{\"next\":\"/p?page=2\",\"results\":[]}";
        Map<String, List<String>> link = Map.of("Link", List.of("</h?page=2>; rel=\"next\""));
        assertEquals(URI.create("http://api.test/h?page=2"), parse(AUTO, body, link).next(), "auto: header first");
        assertEquals(URI.create("http://api.test/p?page=2"), parse(AUTO.withPagination(Pagination.NEXT_LINK), body, link).next());
        assertEquals(URI.create("http://api.test/h?page=2"), parse(AUTO.withPagination(Pagination.LINK_HEADER), body, link).next());
        assertNull(parse(AUTO.withPagination(Pagination.LINK_HEADER), body).next());
        assertNull(parse(AUTO.withPagination(Pagination.PAGE), body, link).next());
        assertNull(parse(AUTO.withPagination(Pagination.NONE), body, link).next());
    }

    @Test
    void configuredNextPathTakesAnyText() {
        SourceSettings s = AUTO.withPagination(Pagination.NEXT_LINK).withNextPath("paging.cursorUrl");
        assertEquals(URI.create("http://api.test/v1/page2"), parse(s, "{\"paging\":{\"cursorUrl\":\"page2\"},\"data\":[]}").next());
        assertNull(parse(s, "{\"next\":\"/ignored\",\"data\":[]}").next());
    }

    @Test
    void unusableNextLinkIsAnError() {
        SourceException e = assertThrows(SourceException.class, () -> parse(AUTO, "{\"next\":\"ftp://x/y?z\",\"results\":[]}"));
        assertTrue(e.getMessage().contains("the next link at 'next' is not a usable http(s) URL: 'ftp://x/y?z'"), e.getMessage());
        assertThrows(SourceException.class, () -> parse(AUTO, "{\"next\":\"http://bad host/?x\",\"results\":[]}"));
    }

    @Test
    void malformedJson() {
        SourceException e = assertThrows(SourceException.class, () -> parse(AUTO, "[{\"id\":1},{\"id\":"));
        assertTrue(e.getMessage().startsWith("source 'pets': GET " + PAGE + ": malformed JSON at line 1 column "), e.getMessage());
        assertEquals(0, e.status());
        assertThrows(SourceException.class, () -> parse(AUTO, "[{\"id\":1}] trailing"));
        assertThrows(SourceException.class, () -> parse(AUTO, "<html>Bad gateway</html>"));
        SourceException empty = assertThrows(SourceException.class, () -> parse(AUTO, "  "));
        assertTrue(empty.getMessage().endsWith("empty body where JSON was expected"));
    }

    @Test
    void contentHashTellsRepeatedPages() {
        String a = parse(AUTO, "{\"next\":\"/a\",\"results\":[{\"id\":1},{\"id\":2},7]}").contentHash();
        String b = parse(AUTO, "{\"results\":[{\"id\":1},{\"id\":2},7],\"next\":\"/b\"}").contentHash();
        assertEquals(a, b, "same list, different envelope");
        assertNotEquals(a, parse(AUTO, "[{\"id\":1},{\"id\":2},8]").contentHash());
        assertNotEquals(a, parse(AUTO, "[{\"id\":2},{\"id\":1},7]").contentHash());
    }

    @Test
    void numbersPastADoubleAreValues() {
        // Read as a double, 1e999 was Infinity and its object was rejected; every JSON number is a value now.
        ParsedPage p = parse(AUTO, "[{\"id\":1,\"x\":1e999},{\"id\":2,\"x\":1e998}]");
        assertEquals(List.of("1", "2"), ids(p));
        assertTrue(p.rejected().isEmpty());
        assertNotEquals(p.objects().get(0).hash(), p.objects().get(1).hash());
    }

    @Test
    void objectOfAFetchedItemHashesLikeAListedOne() {
        PageParser parser = new PageParser(AUTO.withLastChangedPath("at"));
        ParsedPage p = parse(AUTO.withLastChangedPath("at"), "[{\"id\":1,\"at\":\"2024-01-01T00:00:00Z\"}]");
        SourceObject listed = p.objects().get(0);
        SourceObject fetched = parser.object("1", TestJson.parseObject("{\"at\":\"2024-01-01T00:00:00Z\",\"id\":1}"));
        assertEquals(listed, fetched);
    }

    /** A large page: every object in order, hashed, every problem named by its element's index. */
    @Test
    void aLargePageIsReadAsOneThreadReadsIt() {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            big.append(i == 0 ? "" : ",");
            if (i == 10 || i == 700) {
                big.append("\"not an object\"");
            } else if (i == 20 || i == 800) {
                big.append("{\"name\":\"no id\"}");
            } else if (i == 900) {
                big.append("{\"id\":5,\"name\":\"5 again\"}");
            } else {
                big.append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\",\"tags\":[\"b\",\"a\"]}");
            }
        }
        ParsedPage page = parse(AUTO, big.append("]").toString());
        assertEquals(995, page.objects().size());
        for (int k = 0, i = 0; i < 1000; i++) {
            if (i == 10 || i == 700 || i == 20 || i == 800 || i == 900) {
                continue;
            }
            SourceObject o = page.objects().get(k++);
            assertEquals(Integer.toString(i), o.id());
            assertEquals(io.gatewaysync.sync.CanonicalJson.hash(o.data()), o.hash());
        }
        assertEquals(List.of(10, 20, 700, 800, 900), page.rejected().stream().map(RejectedObject::index).toList());
        assertTrue(page.rejected().get(4).reason().contains("repeats id '5' of element 5"), page.rejected().toString());
        assertEquals(page.contentHash(), parse(AUTO, big.toString()).contentHash(), "the same page, the same content hash");
    }
}
