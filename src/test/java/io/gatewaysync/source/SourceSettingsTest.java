package io.gatewaysync.source;

import io.gatewaysync.source.http.RetryPolicy;
import io.gatewaysync.source.http.Uris;
import io.gatewaysync.source.paging.Pagination;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceSettingsTest {

    @Test
    void defaults() {
        SourceSettings s = SourceSettings.of("pets", "http://h.test/api/pets?type=dog");
        assertEquals(Pagination.AUTO, s.pagination());
        assertNull(s.resultsPath());
        assertEquals("id", s.idPath());
        assertEquals("page", s.pageParam());
        assertEquals("pageSize", s.pageSizeParam());
        assertEquals(100, s.pageSize());
        assertEquals(1, s.firstPage());
        assertEquals("offset", s.offsetParam());
        assertEquals("limit", s.limitParam());
        assertEquals(RetryPolicy.DEFAULT, s.retry());
        assertEquals(100_000, s.maxPages());
        assertEquals(Duration.ofSeconds(30), s.timeout());
    }

    @Test
    void blanksMeanDefaults() {
        SourceSettings s = new SourceSettings("pets", " http://h.test/pets ", null, " ", "", null, "", null, " ", 10, 0,
                null, null, " ", " ", null, null, -1);
        assertEquals("http://h.test/pets", s.url());
        assertEquals(Pagination.AUTO, s.pagination());
        assertNull(s.resultsPath());
        assertEquals("id", s.idPath());
        assertEquals("pageSize", s.pageSizeParam());
        assertNull(s.itemUrl());
        assertNull(s.authorization());
        assertEquals(100_000, s.maxPages());
    }

    @Test
    void invalidSettingsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> SourceSettings.of(" ", "http://h.test/"));
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class, () -> SourceSettings.of("pets", "/pets"));
        assertEquals("source 'pets': parameter 'url' must be an absolute http(s) URL, was '/pets'", url.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SourceSettings.of("pets", "ftp://h.test/pets"));
        assertThrows(IllegalArgumentException.class, () -> SourceSettings.of("pets", "http://h.test/a b"));
        IllegalArgumentException item = assertThrows(IllegalArgumentException.class,
                () -> SourceSettings.of("pets", "http://h.test/pets").withItemUrl("http://h.test/pets/item"));
        assertTrue(item.getMessage().contains("'itemUrl' must contain {id}"));
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> SourceSettings.of("pets", "http://h.test/pets").withIdPath("a..b"));
        assertTrue(path.getMessage().startsWith("source 'pets': empty segment"), path.getMessage());
    }

    @Test
    void collectionAndItemUris() {
        SourceSettings s = SourceSettings.of("pets", "http://h.test/api/pets?type=dog&page=3");
        assertEquals(URI.create("http://h.test/api/pets"), s.collectionUri());
        assertEquals(URI.create("http://h.test/api/pets/42"), s.itemUri("42"));
        assertEquals(URI.create("http://h.test/api/pets/a%20b%2Fc%3Fd%23e"), s.itemUri("a b/c?d#e"));
        assertEquals(URI.create("http://h.test/api/pets/%C3%A9t%C3%A9"), s.itemUri("été"));
        assertEquals(URI.create("http://h.test/api/pets/%2E%2E"), s.itemUri(".."), "never the parent collection");
        assertEquals(URI.create("http://h.test/api/pets/7/"),
                SourceSettings.of("pets", "http://h.test/api/pets/").itemUri("7"),
                "no double slash; the collection's trailing '/' ends its item URLs too (issue 28)");
    }

    @Test
    void itemUrlTemplate() {
        SourceSettings s = SourceSettings.of("pets", "http://h.test/api/pets").withItemUrl("http://h.test/api/pet/{id}?full=1");
        assertEquals(URI.create("http://h.test/api/pet/x%2F1?full=1"), s.itemUri("x/1"));
    }

    @Test
    void toStringMasksTheAuthorization() {
        SourceSettings s = SourceSettings.of("pets", "http://h.test/pets").withAuthorization("Bearer s3cr3t-t0ken");
        assertFalse(s.toString().contains("s3cr3t"), s.toString());
        assertTrue(s.toString().contains("authorization=****"));
        assertTrue(SourceSettings.of("pets", "http://h.test/pets").toString().contains("authorization=null"));
    }

    @Test
    void authorizationWithLineBreaksIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceSettings.of("pets", "http://h.test/pets").withAuthorization("Bearer abc\r\nX-Evil: 1"));
        assertFalse(e.getMessage().contains("abc"));
    }

    @Test
    void withersChangeOneThing() {
        SourceSettings s = SourceSettings.of("pets", "http://h.test/pets");
        assertEquals(Pagination.OFFSET, s.withPagination(Pagination.OFFSET).pagination());
        assertEquals("data", s.withResultsPath("data").resultsPath());
        assertEquals("updatedAt", s.withLastChangedPath("updatedAt").lastChangedPath());
        assertEquals("links.next", s.withNextPath("links.next").nextPath());
        SourceSettings p = s.withPageParams("p", "size", 20, 0);
        assertEquals(java.util.List.of("p", "size", 20, 0), java.util.List.of(p.pageParam(), p.pageSizeParam(), p.pageSize(), p.firstPage()));
        assertEquals(5, s.withMaxPages(5).maxPages());
        assertEquals(s.withPageSize(7).withPageSize(100), s);
    }

    @Test
    void paginationLabels() {
        assertEquals("next-link", Pagination.NEXT_LINK.label());
        assertEquals("link-header", Pagination.LINK_HEADER.label());
        for (Pagination p : Pagination.values()) {
            assertEquals(p, Pagination.parse(p.label()));
            assertEquals(p, Pagination.parse(p.label().toUpperCase()));
            assertEquals(p, Pagination.parse(p.name()));
        }
        assertEquals(Pagination.NEXT_LINK, Pagination.parse(" Next-Link "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pagination.parse("scroll"));
        assertEquals("unknown pagination 'scroll'; allowed: auto, none, page, offset, next-link, link-header, cursor, range, postgrest",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pagination.parse(null));
    }

    @Test
    void retryBackoffGrowsAndIsCapped() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(100), p.backoff(1));
        assertEquals(Duration.ofMillis(200), p.backoff(2));
        assertEquals(Duration.ofMillis(400), p.backoff(3));
        assertEquals(Duration.ofMillis(500), p.backoff(4));
        assertEquals(Duration.ofMillis(500), p.backoff(400));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void queryParametersAreReplacedAndOthersKept() {
        URI u = URI.create("http://h.test/p?a=1&page=9&b=x%20y&pageSize=3");
        assertEquals(URI.create("http://h.test/p?a=1&b=x%20y&page=2&pageSize=10"),
                Uris.withQuery(u, "page", "2", "pageSize", "10"));
        assertEquals(URI.create("http://h.test/p?page=1"), Uris.withQuery(URI.create("http://h.test/p"), "page", "1", null, null));
        assertEquals(URI.create("http://h.test/p?q=%C3%A9%26"), Uris.withQuery(URI.create("http://h.test/p"), "q", "é&", null, null));
    }

    @Test
    void resolvingLinks() {
        URI base = URI.create("http://h.test/api/pets?page=1");
        assertEquals(URI.create("http://h.test/api/pets?page=2"), Uris.resolveHttp(base, "?page=2"));
        assertEquals(URI.create("http://h.test/x"), Uris.resolveHttp(base, "/x"));
        assertEquals(URI.create("http://h.test/api/more"), Uris.resolveHttp(base, "more"));
        assertEquals(URI.create("https://o.test/y"), Uris.resolveHttp(base, "https://o.test/y"));
        assertNull(Uris.resolveHttp(base, "mailto:a@b"));
        assertNull(Uris.resolveHttp(base, "http://a b/"));
        assertTrue(Uris.sameOrigin(URI.create("http://h.test/a"), URI.create("HTTP://H.test:80/b")));
        assertFalse(Uris.sameOrigin(URI.create("http://h.test/a"), URI.create("https://h.test/a")));
        assertFalse(Uris.sameOrigin(URI.create("http://h.test/a"), URI.create("http://h.test:8080/a")));
    }
}
