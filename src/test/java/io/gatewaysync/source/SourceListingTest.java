package io.gatewaysync.source;

import io.gatewaysync.source.paging.Pagination;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TestSource.Style;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

import static io.gatewaysync.source.Listings.ids;
import static io.gatewaysync.source.Listings.readAll;
import static io.gatewaysync.source.Listings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pagination style, AUTO's detection and the guards against endless paging, against a real HTTP server. */
class SourceListingTest {

    static TestSource src;

    @BeforeAll
    static void start() {
        src = TestSource.start();
    }

    @AfterAll
    static void stop() {
        src.close();
    }

    @BeforeEach
    void reset() {
        src.clear();
    }

    @Test
    void noneReadsEverythingInOneRequest() {
        src.generate("pets", 25);
        src.style("pets", Style.NONE);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.NONE));
        assertEquals(ids(25), r.ids());
        assertEquals(1, r.pages().size());
        assertEquals(List.of("GET /pets"), src.requests());
        assertTrue(r.complete());
        assertNull(r.error());
    }

    @Test
    void pageNumbersUntilTheTotalIsReached() {
        src.generate("pets", 25);
        src.style("pets", Style.PAGE);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.PAGE).withPageSize(10));
        assertEquals(ids(25), r.ids());
        assertEquals(List.of("GET /pets?page=1&pageSize=10", "GET /pets?page=2&pageSize=10",
                "GET /pets?page=3&pageSize=10"), src.requests());
        assertEquals(25L, r.pages().get(0).totalCount());
        assertEquals(List.of(1, 2, 3), r.pages().stream().map(SourcePage::number).toList());
        assertTrue(r.complete());
    }

    @Test
    void pageNumbersWithoutTotalStopAtTheFirstEmptyPageNotAtAShortOne() {
        src.generate("pets", 25);
        src.style("pets", Style.PAGE).totals("pets", false).ignorePageSize("pets"); // serves 10 whatever is asked
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.PAGE).withPageSize(50));
        assertEquals(ids(25), r.ids(), "a short first page (10 of 50 asked) must not end the listing");
        assertEquals(4, src.requestCount("GET"));
        assertEquals(0, r.pages().get(3).objects().size(), "the empty page ends it");
        assertNull(r.pages().get(0).totalCount());
    }

    @Test
    void pageParamsAreConfigurableAndOtherQueryParamsKept() {
        src.generate("pets", 7);
        src.style("pets", Style.PAGE).pageParams("pets", "p", "per_page");
        SourceSettings s = settings(src, "pets?sort=name&p=9")
                .withPagination(Pagination.PAGE).withPageParams("p", "per_page", 5, 1);
        Listings.Result r = readAll(s);
        assertEquals(ids(7), r.ids());
        assertEquals(List.of("GET /pets?sort=name&p=1&per_page=5", "GET /pets?sort=name&p=2&per_page=5"), src.requests());
    }

    @Test
    void pageSizeZeroSendsNoSizeParameter() {
        src.generate("pets", 12);
        src.style("pets", Style.PAGE);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.PAGE).withPageSize(0));
        assertEquals(ids(12), r.ids());
        assertEquals(List.of("GET /pets?page=1", "GET /pets?page=2"), src.requests());
    }

    @Test
    void offsetAdvancesByWhatWasReceived() {
        src.generate("pets", 23);
        src.style("pets", Style.OFFSET).pageSize("pets", 10).ignorePageSize("pets");
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.OFFSET).withPageSize(100));
        assertEquals(ids(23), r.ids());
        assertEquals(List.of("GET /pets?offset=0&limit=100", "GET /pets?offset=10&limit=100",
                "GET /pets?offset=20&limit=100"), src.requests());
        assertEquals(23L, r.pages().get(0).totalCount());
    }

    @Test
    void offsetWithoutTotalStopsAtEmptyPage() {
        src.generate("pets", 20);
        src.style("pets", Style.OFFSET).totals("pets", false).offsetParams("pets", "skip", "take");
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.OFFSET)
                .withOffsetParams("skip", "take").withPageSize(10));
        assertEquals(ids(20), r.ids());
        assertEquals(List.of("GET /pets?skip=0&take=10", "GET /pets?skip=10&take=10", "GET /pets?skip=20&take=10"),
                src.requests());
    }

    @Test
    void nextLinkFollowsAbsoluteLinks() {
        src.generate("pets", 25);
        src.style("pets", Style.NEXT_LINK);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.NEXT_LINK));
        assertEquals(ids(25), r.ids());
        assertEquals(List.of("GET /pets", "GET /pets?page=2", "GET /pets?page=3"), src.requests());
        assertEquals(src.uri("pets?page=2"), r.pages().get(1).uri());
    }

    @Test
    void nextLinkFollowsRelativePaths() {
        src.generate("pets", 15);
        src.style("pets", Style.NEXT_LINK).relativeNextLinks("pets", true);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.NEXT_LINK));
        assertEquals(ids(15), r.ids());
        assertEquals(List.of("GET /pets", "GET /pets?page=2"), src.requests());
    }

    @Test
    void nextLinkAtAConfiguredPath() {
        src.generate("pets", 5);
        src.respond("pets", req -> {
            int page = req.param("cursor") == null ? 1 : Integer.parseInt(req.param("cursor"));
            ObjectNode body = TestJson.obj("meta", TestJson.obj("paging", TestJson.obj(
                    "after", page < 3 ? "?cursor=" + (page + 1) : null)));
            body.set("records", TestJson.MAPPER.createArrayNode().add(TestJson.obj("key", "k" + page)));
            return Response.json(200, body);
        });
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.NEXT_LINK)
                .withNextPath("meta.paging.after").withResultsPath("records").withIdPath("key"));
        assertEquals(List.of("k1", "k2", "k3"), r.ids());
        assertEquals(List.of("GET /pets", "GET /pets?cursor=2", "GET /pets?cursor=3"), src.requests());
    }

    @Test
    void linkHeaderOnAFirstUrlWithItsOwnPageParameters() {
        src.generate("pets", 12);
        src.style("pets", Style.LINK_HEADER);
        Listings.Result r = readAll(settings(src, "pets?page=1&pageSize=5&sort=name")
                .withPagination(Pagination.LINK_HEADER));
        assertEquals(ids(12), r.ids());
        assertEquals(List.of("GET /pets?page=1&pageSize=5&sort=name", "GET /pets?page=2&pageSize=5&sort=name",
                "GET /pets?page=3&pageSize=5&sort=name"), src.requests());
        assertEquals(12L, r.pages().get(2).totalCount());
    }

    @Test
    void hydraCollections() {
        src.generate("pets", 21);
        src.style("pets", Style.HYDRA);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.NEXT_LINK));
        assertEquals(ids(21), r.ids());
        assertEquals(3, r.pages().size());
        assertEquals(21L, r.pages().get(0).totalCount());
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void autoDetectsEveryStyleThatAnnouncesItsPages(Style style) {
        src.generate("pets", 25);
        src.style("pets", style);
        Listings.Result r = readAll(settings(src, "pets"));
        // PAGE and OFFSET announce no next page, so AUTO reads their first page only; their stated total
        // (25) then proves that page is not the whole listing: incomplete. The others completely.
        if (style == Style.PAGE || style == Style.OFFSET) {
            assertEquals(ids(10), r.ids(), style.name());
            assertFalse(r.complete());
            assertTrue(r.error().contains("states 25 objects but ended after 10"), r.error());
            return;
        }
        assertEquals(ids(25), r.ids(), style.name());
        assertTrue(r.complete());
        assertNull(r.error());
    }

    @Test
    void autoPrefersTheLinkHeaderOverTheBody() {
        src.generate("pets", 4);
        src.respond("pets", req -> {
            boolean second = "2".equals(req.param("page"));
            ObjectNode body = TestJson.obj("next", "/pets?page=99");
            body.set("data", TestJson.MAPPER.createArrayNode().add(TestJson.obj("id", second ? "b" : "a")));
            Response resp = Response.json(200, body);
            return second ? resp : resp.withHeader("Link", "</pets?page=2>; rel=\"next\"");
        });
        Listings.Result r = readAll(settings(src, "pets"));
        // page 1: header wins (page=2); page 2: no header, so the body's link (page=99) is followed.
        assertEquals(List.of("GET /pets", "GET /pets?page=2", "GET /pets?page=99"), src.requests());
        // page 99 serves page 1's objects again: identical to an earlier page, so not handed out, and incomplete.
        assertEquals(List.of("a", "b"), r.ids());
        assertFalse(r.complete());
    }

    @Test
    void emptyCollectionIsOneEmptyCompletePage() {
        src.style("empty", Style.NEXT_LINK);
        Listings.Result r = readAll(settings(src, "empty"));
        assertEquals(1, r.pages().size());
        assertTrue(r.ids().isEmpty());
        assertTrue(r.complete());
    }

    // ---------------------------------------------------------------- guards

    @Test
    void identicalPageMakesTheListingIncomplete() {
        src.generate("pets", 30);
        src.style("pets", Style.PAGE).ignorePaging("pets").totals("pets", false);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.PAGE).withPageSize(10));
        assertEquals(ids(10), r.ids());
        assertEquals(1, r.pages().size(), "the repeated page is not handed out");
        assertEquals(2, src.requestCount("GET"));
        assertFalse(r.complete());
        assertTrue(r.error().contains("page 2 is identical to an earlier page"), r.error());
        assertTrue(r.error().contains("pagination: none"), "names the fix: " + r.error());
    }

    @Test
    void identicalObjectsWithADifferentNextLinkAreIncompleteToo() {
        src.generate("pets", 30);
        src.style("pets", Style.NEXT_LINK).ignorePaging("pets");
        // The body's "next" is computed from the request (page 2 → links to page 3 …), but the objects repeat.
        src.respond("pets", req -> {
            int page = req.param("page") == null ? 1 : Integer.parseInt(req.param("page"));
            ObjectNode body = TestJson.obj("next", "/pets?page=" + (page + 1));
            body.set("results", TestJson.MAPPER.valueToTree(src.all("pets").subList(0, 10)));
            return Response.json(200, body);
        });
        Listings.Result r = readAll(settings(src, "pets"));
        assertEquals(1, r.pages().size());
        assertFalse(r.complete());
        assertTrue(r.error().contains("identical to an earlier page"), r.error());
    }

    @Test
    void cycleOfNextLinksMakesTheListingIncomplete() {
        src.respond("pets", req -> {
            String page = req.param("page") == null ? "1" : req.param("page");
            String next = switch (page) {
                case "1" -> "/pets?page=2";
                case "2" -> "/pets?page=3";
                default -> "/pets?page=2"; // back to a page seen before
            };
            ObjectNode body = TestJson.obj("next", next);
            body.set("results", TestJson.MAPPER.createArrayNode().add(TestJson.obj("id", "p" + page)));
            return Response.json(200, body);
        });
        Listings.Result r = readAll(settings(src, "pets"));
        assertEquals(List.of("p1", "p2", "p3"), r.ids());
        assertEquals(3, src.requestCount("GET"), "the visited page is not requested again");
        assertFalse(r.complete());
        assertTrue(r.error().contains("which was read before in this listing (a cycle of next links)"), r.error());
    }

    @Test
    void selfLinkIsACycle() {
        src.respond("pets", req -> Response.json(200, "{\"results\":[{\"id\":1}],\"next\":\"/pets\"}"));
        Listings.Result r = readAll(settings(src, "pets"));
        assertEquals(1, src.requestCount("GET"));
        assertFalse(r.complete());
        assertTrue(r.error().contains("a cycle of next links"), r.error());
    }

    @Test
    void moreThanMaxPagesIsAnIncompleteListing() {
        src.generate("pets", 50);
        src.style("pets", Style.NEXT_LINK);
        try (SourceClient client = new SourceClient(settings(src, "pets").withMaxPages(3));
             SourceListing listing = client.listing()) {
            for (int i = 0; i < 3; i++) {
                assertTrue(listing.hasNext());
                listing.next();
            }
            assertTrue(listing.hasNext(), "the failure is the next element");
            SourceException e = assertThrows(SourceException.class, listing::next);
            assertTrue(e.getMessage().contains("more than 3 pages"), e.getMessage());
            assertTrue(e.getMessage().startsWith("source 'pets': GET " + src.uri("pets?page=4")), e.getMessage());
            assertFalse(listing.hasNext());
            assertFalse(listing.complete());
            assertThrows(NoSuchElementException.class, listing::next);
        }
        assertEquals(3, src.requestCount("GET"), "page 4 is never requested");
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void fetchesTheNextPageWhileTheCallerWorksButNoFurther() throws Exception {
        src.generate("pets", 40);
        src.style("pets", Style.NEXT_LINK);
        try (SourceClient client = new SourceClient(settings(src, "pets"));
             SourceListing listing = client.listing()) {
            SourcePage first = listing.next();
            assertEquals(1, first.number());
            assertTrue(src.awaitRequests("GET", 2, Duration.ofSeconds(2)), "page 2 is requested without asking");
            Thread.sleep(150); // a slow consumer
            assertEquals(List.of("GET /pets", "GET /pets?page=2"), src.requests(), "never two pages ahead");
            listing.next();
            assertTrue(src.awaitRequests("GET", 3, Duration.ofSeconds(2)));
            Thread.sleep(100);
            assertEquals(3, src.requestCount("GET"));
            assertEquals(2, listing.pagesRead());
        }
    }

    @Test
    void firstPageIsRequestedAsSoonAsTheListingExists() throws Exception {
        src.generate("pets", 3);
        try (SourceClient client = new SourceClient(settings(src, "pets"));
             SourceListing listing = client.listing()) {
            assertTrue(src.awaitRequests("GET", 1, Duration.ofSeconds(2)));
            assertEquals(0, listing.pagesRead());
        }
    }

    @Test
    void closeCancelsTheSlowPrefetch() throws Exception {
        src.generate("pets", 30);
        src.delayPage("pets", 2, Duration.ofSeconds(2));
        long start = System.nanoTime();
        try (SourceClient client = new SourceClient(settings(src, "pets"));
             SourceListing listing = client.listing()) {
            listing.next();
            // Wait until page 2 is really in flight (else it could reach the server during the next test).
            assertTrue(src.awaitRequests("GET", 2, Duration.ofSeconds(2)));
            listing.close();
            assertFalse(listing.hasNext());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500, "close does not wait for the page");
    }

    @Test
    void pageUriIsTheRequestedOne() {
        src.generate("pets", 12);
        Listings.Result r = readAll(settings(src, "pets"));
        assertEquals(URI.create(src.url("pets")), r.pages().get(0).uri());
    }

    @Test
    void aPageSizeAboveTheServersMaximumIsAskedAgainAtTheMaximum() {
        src.generate("pets", 60);
        src.style("pets", Style.PAGE);
        src.respond("pets", req -> req.param("pageSize") != null && Integer.parseInt(req.param("pageSize")) > 25
                ? Response.json(400, "{\"error\":\"pageSize must be <= 25\"}") : null);
        Listings.Result r = readAll(settings(src, "pets").withPagination(Pagination.PAGE).withPageSize(100));
        assertTrue(r.complete(), String.valueOf(r.error()));
        assertEquals(ids(60), r.ids());
        assertEquals(3, r.pages().size(), "pages of 25");
    }
}
