package io.gatewaysync.source;

import io.gatewaysync.source.http.RetryPolicy;
import io.gatewaysync.source.paging.Pagination;

import io.gatewaysync.testsupport.RefusingPort;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TestSource.Style;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatewaysync.source.Listings.ids;
import static io.gatewaysync.source.Listings.readAll;
import static io.gatewaysync.source.Listings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, transient and permanent faults, and what a failed listing looks like to its caller. */
class SourceFaultsTest {

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
        src.generate("pets", 35);
    }

    /** Reads until the listing ends or fails; returns the pages read and the failure (or null). */
    private static Outcome read(SourceSettings s) {
        List<SourcePage> pages = new ArrayList<>();
        try (SourceClient client = new SourceClient(s); SourceListing listing = client.listing()) {
            try {
                while (listing.hasNext()) {
                    pages.add(listing.next());
                }
            } catch (SourceException e) {
                assertFalse(listing.hasNext(), "a failed listing has nothing more");
                assertFalse(listing.complete());
                return new Outcome(pages, e);
            }
            assertTrue(listing.complete());
            return new Outcome(pages, null);
        }
    }

    private record Outcome(List<SourcePage> pages, SourceException error) {
        List<String> ids() {
            return pages.stream().flatMap(p -> p.objects().stream()).map(SourceObject::id).toList();
        }
    }

    @Test
    void eachPageFailingOnceStillGivesACompleteListing() {
        src.style("pets", Style.NEXT_LINK).failEachPageOnce("pets", 503);
        Outcome o = read(settings(src, "pets"));
        assertEquals(null, o.error());
        assertEquals(ids(35), o.ids());
        assertEquals(8, src.requestCount("GET"), "4 pages, each twice");
    }

    @Test
    void eachPageFailingOnceWith500AndPagePagination() {
        src.style("pets", Style.PAGE).failEachPageOnce("pets", 500);
        Outcome o = read(settings(src, "pets").withPagination(Pagination.PAGE).withPageSize(10));
        assertEquals(null, o.error());
        assertEquals(ids(35), o.ids());
    }

    @Test
    void permanentFailureNamesSourceMethodUrlStatusAndAttempts() {
        src.style("pets", Style.NEXT_LINK).failPage("pets", 3, 500);
        Outcome o = read(settings(src, "pets"));
        assertEquals(ids(20), o.ids(), "the pages before the failure were handed out");
        SourceException e = o.error();
        assertEquals(500, e.status());
        assertTrue(e.transientFault());
        assertEquals(src.uri("pets?page=3"), e.uri());
        assertEquals("pets", e.source());
        assertTrue(e.getMessage().startsWith("source 'pets': GET " + src.uri("pets?page=3") + ": HTTP 500 after 4 attempts: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("injected fault"), "carries the start of the error body: " + e.getMessage());
        assertEquals(2 + 4, src.requestCount("GET"));
    }

    @Test
    void clientErrorsAreNotRetried() {
        src.style("pets", Style.NEXT_LINK).failPage("pets", 2, 403);
        Outcome o = read(settings(src, "pets"));
        assertEquals(403, o.error().status());
        assertFalse(o.error().transientFault());
        assertTrue(o.error().getMessage().contains(": HTTP 403: "), o.error().getMessage());
        assertEquals(2, src.requestCount("GET"));
    }

    @Test
    void errorBodyIsCutTo200Characters() {
        src.respond("pets", req -> Response.json(400, "{\"error\":\"" + "x".repeat(5000) + "\"}"));
        SourceException e = read(settings(src, "pets")).error();
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertTrue(e.getMessage().endsWith("…"));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        src.style("pets", Style.NEXT_LINK).failPage("pets", 2, 429, 1).retryAfter("1");
        long start = System.nanoTime();
        Outcome o = read(settings(src, "pets").withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(5))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(null, o.error());
        assertEquals(ids(35), o.ids());
        assertTrue(millis >= 950, "waited the second Retry-After asked for, not 1 ms: " + millis);
    }

    @Test
    void retryAfterIsCappedByMaxBackoff() {
        src.style("pets", Style.NEXT_LINK).failPage("pets", 1, 429, 2).retryAfter("3600");
        long start = System.nanoTime();
        Outcome o = read(settings(src, "pets").withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(50))));
        assertEquals(null, o.error());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000);
    }

    @Test
    void tooManyRequestsForeverIsTransient() {
        src.style("pets", Style.NEXT_LINK).failPage("pets", 1, 429);
        SourceException e = read(settings(src, "pets")).error();
        assertEquals(429, e.status());
        assertTrue(e.transientFault());
        assertEquals(4, src.requestCount("GET"));
    }

    @Test
    void droppedConnectionOnceIsRetried() {
        src.style("pets", Style.NEXT_LINK).dropConnectionOnPage("pets", 2, 1);
        Outcome o = read(settings(src, "pets"));
        assertEquals(null, o.error());
        assertEquals(ids(35), o.ids());
    }

    @Test
    void droppedConnectionForeverFailsWithoutStatus() {
        src.style("pets", Style.NEXT_LINK).dropConnectionOnPage("pets", 2);
        Outcome o = read(settings(src, "pets"));
        assertEquals(ids(10), o.ids());
        SourceException e = o.error();
        assertEquals(0, e.status());
        assertTrue(e.transientFault());
        assertTrue(e.getMessage().startsWith("source 'pets': GET " + src.uri("pets?page=2") + ": connection failed"),
                e.getMessage());
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
    }

    @Test
    void slowPageTimesOutAndIsRetried() {
        src.style("pets", Style.NEXT_LINK).delayPage("pets", 2, Duration.ofMillis(700));
        SourceSettings s = settings(src, "pets").withTimeout(Duration.ofMillis(200))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)));
        SourceException e = read(s).error();
        assertTrue(e.getMessage().contains("no response within 200 ms after 2 attempts"), e.getMessage());
        assertTrue(e.transientFault());
    }

    @Test
    void refusedConnectionIsRetriedThenReported() throws IOException {
        try (RefusingPort gone = new RefusingPort()) {
            SourceSettings s = SourceSettings.of("gone", gone.url("/pets"))
                    .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)));
            SourceException e = read(s).error();
            assertTrue(e.getMessage().startsWith("source 'gone': GET " + gone.url("/pets") + ": connection refused"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertTrue(e.transientFault());
        }
    }

    @Test
    void truncatedJsonSaysWhereItBroke() {
        src.style("pets", Style.NEXT_LINK).truncatePage("pets", 2);
        Outcome o = read(settings(src, "pets"));
        assertEquals(ids(10), o.ids());
        SourceException e = o.error();
        assertTrue(e.getMessage().startsWith("source 'pets': GET " + src.uri("pets?page=2") + ": malformed JSON at line 1 column "),
                e.getMessage());
        assertFalse(e.transientFault());
        assertEquals(2, src.requestCount("GET"), "a complete response with bad JSON is not retried");
    }

    @Test
    void missingListIsAnError() {
        src.respond("pets", req -> Response.json(200, "{\"message\":\"maintenance\"}"));
        SourceException e = read(settings(src, "pets").withResultsPath("results")).error();
        assertTrue(e.getMessage().contains("no list of objects at 'results'"), e.getMessage());
    }

    @Test
    void retriesWaitLongerEachTime() {
        AtomicInteger calls = new AtomicInteger();
        List<Long> at = new ArrayList<>();
        src.respond("pets", req -> {
            synchronized (at) {
                at.add(System.nanoTime());
            }
            return calls.incrementAndGet() < 4 ? Response.status(502) : Response.json(200, "[]");
        });
        Outcome o = read(settings(src, "pets").withRetry(new RetryPolicy(4, Duration.ofMillis(40), Duration.ofSeconds(1))));
        assertEquals(null, o.error());
        long first = (at.get(1) - at.get(0)) / 1_000_000;
        long third = (at.get(3) - at.get(2)) / 1_000_000;
        assertTrue(first >= 40 && first < 200, "first wait ~40-60 ms: " + first);
        assertTrue(third >= 160, "third wait ~160-240 ms: " + third);
    }

    @Test
    void notImplementedIsNotRetried() {
        src.respond("pets", req -> Response.status(501));
        SourceException e = read(settings(src, "pets")).error();
        assertEquals(501, e.status());
        assertFalse(e.transientFault());
        assertEquals(1, src.requestCount("GET"));
    }

    @Test
    void redirectsAreFollowedForListings() {
        src.generate("cats", 3);
        src.respond("pets", req -> Response.status(301).withHeader("Location", "/cats"));
        src.style("cats", Style.NONE);
        assertEquals(ids(3), readAll(settings(src, "pets")).ids());
        assertEquals(List.of("GET /pets", "GET /cats"), src.requests());
    }
}
