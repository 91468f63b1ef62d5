package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Nothing is deleted without proof, end to end: a listing that breaks off (truncated JSON, a dropped
 * connection) deletes nothing, and an object missing from a complete listing is deleted only when its
 * item URL answers 404 — not when the source still serves it, nor when that check fails.
 */
class NoDeleteWithoutProofTest extends EngineTest {

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "page", "pageSize", "4",
                "retries", "1").start();
        assertEquals(10, engine.sync("pets").created());
    }

    @Test
    void aTruncatedPageEndsTheRunPartialAndDeletesNothing() {
        source.remove("pets", "2");
        source.truncatePage("pets", 3);
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.deleted(), run.line());
        assertEquals(10, engine.gatewayObjects("pets").size());
        assertNotNull(engine.record("pets", "2"));
    }

    @Test
    void aDroppedConnectionEndsTheRunPartialAndDeletesNothing() {
        source.remove("pets", "2");
        source.dropConnectionOnPage("pets", 2);
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.deleted(), run.line());
        assertEquals(10, engine.gatewayObjects("pets").size());
        source.clearFaults();
        assertEquals(1, engine.sync("pets").deleted(), "deleted once a complete listing and a 404 prove it");
    }

    @Test
    void anObjectTheListingSkippedButTheSourceStillServesIsNotDeleted() {
        listingWithout("3");
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(0, run.deleted(), run.line());
        assertEquals(10, engine.gatewayObjects("pets").size());
        assertNotNull(engine.gatewayObjectFor("pets", "3"));
        assertEquals(1, source.requestLog().stream().filter(r -> r.path().equals("/pets/3")).count(),
                "one GET on the item URL");
    }

    @Test
    void whenTheCheckItselfFailsTheObjectIsKeptAndDeletedOnlyOnceA404ProvesIt() {
        listingWithout("3");
        source.respond("pets", request -> request.path().equals("/pets/3")
                ? TestSource.Response.json(500, TestJson.obj("error", "down")) : listing(request, Set.of("3")));
        RunResult unsure = engine.sync("pets");
        assertEquals(0, unsure.deleted(), unsure.line());
        assertEquals(1, unsure.failed(), unsure.line());
        assertNotNull(engine.gatewayObjectFor("pets", "3"));

        source.remove("pets", "3");
        source.respond("pets", request -> null);
        RunResult proven = engine.sync("pets");
        assertEquals(1, proven.deleted(), proven.line());
        assertNull(engine.record("pets", "3"));
        assertEquals(9, engine.gatewayObjects("pets").size());
    }

    /** The listing leaves these ids out (as a listing of an API that changes while it is paged can); items are served. */
    private void listingWithout(String... ids) {
        source.clearRequests();
        source.respond("pets", request -> listing(request, Set.of(ids)));
    }

    private TestSource.Response listing(TestSource.Request request, Set<String> left) {
        if (!request.method().equals("GET") || !request.path().equals("/pets")) {
            return null;
        }
        int page = Integer.parseInt(request.param("page") == null ? "1" : request.param("page"));
        ArrayNode items = TestJson.MAPPER.createArrayNode();
        source.all("pets").stream().filter(o -> !left.contains(o.path("id").asText()))
                .skip((page - 1) * 4L).limit(4).forEach(items::add);
        return TestSource.Response.json(200, items);
    }
}
