package io.gatewaysync.run;

import io.gatewaysync.testsupport.LiesTest;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.LyingProxy.Lie;
import io.gatewaysync.testsupport.LyingProxy.Request;
import io.gatewaysync.testsupport.RealServer;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real FeathersJS 5 service (Koa, memory adapter, {@code paginate: {default: 10, max: 50}}): 120 objects
 * as {@code {"total","limit","skip","data"}}, paged by {@code $skip}/{@code $limit}, no next link. Unknown
 * query parameters are filters ({@code ?page=2} answers {@code {"total":0,"data":[]}}).
 */
class FeathersLiesTest extends LiesTest {

    static final int N = 120;
    static RealServer server;
    static LyingProxy proxy;

    @BeforeAll
    static void startServer() {
        server = RealServer.shared(RealServer.Kind.FEATHERS, N);
        proxy = LyingProxy.in(server.origin());
    }

    @AfterAll
    static void stopServer() {
        proxy.close(); // the server is shared with other classes: stopped when the JVM ends
    }

    static Predicate<Request> skip(int n) {
        return r -> r.method().equals("GET") && r.path().equals("/things") && String.valueOf(n).equals(r.param("$skip"));
    }

    @Test
    void autoSyncsAll120By$skipInTheServersOwnPageSize() {
        engineFor(proxy.url("/things"));
        proxy.clearRequests();
        RunResult run = syncsAll(N);
        assertEquals(12, run.pages(), run.line());
        assertTrue(proxy.requests().stream().anyMatch(skip(110)), proxy.requests().toString());
    }

    @Test
    void autoKeepsTheUrls$limit() {
        engineFor(proxy.url("/things?$limit=50"));
        RunResult run = syncsAll(N);
        assertEquals(3, run.pages(), run.line());
    }

    @Test
    void $skip10AnsweredWithTheFirstPageIsAnIdenticalPage() {
        engineFor(proxy.url("/things"));
        syncsAll(N);
        Lie lie = (request, upstream) -> skip(10).test(request)
                ? upstream.get(request, "/things") : upstream.forward(request);
        lyingRunDeletesNothing(proxy, lie, N, "identical");
    }

    @Test
    void aPageThatSaysItIsAtSkip0AgainLeadsBackToAPageReadBefore() {
        engineFor(proxy.url("/things"));
        syncsAll(N);
        Lie lie = Lie.bend(skip(20), r -> r.editJson(page -> page.put("skip", 0)));
        lyingRunDeletesNothing(proxy, lie, N, "read before");
    }

    @Test
    void anEmptyPageAt$skip30WhileTheTotalSays120EndsShort() {
        engineFor(proxy.url("/things"));
        syncsAll(N);
        Lie lie = Lie.bend(skip(30), r -> r.editJson(page -> page.putArray("data")));
        lyingRunDeletesNothing(proxy, lie, N, "states 120");
    }

    /** Pages 1 and 2 say 120, page 3 says 30 and so ends the listing: the total changed, the end is not proven. */
    @Test
    void aTotalThatShrinksMidListingIsIncomplete() {
        engineFor(proxy.url("/things"));
        syncsAll(N);
        Lie lie = Lie.bend(skip(20), r -> r.editJson(page -> page.put("total", 30)));
        lyingRunDeletesNothing(proxy, lie, N, "total");
    }

    @Test
    void aServerErrorMidListingEndsPartial() {
        engineFor(proxy.url("/things"), "retries", "0");
        syncsAll(N);
        Lie lie = Lie.bend(skip(50), r -> r.withStatus(500).withBody("{\"name\":\"GeneralError\",\"code\":500}"));
        lyingRunDeletesNothing(proxy, lie, N, "500");
    }

    /**
     * Not a lie: five objects deleted at the source while the listing is read. Offsets shift, so five objects
     * that still exist slide under offsets already read and are never listed; the listing still reaches the
     * total the source states at its end (115). The total changed mid-listing (120, then 115): the end is
     * contradicted, nothing may be deleted but what is gone.
     */
    @Test
    void objectsDeletedMidListingShiftTheOffsetsAndNothingThatStillExistsIsDeleted() {
        engineFor(proxy.url("/things"));
        syncsAll(N);
        try {
            proxy.lie((request, upstream) -> {
                if (skip(10).test(request)) {
                    for (int id = 1; id <= 5; id++) {
                        upstream.forward(new Request("DELETE", "/things/" + id, request.headers(), ""));
                    }
                }
                return upstream.forward(request);
            });
            RunResult run = engine.sync(SOURCE);
            proxy.honest();
            assertTrue(run.deleted() <= 5, "only what is gone may be deleted: " + run.line());
            for (int id = 6; id <= N; id++) {
                assertTrue(engine.record(SOURCE, Integer.toString(id)) != null, "object " + id + " still exists at the source: " + run.line());
            }
            RunResult after = engine.sync(SOURCE);
            assertEquals(N - 5, engine.gatewayObjects(SOURCE).size(), after.line());
        } finally {
            proxy.honest();
            restore(1, 5);
        }
    }

    /** Puts objects {@code from..to} back as the server seeded them. */
    private static void restore(int from, int to) {
        for (int id = from; id <= to; id++) {
            String body = TestJson.obj("id", id, "name", "thing " + id).toString();
            try {
                java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(server.url())).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException("could not restore object " + id, e);
            }
        }
    }
}
