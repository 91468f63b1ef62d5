package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Request;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TestSource.Style;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pagination style end to end through the engine (shipped template, real HTTP source, embedded
 * gateway on H2): the first run creates all objects spread over several pages, the second finds them
 * all unchanged, and an object deleted at the source is deleted from the gateway.
 */
class PaginationStylesTest {

    /** 11 objects, 4 per page: three pages, the last one short. */
    static final int N = 11;
    static final int PAGE_SIZE = 4;

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    @BeforeEach
    void startSource() {
        source = TestSource.start();
        source.generate("pets", N);
        source.pageSize("pets", PAGE_SIZE);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        source.close();
    }

    @Test
    void none() {
        source.style("pets", Style.NONE);
        roundTrip(source.url("/pets"), 1, "pagination", "none");
    }

    @Test
    void pageNumbersWithTheDefaultParameterNames() {
        source.style("pets", Style.PAGE);
        roundTrip(source.url("/pets"), 3, "pagination", "page", "pageSize", "4");
        assertListRequestsCarry("page", "pageSize");
    }

    @Test
    void pageNumbersWithCustomParameterNamesAndAQueryOfTheUrl() {
        source.style("pets", Style.PAGE).pageParams("pets", "p", "per_page");
        // The URL's own page parameter is replaced, its other parameters kept.
        roundTrip(source.url("/pets?species=dog&p=7"), 3, "pagination", "page", "pageParam", "p",
                "pageSizeParam", "per_page", "pageSize", "4");
        assertListRequestsCarry("p", "per_page", "species");
        assertTrue(source.requests().contains("GET /pets?species=dog&p=3&per_page=4"), source.requests().toString());
    }

    @Test
    void pageNumbersWithoutATotalEndAtTheFirstEmptyPage() {
        source.style("pets", Style.PAGE).totals("pets", false);
        // Pages 1-3 carry objects, page 4 is empty and ends the listing; it is counted as a page read.
        roundTrip(source.url("/pets"), 4, "pagination", "page", "pageSize", "4");
    }

    @Test
    void offsetWithTheDefaultParameterNames() {
        source.style("pets", Style.OFFSET);
        roundTrip(source.url("/pets"), 3, "pagination", "offset", "pageSize", "4");
        assertListRequestsCarry("offset", "limit");
        assertTrue(source.requests().contains("GET /pets?offset=8&limit=4"), source.requests().toString());
    }

    @Test
    void offsetWithCustomParameterNames() {
        source.style("pets", Style.OFFSET).offsetParams("pets", "skip", "take");
        roundTrip(source.url("/pets"), 3, "pagination", "offset", "offsetParam", "skip", "limitParam", "take",
                "pageSize", "4");
        assertListRequestsCarry("skip", "take");
    }

    @Test
    void nextLinkAbsolute() {
        source.style("pets", Style.NEXT_LINK);
        roundTrip(source.url("/pets"), 3, "pagination", "next-link");
    }

    @Test
    void nextLinkRelative() {
        source.style("pets", Style.NEXT_LINK).relativeNextLinks("pets", true);
        roundTrip(source.url("/pets"), 3, "pagination", "next-link");
        assertTrue(source.requests().contains("GET /pets?page=3"), source.requests().toString());
    }

    @Test
    void nextLinkAtAConfiguredPlaceInTheBody() {
        // A cursor API: {"data":[...],"paging":{"following":"/pets?cursor=4"}}; no well-known next key.
        source.respond("pets", this::cursorPage);
        roundTrip(source.url("/pets"), 3, "pagination", "next-link", "nextPath", "paging.following");
        assertTrue(source.requests().contains("GET /pets?cursor=8"), source.requests().toString());
    }

    @Test
    void nextLinkWithoutTheConfiguredPathReadsOnlyTheFirstPage() {
        // The same cursor API without nextPath: no next link is found, so only page 1 is read. Proves
        // the previous test really followed paging.following.
        source.respond("pets", this::cursorPage);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "next-link").start();
        RunResult run = engine.sync("pets");
        assertEquals(PAGE_SIZE, run.created(), run.line());
        assertEquals(1, run.pages());
    }

    @Test
    void linkHeaderWhereTheUrlCarriesItsOwnQuery() {
        source.style("pets", Style.LINK_HEADER);
        roundTrip(source.url("/pets?pageSize=4&species=dog"), 3, "pagination", "link-header");
        for (Request r : listRequests()) {
            assertEquals("dog", r.param("species"), r.toString());
            assertEquals("4", r.param("pageSize"), r.toString());
        }
        assertTrue(source.requests().contains("GET /pets?pageSize=4&species=dog&page=3"), source.requests().toString());
    }

    @Test
    void autoFollowsTheLinkHeader() {
        source.style("pets", Style.LINK_HEADER);
        roundTrip(source.url("/pets?pageSize=4"), 3);
    }

    @Test
    void autoFollowsANextLinkInTheBody() {
        source.style("pets", Style.NEXT_LINK);
        roundTrip(source.url("/pets"), 3);
    }

    @Test
    void autoReadsASinglePageWhenNothingPointsFurther() {
        source.style("pets", Style.NONE);
        roundTrip(source.url("/pets"), 1);
    }

    @Test
    void autoFindsHydraMembersAndTheHydraNextLink() {
        source.style("pets", Style.HYDRA);
        roundTrip(source.url("/pets"), 3);
        assertTrue(source.requests().contains("GET /pets?page=3"), source.requests().toString());
    }

    // ------------------------------------------------------------------------------------------

    /**
     * First run: all N created over {@code pages} pages; second: all unchanged, nothing written;
     * then one object deleted at the source is deleted from the gateway, and the run after that is quiet.
     */
    private void roundTrip(String url, int pages, String... parameters) {
        engine = new EngineHarness(dir).route("pets", url, parameters).start();

        RunResult first = engine.sync("pets");
        assertEquals(RunStatus.OK, first.status(), first.line() + " " + first.error());
        assertEquals(N, first.created(), first.line());
        assertEquals(0, first.failed(), first.line());
        assertEquals(pages, first.pages(), "pages of the first run");
        assertEquals(N, engine.gatewayObjects("pets").size());
        for (int k = 1; k <= N; k++) {
            assertEquals("pets " + k, engine.gatewayObjectFor("pets", Integer.toString(k)).data().path("name").asText());
        }

        source.clearRequests();
        RunResult second = engine.sync("pets");
        assertEquals(RunStatus.OK, second.status(), second.line());
        assertEquals(N, second.unchanged(), second.line());
        assertEquals(0, second.created() + second.updated() + second.deleted() + second.pushed() + second.failed(),
                second.line());
        assertEquals(0, source.requestCount("PUT") + source.requestCount("POST") + source.requestCount("DELETE"));

        String gone = "6";
        source.remove("pets", gone);
        RunResult third = engine.sync("pets");
        assertEquals(RunStatus.OK, third.status(), third.line());
        assertEquals(1, third.deleted(), third.line());
        assertEquals(N - 1, third.unchanged(), third.line());
        assertEquals(N - 1, engine.gatewayObjects("pets").size());
        assertNull(engine.record("pets", gone));

        RunResult fourth = engine.sync("pets");
        assertEquals(N - 1, fourth.unchanged(), fourth.line());
        assertEquals(0, fourth.created() + fourth.updated() + fourth.deleted() + fourth.failed(), fourth.line());
    }

    private List<Request> listRequests() {
        return source.requestLog().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/pets")).toList();
    }

    private void assertListRequestsCarry(String... parameters) {
        List<Request> lists = listRequests();
        assertTrue(!lists.isEmpty(), "no list requests");
        for (Request r : lists) {
            for (String p : parameters) {
                assertTrue(r.query().containsKey(p), r + " lacks " + p);
            }
        }
    }

    /** A cursor-paged listing, link at {@code paging.following}; item requests fall through. */
    private Response cursorPage(Request r) {
        if (!r.method().equals("GET") || !r.path().equals("/pets")) {
            return null;
        }
        List<ObjectNode> all = source.all("pets");
        int from = r.param("cursor") == null ? 0 : Integer.parseInt(r.param("cursor"));
        ObjectNode body = TestJson.obj();
        body.putArray("data").addAll(all.subList(Math.min(from, all.size()), Math.min(from + PAGE_SIZE, all.size())));
        ObjectNode paging = body.putObject("paging");
        if (from + PAGE_SIZE < all.size()) {
            paging.put("following", "/pets?cursor=" + (from + PAGE_SIZE));
        } else {
            paging.putNull("following");
        }
        return Response.json(200, body);
    }
}
