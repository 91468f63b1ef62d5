package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Request;
import io.gatewaysync.testsupport.TestSource.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Complete means proven, end to end, for each way a source lies about its listing (issue 27's table): the
 * source is first synced completely, then lies for one run — that run ends PARTIAL and deletes nothing
 * even with {@code confirmGone: false} (so no item URL can save an object) — and the next honest run
 * completes with nothing lost and nothing doubled. The real third-party servers behind a lying proxy are
 * in RealServerListingTest; these are the same lies on the project's own test source, one per strategy.
 */
class ListingProofTest extends EngineTest {

    private static final int N = 60;
    private static final int SIZE = 10;

    /** What the source does this run: null = honest. */
    private volatile Function<Request, Response> lie;
    private TestSource elsewhere;

    @AfterEach
    void closeElsewhere() {
        if (elsewhere != null) {
            elsewhere.close();
        }
    }

    // ------------------------------------------------------------------ next links (body) with a total

    @Test
    void aNextLinkBackToAPageAlreadyReadIsIncomplete() {
        nextLinks(true);
        lie = req -> page(req, p -> p == 3 ? "2" : next(p));
        lyingRunDeletesNothing("which was read before in this listing (a cycle of next links)");
    }

    @Test
    void aNextLinkToAnotherOriginIsIncomplete() {
        nextLinks(true);
        elsewhere = TestSource.start();
        elsewhere.respond("pets", req -> Response.json(200, "{\"results\":[],\"next\":null}"));
        lie = req -> {
            Response r = page(req, ListingProofTest::next);
            return pageNumber(req) == 3 ? honestPage(3, elsewhere.url("pets"), N) : r;
        };
        lyingRunDeletesNothing("another origin than the source's");
        assertEquals(0, elsewhere.requestCount("GET"), "the other origin is never asked");
    }

    @Test
    void aNextLinkToAnAllowedOriginIsFollowed() {
        elsewhere = TestSource.start();
        // Pages 4-6 live on another host, which the route allows.
        elsewhere.respond("pets", req -> honestPageOf(pageNumber(req) + 3, source));
        source = TestSource.start();
        source.generate("pets", N);
        source.respond("pets", req -> pageNumber(req) == 3 ? honestPage(3, elsewhere.url("pets"), N)
                : honestPageOf(pageNumber(req), source));
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "next-link",
                "confirmGone", "false", "allowedOrigins", elsewhere.url("").replaceAll("/+$", "")).start();
        RunResult first = engine.sync("pets");
        assertEquals(RunStatus.OK, first.status(), first.line());
        assertEquals(N, first.created(), first.line());
    }

    @Test
    void aLastPageWithoutANextLinkShortOfTheStatedTotalIsIncomplete() {
        nextLinks(true);
        lie = req -> page(req, p -> p == 3 ? null : next(p));
        lyingRunDeletesNothing("the listing states 60 objects but ended after 30");
    }

    @Test
    void aTotalThatGrowsWhileTheListingIsReadIsReadAgainNotALie() {
        nextLinks(true);
        // An object is added at the end while the listing is on page 3: page 6 states 61 after the fact,
        // but was read before the 61st object had a page: the last page is read again and has a next link.
        source.respond("pets", req -> {
            if (pageNumber(req) == 3 && source.size("pets") == N) {
                source.put("pets", TestJson.obj("id", "61", "name", "late"));
            }
            return honestPageOf(pageNumber(req), source);
        });
        RunResult grown = engine.sync("pets");
        assertEquals(RunStatus.OK, grown.status(), grown.line());
        assertEquals(1, grown.created(), grown.line());
        assertEquals(N, grown.unchanged(), "the page read again counts only what is new on it: " + grown.line());
        assertEquals(N + 1, engine.gatewayObjects("pets").size());
    }

    // ------------------------------------------------------------------ cursor

    @Test
    void aCursorSourceThatServesPageOneAgainUnderAFreshTokenIsIncomplete() {
        source = TestSource.start();
        source.generate("pets", N);
        int[] fresh = {0};
        source.respond("pets", req -> {
            if (lie != null) { // ignores the token: page 1 again, under a token never seen
                return cursorPage(0, "t" + (++fresh[0] + 1000));
            }
            int from = req.param("cursor") == null ? 0 : Integer.parseInt(req.param("cursor"));
            return cursorPage(from, from + SIZE < N ? Integer.toString(from + SIZE) : null);
        });
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "cursor",
                "cursorPath", "meta.next_cursor", "confirmGone", "false").start();
        assertEquals(N, engine.sync("pets").created());
        lie = req -> null;
        lyingRunDeletesNothing("page 2 is identical to an earlier page");
    }

    // ------------------------------------------------------------------ item ranges

    @Test
    void aRangeTotalThatShrinksMidListingIsIncomplete() {
        ranges();
        lie = req -> {
            long[] r = range(req);
            long total = r[0] >= 20 ? 30 : N;
            return rangePage(r[0], Math.min(r[1], total - 1), total);
        };
        lyingRunDeletesNothing("the Content-Range total changed from 60 to 30");
    }

    @Test
    void a416BelowTheAnnouncedTotalIsIncomplete() {
        ranges();
        lie = req -> range(req)[0] >= 10 ? Response.status(416).withHeader("Content-Range", "items */" + N)
                : rangePage(0, 9, N);
        lyingRunDeletesNothing("the listing states 60 objects but ended after 10");
    }

    // ------------------------------------------------------------------ paging dialects of auto

    @Test
    void autoPagesAJsonApiListingWithoutLinksByPageNumber() {
        source = TestSource.start();
        source.generate("pets", N);
        source.respond("pets", req -> {
            int number = req.param("page[number]") == null ? 1 : Integer.parseInt(req.param("page[number]"));
            if (lie != null) {
                number = 1; // ignores the parameter
            }
            ArrayNode data = TestJson.MAPPER.createArrayNode();
            slice((number - 1) * SIZE).forEach(o -> data.add(TestJson.obj("type", "pets", "id", o.path("id").asText(),
                    "attributes", TestJson.obj("name", o.path("name").asText()))));
            ObjectNode body = TestJson.obj("data", data, "meta", TestJson.obj("page", TestJson.obj("number", number,
                    "size", SIZE, "totalPages", N / SIZE, "totalRecords", N)));
            return Response.json(200, body).withHeader("Content-Type", "application/vnd.api+json");
        });
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "confirmGone", "false").start();
        RunResult all = engine.sync("pets");
        assertEquals(N, all.created(), "auto reads every page, not the first of six: " + all.line());
        lie = req -> null;
        lyingRunDeletesNothing("identical to an earlier page");
    }

    @Test
    void autoPagesAFeathersListingBySkip() {
        source = TestSource.start();
        source.generate("pets", N);
        source.respond("pets", req -> {
            long skip = req.param("$skip") == null ? 0 : Long.parseLong(req.param("$skip"));
            ArrayNode data = TestJson.MAPPER.createArrayNode();
            slice((int) skip).forEach(data::add);
            boolean lying = lie != null && skip >= 30;
            return Response.json(200, TestJson.obj("total", lying ? 0 : N, "limit", SIZE, "skip", skip,
                    "data", lying ? TestJson.MAPPER.createArrayNode() : data));
        });
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "confirmGone", "false").start();
        RunResult all = engine.sync("pets");
        assertEquals(N, all.created(), all.line());
        // A source that answers an empty page with total 0 where 60 were stated (a filter, a failover to an
        // empty replica): the total the listing stated before is not reached.
        lie = req -> null;
        lyingRunDeletesNothing("the listing states");
    }

    // ------------------------------------------------------------------ helpers

    /** The run while the source lies: PARTIAL, the reason in the run's message, nothing deleted; then honest. */
    private void lyingRunDeletesNothing(String reason) {
        int before = engine.gatewayObjects("pets").size();
        RunResult lying = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, lying.status(), lying.line());
        assertEquals(0, lying.deleted(), lying.line());
        assertTrue(String.valueOf(lying.error()).contains(reason), "reason '" + reason + "' in: " + lying.error());
        assertEquals(before, engine.gatewayObjects("pets").size(), "nothing deleted");
        lie = null;
        RunResult honest = engine.sync("pets");
        assertEquals(RunStatus.OK, honest.status(), honest.line());
        assertEquals(0, honest.deleted(), honest.line());
        assertEquals(0, honest.created(), "nothing doubled: " + honest.line());
        Set<String> ids = new HashSet<>();
        engine.records("pets").forEach(r -> ids.add(r.sourceId()));
        assertEquals(before, ids.size());
        assertEquals(before, engine.gatewayObjects("pets").size());
    }

    /** 60 objects in pages of 10 linked by {"next"}, each page stating {"count": 60}; synced once. */
    private void nextLinks(boolean sync) {
        source = TestSource.start();
        source.generate("pets", N);
        source.respond("pets", req -> lie != null ? lie.apply(req) : honestPageOf(pageNumber(req), source));
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "next-link",
                "confirmGone", "false").start();
        if (sync) {
            RunResult first = engine.sync("pets");
            assertEquals(N, first.created(), first.line());
        }
    }

    private Response page(Request req, Function<Integer, String> nextPage) {
        int p = pageNumber(req);
        String n = nextPage.apply(p);
        return honestPage(p, n == null ? null : source.url("pets") + "?page=" + n, N);
    }

    private static String next(int page) {
        return page * SIZE < N ? Integer.toString(page + 1) : null;
    }

    private Response honestPageOf(int page, TestSource base) {
        String next = page * SIZE < base.size("pets") ? source.url("pets") + "?page=" + (page + 1) : null;
        return honestPage(page, next, base.size("pets"));
    }

    private Response honestPage(int page, String next, int total) {
        ArrayNode results = TestJson.MAPPER.createArrayNode();
        slice((page - 1) * SIZE).forEach(results::add);
        ObjectNode body = TestJson.obj("count", total, "results", results);
        body.put("next", next);
        return Response.json(200, body);
    }

    private List<ObjectNode> slice(int from) {
        List<ObjectNode> all = source.all("pets");
        return all.subList(Math.min(from, all.size()), Math.min(from + SIZE, all.size()));
    }

    private static int pageNumber(Request req) {
        return req.param("page") == null ? 1 : Integer.parseInt(req.param("page"));
    }

    private Response cursorPage(int from, String token) {
        ArrayNode data = TestJson.MAPPER.createArrayNode();
        slice(from).forEach(data::add);
        ObjectNode meta = TestJson.obj();
        meta.put("next_cursor", token);
        return Response.json(200, TestJson.obj("data", data, "meta", meta));
    }

    private void ranges() {
        source = TestSource.start();
        source.generate("pets", N);
        source.respond("pets", req -> {
            if (lie != null) {
                return lie.apply(req);
            }
            long[] r = range(req);
            if (r[0] >= N) {
                return Response.status(416).withHeader("Content-Range", "items */" + N);
            }
            return rangePage(r[0], Math.min(r[1], N - 1), N);
        });
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "range", "pageSize",
                Integer.toString(SIZE), "confirmGone", "false").start();
        RunResult first = engine.sync("pets");
        assertEquals(N, first.created(), first.line());
    }

    private static long[] range(Request req) {
        String[] r = req.header("Range").replace("items=", "").split("-");
        return new long[] {Long.parseLong(r[0].trim()), Long.parseLong(r[1].trim())};
    }

    private Response rangePage(long from, long to, long total) {
        ArrayNode items = TestJson.MAPPER.createArrayNode();
        List<ObjectNode> all = source.all("pets");
        for (long i = from; i <= to && i < all.size(); i++) {
            items.add(all.get((int) i));
        }
        return Response.json(206, items).withHeader("Content-Range", "items " + from + "-" + (from + items.size() - 1)
                + "/" + total);
    }
}
