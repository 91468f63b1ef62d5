package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * A real Spring Data REST server (Boot 3.5.7, JPA on H2; built once from src/test/servers/spring-data-rest):
 * HAL {@code _embedded.things}, {@code _links.next}, {@code page.totalElements}; 60 objects, 6 pages of 10
 * ({@code ?size=10}, pages counted from 0), made to lie by a proxy in front of it.
 */
class SpringDataRestLiesTest extends LiesTest {

    static final int N = 60;
    static RealServer server;
    static LyingProxy proxy;

    @BeforeAll
    static void startServer() {
        server = RealServer.start(RealServer.Kind.SPRING_DATA_REST, N);
        proxy = LyingProxy.in(server.origin());
    }

    @AfterAll
    static void stopServer() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static Predicate<Request> page(int n) {
        return r -> r.method().equals("GET") && r.path().equals("/things") && String.valueOf(n).equals(r.param("page"));
    }

    private void syncedCompletely() {
        engineFor(proxy.url("/things?size=10"));
        RunResult first = syncsAll(N);
        assertEquals(6, first.pages(), first.line());
    }

    private static ObjectNode links(ObjectNode page) {
        return (ObjectNode) page.get("_links");
    }

    @Test
    void page1AnsweredWithPage0IsAnIdenticalPage() {
        syncedCompletely();
        Lie lie = (request, upstream) -> page(1).test(request)
                ? upstream.forward(request).withBody(upstream.get(request, "/things?page=0&size=10").body())
                : upstream.forward(request);
        lyingRunDeletesNothing(proxy, lie, N, "identical");
    }

    @Test
    void page2sNextLinkBackToPage1IsACycle() {
        syncedCompletely();
        Lie lie = Lie.bend(page(2), r -> r.editJson(p -> links(p).putObject("next").put("href",
                proxy.url("/things?page=1&size=10"))));
        lyingRunDeletesNothing(proxy, lie, N, "cycle");
    }

    @Test
    void page2sNextLinkToAnotherOriginIsNotFollowed() {
        try (LyingProxy foreign = LyingProxy.answering(Response.json(200, "{\"_embedded\":{\"things\":[]},"
                + "\"page\":{\"size\":10,\"totalElements\":30,\"totalPages\":3,\"number\":3}}"))) {
            syncedCompletely();
            Lie lie = Lie.bend(page(2), r -> r.editJson(p -> links(p).putObject("next").put("href",
                    foreign.url("/things?page=3&size=10"))));
            lyingRunDeletesNothing(proxy, lie, N, "another origin");
            assertEquals(0, foreign.requests().size());
        }
    }

    @Test
    void page2WithoutANextLinkWhilePageTotalElementsSays60EndsShort() {
        syncedCompletely();
        Lie lie = Lie.bend(page(2), r -> r.editJson(p -> links(p).remove("next")));
        lyingRunDeletesNothing(proxy, lie, N, "states 60");
    }

    @Test
    void aNextLinkToOverlappingPagesOfAnotherSizeDeletesNothing() {
        // page 2 (objects 21-30) points on to ?page=1&size=20 (objects 21-40): an identical-content check does
        // not see it (different pages), the ids seen twice are; the total makes sure nothing is missing.
        syncedCompletely();
        Lie lie = Lie.bend(page(2), r -> r.editJson(p -> links(p).putObject("next").put("href",
                proxy.url("/things?page=1&size=20"))));
        proxy.lie(lie);
        RunResult run;
        try {
            run = engine.sync(SOURCE);
        } finally {
            proxy.honest();
        }
        assertEquals(0, run.deleted(), run.line());
        assertEquals(N, engine.gatewayObjects(SOURCE).size());
        assertEquals(N, engine.sync(SOURCE).unchanged());
    }
}
