package io.gatewaysync.run;

import io.gatewaysync.testsupport.LiesTest;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.LyingProxy.Lie;
import io.gatewaysync.testsupport.LyingProxy.Request;
import io.gatewaysync.testsupport.LyingProxy.Response;
import io.gatewaysync.testsupport.RealServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real OData v4 server (simple-odata-server on npm) that pages only as the client asks ({@code $top},
 * {@code $skip}) and gives {@code @odata.count} for {@code $count=true} but never an {@code @odata.nextLink}:
 * 60 objects read as {@code ?$top=10&$count=true}, ids in {@code _id}. auto pages it by {@code $skip}
 * because the count says there is more; made to lie by a proxy.
 */
class ODataLiesTest extends LiesTest {

    static final int N = 60;
    static final String FIRST = "/things?$top=10&$count=true";
    static RealServer server;
    static LyingProxy proxy;

    @BeforeAll
    static void startServer() {
        server = RealServer.shared(RealServer.Kind.ODATA, N);
        proxy = LyingProxy.in(server.origin());
    }

    @AfterAll
    static void stopServer() {
        proxy.close(); // the server is shared with other classes: stopped when the JVM ends
    }

    static Predicate<Request> skip(int n) {
        return r -> r.method().equals("GET") && r.path().equals("/things") && String.valueOf(n).equals(r.param("$skip"));
    }

    private void syncedCompletely() {
        engineFor(proxy.url(FIRST), "idPath", "_id");
        proxy.clearRequests();
        RunResult first = syncsAll(N);
        assertEquals(6, first.pages(), first.line());
        assertTrue(proxy.requests().stream().anyMatch(skip(50)), proxy.requests().toString());
    }

    @Test
    void autoPagesAServerWithoutNextLinksBy$skipToAll60() {
        syncedCompletely();
    }

    @Test
    void $skip10AnsweredWithTheFirstPageIsAnIdenticalPage() {
        syncedCompletely();
        Lie lie = (request, upstream) -> skip(10).test(request) ? upstream.get(request, FIRST) : upstream.forward(request);
        lyingRunDeletesNothing(proxy, lie, N, "identical");
    }

    @Test
    void anEmptyPageAt$skip30WhileODataCountSays60EndsShort() {
        syncedCompletely();
        Lie lie = Lie.bend(skip(30), r -> r.editJson(page -> page.putArray("value")));
        lyingRunDeletesNothing(proxy, lie, N, "states 60");
    }

    @Test
    void aNextLinkBackToTheFirstPageIsACycle() {
        syncedCompletely();
        Lie lie = Lie.bend(skip(20), r -> r.editJson(page -> page.put("@odata.nextLink", proxy.url(FIRST))));
        lyingRunDeletesNothing(proxy, lie, N, "cycle");
    }

    @Test
    void aNextLinkToAnotherOriginIsNotFollowed() {
        try (LyingProxy foreign = LyingProxy.answering(Response.json(200, "{\"value\":[]}"))) {
            syncedCompletely();
            Lie lie = Lie.bend(skip(20), r -> r.editJson(page -> page.put("@odata.nextLink",
                    foreign.url("/things?$top=10&$skip=30"))));
            lyingRunDeletesNothing(proxy, lie, N, "another origin");
            assertEquals(0, foreign.requests().size());
        }
    }
}
