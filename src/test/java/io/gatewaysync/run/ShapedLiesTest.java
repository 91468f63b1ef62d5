package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.LiesTest;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.LyingProxy.Lie;
import io.gatewaysync.testsupport.LyingProxy.Request;
import io.gatewaysync.testsupport.LyingProxy.Response;
import io.gatewaysync.testsupport.ShapedSource;
import io.gatewaysync.testsupport.ShapedSource.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rows of issue 27's table for the listing shapes no third-party server here speaks (cursor tokens,
 * {@code Range: items}, OData's nextLink and {@code @odata.count}, HAL's {@code count}): the project's own
 * {@link ShapedSource}, 60 objects in pages of 10, behind the same {@link LyingProxy}.
 */
class ShapedLiesTest extends LiesTest {

    static final int N = 60;
    ShapedSource source;
    LyingProxy proxy;

    @AfterEach
    void stopSource() {
        if (proxy != null) {
            proxy.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private void syncedCompletely(Shape shape, String... parameters) {
        source = ShapedSource.start(shape).pageSize(10);
        source.generate(N);
        proxy = LyingProxy.in(source.base());
        engineFor(proxy.url("/api/things"), parameters);
        syncsAll(N);
    }

    static Predicate<Request> listing(Predicate<Request> also) {
        return r -> r.method().equals("GET") && r.path().equals("/api/things") && also.test(r);
    }

    static Predicate<Request> range(String items) {
        return listing(r -> items.equals(r.header("Range")));
    }

    // ---- cursor ---------------------------------------------------------------------------------------

    @Test
    void aCursorSourceServingPage1AgainUnderAFreshTokenIsAnIdenticalPage() {
        syncedCompletely(Shape.CURSOR, "pagination", "cursor", "cursorPath", "meta.next_cursor");
        int[] fresh = {0};
        Lie lie = (request, upstream) -> request.param("cursor") != null && listing(r -> true).test(request)
                ? upstream.get(request, "/api/things").editJson(p -> ((ObjectNode) p.get("meta"))
                        .put("next_cursor", "fresh-" + (++fresh[0])))
                : upstream.forward(request);
        lyingRunDeletesNothing(proxy, lie, N, "identical");
    }

    @Test
    void aCursorServedBeforeIsACycle() {
        syncedCompletely(Shape.CURSOR, "pagination", "cursor", "cursorPath", "meta.next_cursor");
        String second = honestCursorAfterFirstPage();
        Lie lie = Lie.bend(listing(r -> r.param("cursor") != null && !second.equals(r.param("cursor"))),
                r -> r.editJson(p -> ((ObjectNode) p.get("meta")).put("next_cursor", second)));
        lyingRunDeletesNothing(proxy, lie, N, "cursor");
    }

    private String honestCursorAfterFirstPage() {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(proxy.url("/api/things"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return io.gatewaysync.testsupport.TestJson.parse(r.body()).path("meta").path("next_cursor").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Range: items -----------------------------------------------------------------------------------

    @Test
    void aRangeTotalThatShrinksMidListingIsIncomplete() {
        syncedCompletely(Shape.RANGE, "pagination", "range", "pageSize", "10");
        Lie lie = Lie.bend(range("items=20-29"), r -> r.withHeader("Content-Range", "items 20-29/30"));
        lyingRunDeletesNothing(proxy, lie, N, "changed");
    }

    @Test
    void a416BelowTheAnnouncedTotalIsIncomplete() {
        syncedCompletely(Shape.RANGE, "pagination", "range", "pageSize", "10");
        Lie lie = Lie.serve(range("items=10-19"), (request, upstream) -> new Response(416,
                Map.of("Content-Type", "application/json", "Content-Range", "items */60"), "{\"message\":\"Requested range not satisfiable\"}"));
        lyingRunDeletesNothing(proxy, lie, N, "60");
    }

    // ---- OData --------------------------------------------------------------------------------------------

    static Predicate<Request> skip(int n) {
        return listing(r -> String.valueOf(n).equals(r.param("$skip")));
    }

    @Test
    void anODataNextLinkBackToAPageReadBeforeIsACycle() {
        syncedCompletely(Shape.ODATA);
        Lie lie = Lie.bend(skip(20), r -> r.editJson(p -> p.put("@odata.nextLink", proxy.url("/api/things?$skip=10"))));
        lyingRunDeletesNothing(proxy, lie, N, "cycle");
    }

    @Test
    void anODataPageWithoutNextLinkWhileODataCountSays60EndsShortUnderNextLink() {
        syncedCompletely(Shape.ODATA, "pagination", "next-link", "nextPath", "['@odata.nextLink']");
        Lie lie = Lie.bend(skip(20), r -> r.editJson(p -> p.remove("@odata.nextLink")));
        lyingRunDeletesNothing(proxy, lie, N, "states 60");
    }

    @Test
    void anODataNextLinkToAnotherOriginIsNotFollowed() {
        try (LyingProxy foreign = LyingProxy.answering(Response.json(200, "{\"@odata.count\":30,\"value\":[]}"))) {
            syncedCompletely(Shape.ODATA);
            Lie lie = Lie.bend(skip(20), r -> r.editJson(p -> p.put("@odata.nextLink", foreign.url("/api/things?$skip=30"))));
            lyingRunDeletesNothing(proxy, lie, N, "another origin");
            assertEquals(0, foreign.requests().size());
        }
    }

    /** An OData server that gives no nextLink at all, only {@code @odata.count}: auto pages by {@code $skip}. */
    @Test
    void anODataServerWithoutNextLinksIsPagedBy$skip() {
        source = ShapedSource.start(Shape.ODATA).pageSize(10);
        source.generate(N);
        proxy = LyingProxy.in(source.base()).variant(r -> r.body().startsWith("{")
                ? r.editJson(p -> p.remove("@odata.nextLink")) : r);
        engineFor(proxy.url("/api/things"));
        RunResult run = syncsAll(N);
        assertEquals(6, run.pages(), run.line());
    }

    // ---- HAL count -------------------------------------------------------------------------------------

    @Test
    void aHalPageWithoutNextWhileCountSays60EndsShort() {
        syncedCompletely(Shape.HAL);
        Lie lie = Lie.bend(listing(r -> "3".equals(r.param("page"))), r -> r.editJson(p -> ((ObjectNode) p.get("_links")).remove("next")));
        lyingRunDeletesNothing(proxy, lie, N, "states 60");
    }
}
