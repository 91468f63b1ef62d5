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
        server = RealServer.start(RealServer.Kind.JSON_SERVER, N);
        proxy = LyingProxy.in(server.origin());
    }

    @AfterAll
    static void stopServer() {
        proxy.close();
        server.close();
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
