package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.LiesTest;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.LyingProxy.Lie;
import io.gatewaysync.testsupport.LyingProxy.Request;
import io.gatewaysync.testsupport.LyingProxy.Response;
import io.gatewaysync.testsupport.RealServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * json-server 0.17.4 (a real npm server: {@code _page}/{@code _limit}, a Link header with first, prev,
 * next and last, {@code X-Total-Count}), 60 objects in 6 pages of 10, made to lie by a proxy in front of it.
 */
class JsonServerLiesTest extends LiesTest {

    static final int N = 60;
    static RealServer server;
    static LyingProxy proxy;

    @BeforeAll
    static void startServer() {
        server = RealServer.shared(RealServer.Kind.JSON_SERVER, N);
        proxy = LyingProxy.in(server.origin());
    }

    @AfterAll
    static void stopServer() {
        proxy.close(); // the server is shared with other classes: stopped when the JVM ends
    }

    static Predicate<Request> page(int n) {
        return r -> r.method().equals("GET") && r.path().equals("/things") && String.valueOf(n).equals(r.param("_page"));
    }

    private void syncedCompletely(String... parameters) {
        proxy.clearRequests();
        engineFor(proxy.url("/things?_page=1&_limit=10"), parameters);
        RunResult first = syncsAll(N);
        assertEquals(6, first.pages(), first.line());
    }

    @Test
    void autoAndLinkHeaderBothSyncAllSixtyThroughTheLinkHeader() {
        syncedCompletely("pagination", "auto");
        engine.close();
        engineFor(proxy.url("/things?_page=1&_limit=10"), "pagination", "link-header");
        assertEquals(N, syncsAll(N).unchanged());
    }

    /**
     * Not a lie, a trap: json-server given {@code _limit} without {@code _page} slices the first 10 and sends no
     * Link header, only X-Total-Count 60. The listing ends after one page below its total: PARTIAL, nothing deleted.
     */
    @Test
    void aUrlWithLimitButNoPageEndsBelowXTotalCount() {
        syncedCompletely("pagination", "auto");
        engine.close();
        engineFor(proxy.url("/things?_limit=10"));
        RunResult run = engine.sync(SOURCE);
        assertEquals(io.gatewaysync.sync.RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.deleted(), run.line());
        assertTrue(run.error() != null && run.error().contains("states 60"), run.error());
        assertEquals(N, engine.gatewayObjects(SOURCE).size());
    }

    @Test
    void page2AnsweredWithPage1UnderItsOwnNextLinkIsAnIdenticalPage() {
        syncedCompletely("pagination", "link-header");
        Lie lie = (request, upstream) -> page(2).test(request)
                ? upstream.forward(request).withBody(upstream.get(request, "/things?_page=1&_limit=10").body())
                : upstream.forward(request);
        lyingRunDeletesNothing(proxy, lie, N, "identical");
    }

    @Test
    void page3sNextLinkBackToPage2IsACycle() {
        syncedCompletely("pagination", "link-header");
        Lie lie = Lie.bend(page(3), r -> r.replace("_page=4&_limit=10>; rel=\"next\"", "_page=2&_limit=10>; rel=\"next\""));
        lyingRunDeletesNothing(proxy, lie, N, "cycle");
    }

    @Test
    void page3sNextLinkToAnotherOriginIsNotFollowedAndGetsNoCredentials() {
        try (LyingProxy foreign = LyingProxy.answering(new Response(200, Map.of("Content-Type", "application/json",
                "X-Total-Count", "0"), "[]"))) {
            syncedCompletely("pagination", "link-header", "auth", "bearer", "token", "s3cret");
            Lie lie = Lie.bend(page(3), r -> r.replace(proxy.origin() + "/things?_page=4", foreign.origin() + "/things?_page=4"));
            lyingRunDeletesNothing(proxy, lie, N, "another origin");
            assertEquals(0, foreign.requests().size(), "not followed");
            assertTrue(proxy.requests().stream().allMatch(r -> "Bearer s3cret".equals(r.header("Authorization"))));
        }
    }

    @Test
    void anAllowedOtherOriginAnsweringAnEmptyLastPageStillFallsShortOfTheTotal() {
        try (LyingProxy foreign = LyingProxy.answering(new Response(200, Map.of("Content-Type", "application/json"), "[]"))) {
            syncedCompletely("pagination", "link-header", "auth", "bearer", "token", "s3cret",
                    "allowedOrigins", foreign.origin());
            Lie lie = Lie.bend(page(3), r -> r.replace(proxy.origin() + "/things?_page=4", foreign.origin() + "/things?_page=4"));
            lyingRunDeletesNothing(proxy, lie, N, "states 60");
            assertEquals(1, foreign.requests().size(), "followed, as allowed");
            assertEquals(null, foreign.requests().get(0).header("Authorization"), "credentials never go to another origin");
        }
    }

    @Test
    void page3WithoutANextLinkWhileXTotalCountSays60EndsShort() {
        syncedCompletely("pagination", "link-header");
        Lie lie = Lie.bend(page(3), r -> r.withHeader("Link", r.header("Link")
                .replace(", <" + proxy.origin() + "/things?_page=4&_limit=10>; rel=\"next\"", "")));
        lyingRunDeletesNothing(proxy, lie, N, "states 60");
    }

    @Test
    void page3WithoutANextLinkUnderAutoEndsShortToo() {
        syncedCompletely("pagination", "auto");
        Lie lie = Lie.bend(page(3), r -> r.withHeader("Link", null));
        lyingRunDeletesNothing(proxy, lie, N, "states 60");
    }

    /**
     * An object really added while the listing is read: the last page first states 61 without a next link
     * (counted after the add, paged before it), so it is read again; now it points on to page 7 with the
     * new object, and the listing is complete with 61.
     */
    @Test
    void aTotalThatGrewOnTheLastPageGetsThatPageReadAgainAndTheNewObjectIsSynced() {
        syncedCompletely("pagination", "link-header");
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        proxy.lie((request, upstream) -> {
            Response honest = upstream.forward(request);
            if (page(6).test(request) && reads.incrementAndGet() == 1) {
                restore(new Request("POST", "/things", Map.of(), "{\"id\":61,\"name\":\"thing 61\"}"));
                return honest.withHeader("X-Total-Count", "61").withHeader("Link", honest.header("Link")
                        .replaceAll(", <[^>]*>; rel=\"next\"", ""));
            }
            return honest;
        });
        try {
            RunResult run = engine.sync(SOURCE);
            assertEquals(io.gatewaysync.sync.RunStatus.OK, run.status(), run.line() + " " + run.error());
            assertEquals(1, run.created(), run.line());
            assertEquals(0, run.deleted() + run.failed(), run.line());
            assertEquals(N + 1, engine.gatewayObjects(SOURCE).size());
            assertEquals(2, reads.get(), "the last page read again once");
        } finally {
            proxy.honest();
            java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/61")).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).join();
        }
    }

    /** The last page states 61 once and 60 when read again: the largest total counts, so the end is not proven. */
    @Test
    void aTotalThatGrewAndFellBackIsIncomplete() {
        syncedCompletely("pagination", "link-header");
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        lyingRunDeletesNothing(proxy, Lie.bend(page(6), r -> reads.incrementAndGet() == 1
                ? r.withHeader("X-Total-Count", "61") : r), N, "states 61");
        assertEquals(2, reads.get(), "the last page read again once");
    }

    /** A total above the objects that stays so however often the last page is read: incomplete, after two re-reads. */
    @Test
    void aTotalThatStaysAboveTheListingAfterTheRereadsIsIncomplete() {
        syncedCompletely("pagination", "link-header");
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        lyingRunDeletesNothing(proxy, Lie.bend(page(6), r -> {
            reads.incrementAndGet();
            return r.withHeader("X-Total-Count", "61");
        }), N, "states 61");
        assertEquals(1 + io.gatewaysync.source.ListingEvidence.MAX_REREADS, reads.get(), "read, then re-read twice");
    }

    /**
     * Not a lie: five objects deleted at the source while page 1 is being processed. Pages are positions,
     * so page 2 now starts at object 16 and 11-15, which still exist, are never listed; the Link header
     * and X-Total-Count (55 from page 2 on) agree with that. The total changed mid-listing (60, then 55):
     * the end is contradicted, and nothing that still exists may be deleted.
     */
    @Test
    void objectsDeletedMidListingShiftThePagesAndNothingThatStillExistsIsDeleted() {
        syncedCompletely("pagination", "link-header");
        try {
            proxy.lie((request, upstream) -> {
                if (page(2).test(request) && upstream.get(request, "/things/1").status() == 200) {
                    for (int id = 1; id <= 5; id++) {
                        upstream.forward(new Request("DELETE", "/things/" + id, Map.of(), ""));
                    }
                }
                return upstream.forward(request);
            });
            RunResult run = engine.sync(SOURCE);
            proxy.honest();
            for (int id = 6; id <= N; id++) {
                assertTrue(engine.record(SOURCE, Integer.toString(id)) != null,
                        "object " + id + " still exists at the source: " + run.line());
            }
        } finally {
            proxy.honest();
            for (int id = 1; id <= 5; id++) { // back, at the end of the array (json-server appends)
                LyingProxy.Request post = new Request("POST", "/things", Map.of("content-type", "application/json"),
                        "{\"id\":" + id + ",\"name\":\"thing " + id + "\"}");
                restore(post);
            }
        }
    }

    private static void restore(Request post) {
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.origin() + post.target())).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(post.body())).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException("could not restore " + post.body(), e);
        }
    }

    @Test
    void moreThanMaxPagesIsIncomplete() {
        syncedCompletely("pagination", "link-header");
        engine.close();
        engineFor(proxy.url("/things?_page=1&_limit=10"), "pagination", "link-header", "maxPages", "4");
        // honest server, a bound too low: the listing is cut by the engine's own guard
        lyingRunDeletesNothingThenRaise();
    }

    private void lyingRunDeletesNothingThenRaise() {
        RunResult cut = engine.sync(SOURCE);
        assertEquals(io.gatewaysync.sync.RunStatus.PARTIAL, cut.status(), cut.line());
        assertEquals(0, cut.deleted(), cut.line());
        assertTrue(cut.error() != null && cut.error().contains("maxPages"), cut.error());
        assertEquals(N, engine.gatewayObjects(SOURCE).size());
        engine.close();
        engineFor(proxy.url("/things?_page=1&_limit=10"), "pagination", "link-header", "maxPages", "6");
        assertEquals(N, syncsAll(N).unchanged());
    }

    /** The command line's own exit code: 1 for the lying run, 0 for the honest one after it, nothing deleted. */
    @Test
    void theCommandLineExits1WhileItLiesAnd0After() {
        syncedCompletely("pagination", "link-header");
        Map<String, String> overrides = engine.overrides();
        engine.close();
        engine = null;
        proxy.lie(Lie.bend(page(3), r -> r.withHeader("Link", null)));
        EngineHarness.CliRun lying;
        try {
            lying = EngineHarness.cli(overrides, "--once");
        } finally {
            proxy.honest();
        }
        assertEquals(1, lying.code(), lying.out() + lying.err());
        assertTrue(lying.out().contains("status=PARTIAL") && lying.out().contains("deleted=0"), lying.out());
        EngineHarness.CliRun honest = EngineHarness.cli(overrides, "--once");
        assertEquals(0, honest.code(), honest.out() + honest.err());
        assertTrue(honest.out().contains("status=OK created=0 updated=0 deleted=0 unchanged=60"), honest.out());
    }
}
