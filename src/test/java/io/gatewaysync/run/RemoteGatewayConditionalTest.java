package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * If-Match to a remote gateway that gives ETags (issue 28). The remote gateway is this project's own gateway
 * API ({@code /api/{schema}}, the implementation of the Common Gateway API the engine ships): it answers an item
 * with {@code ETag: "<content hash>"} and refuses a PUT or DELETE whose {@code If-Match} names another version
 * with 412, checked in the same statement that writes. No imitation: the only thing between the engine and
 * it is an honest recording proxy, which makes a user's edit of the copy (straight to the API) at the one
 * moment that matters: after the engine read the copy, before its write arrives.
 */
class RemoteGatewayConditionalTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;
    LyingProxy proxy;

    void start(String... parameters) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = newEngine(dir).property("gateway.page-size", "3");
        proxy = LyingProxy.in(URI.create("http://localhost:" + engine.port()));
        // the API writes its next link from the Host header, which the proxy's HTTP/2 client does not send as such
        proxy.variant(r -> r.replace("http://localhost/api/", proxy.url("/api/")));
        List<String> all = new ArrayList<>(List.of("gateway", proxy.url("/api/copies"), "pagination", "next-link",
                "direction", "two-way"));
        all.addAll(List.of(parameters));
        engine.route("pets", source.url("/pets"), all.toArray(String[]::new)).start();
    }

    /** The engine (H2 here; PostgreSQL in {@link RemoteGatewayConditionalPostgresTest}). */
    protected EngineHarness newEngine(Path where) {
        return new EngineHarness(where);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (source != null) {
            source.close();
        }
    }

    StoredObject copyOf(String sourceId) {
        SyncRecord record = engine.record("pets", sourceId);
        assertNotNull(record, "record of " + sourceId);
        return engine.gatewayObjects("copies").stream().filter(o -> o.id().equals(record.gatewayId()))
                .findFirst().orElse(null);
    }

    /** From now on, the first {@code method} to the copy of {@code sourceId} is preceded by a user's edit of the copy. */
    void editBeforeTheEnginesWrite(String method, String sourceId, String name) {
        StoredObject copy = copyOf(sourceId);
        String path = "/api/copies/" + copy.id();
        AtomicBoolean done = new AtomicBoolean();
        proxy.lie((request, upstream) -> {
            if (request.method().equals(method) && request.path().equals(path) && done.compareAndSet(false, true)) {
                ObjectNode edited = copyOf(sourceId).data().deepCopy().put("name", name);
                assertEquals(200, engine.http("PUT", path, edited).statusCode());
            }
            return upstream.forward(request);
        });
        proxy.clearRequests();
    }

    List<LyingProxy.Request> writes(String method, String sourceId) {
        String path = "/api/copies/" + copyOf(sourceId).id();
        return proxy.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    RunResult run() {
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(0, run.failed(), run.line());
        return run;
    }

    void assertQuiet() {
        RunResult run = run();
        assertEquals(10, run.unchanged() + run.deleted(), run.line());
        assertEquals(0, run.created() + run.updated() + run.pushed() + run.conflicts(), run.line());
    }

    @Test
    void theGatewaysApiGivesETagsAndRefusesAStaleIfMatch() {
        start();
        run();
        StoredObject three = copyOf("3");
        HttpResponse<String> read = engine.http("GET", "/api/copies/" + three.id(), null);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals("\"" + three.hash() + "\"", etag);
        assertEquals(etag, engine.record("pets", "3").gatewayEtag(), "the record keeps the copy's ETag");
        ObjectNode edited = three.data().deepCopy().put("name", "first");
        assertEquals(412, send("PUT", three.id(), edited, "\"0000\"").statusCode());
        assertEquals(412, send("PUT", three.id(), edited, "W/" + etag).statusCode(), "a weak tag never matches");
        HttpResponse<String> put = send("PUT", three.id(), edited, etag);
        assertEquals(200, put.statusCode());
        assertEquals("\"" + copyOf("3").hash() + "\"", put.headers().firstValue("ETag").orElseThrow(), "a PUT's answer: the new ETag");
        assertEquals(412, send("PUT", three.id(), edited.put("name", "second"), etag).statusCode(), "the old version");
        assertEquals(412, send("DELETE", three.id(), null, etag).statusCode());
        assertEquals(200, send("PUT", three.id(), edited.put("name", "any version"), "*").statusCode(), "If-Match: * is no condition");
        assertEquals(204, send("DELETE", three.id(), null, "\"" + copyOf("3").hash() + "\"").statusCode());
    }

    HttpResponse<String> send(String method, String id, ObjectNode body, String ifMatch) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                URI.create(engine.apiUrl("/api/copies/" + id))).header("Content-Type", "application/json")
                .header("If-Match", ifMatch).method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * With the gateway as the source of truth: the 412 is read again, decided again (a conflict, the gateway
     * wins), and the user's edit is never overwritten; the next run takes it to the source; then quiet.
     */
    @Test
    void aGatewayEditBetweenTheReadAndTheWriteIsNeverOverwritten() {
        start("sourceOfTruth", "gateway");
        run();
        String etag = engine.record("pets", "4").gatewayEtag();
        source.put("pets", obj("id", "4", "name", "renamed at source", "n", 4));
        editBeforeTheEnginesWrite("PUT", "4", "edited in gateway meanwhile");

        RunResult raced = run();
        assertEquals(1, raced.conflicts(), raced.line());
        List<LyingProxy.Request> puts = writes("PUT", "4");
        assertEquals(1, puts.size(), "one PUT, refused; never retried blind: " + puts);
        assertEquals(etag, puts.get(0).header("If-Match"), "the ETag the look-up read");
        assertEquals("edited in gateway meanwhile", copyOf("4").data().path("name").asText());

        RunResult next = run();
        assertEquals(1, next.pushed(), next.line());
        assertEquals("edited in gateway meanwhile", source.get("pets", "4").path("name").asText());
        assertEquals(TestJson.write(source.get("pets", "4")), TestJson.write(copyOf("4").data()));
        assertQuiet();
    }

    /** The source as the source of truth: decided again, the source wins, written once more with the fresh ETag. */
    @Test
    void whenTheSourceStillWinsItIsWrittenWithTheFreshETag() {
        start();
        run();
        source.put("pets", obj("id", "5", "name", "renamed at source", "n", 5));
        editBeforeTheEnginesWrite("PUT", "5", "edited in gateway meanwhile");

        RunResult raced = run();
        assertEquals(1, raced.conflicts(), raced.line());
        assertEquals(1, raced.updated(), raced.line());
        List<LyingProxy.Request> puts = writes("PUT", "5");
        assertEquals(2, puts.size(), puts.toString());
        assertTrue(!puts.get(0).header("If-Match").equals(puts.get(1).header("If-Match")), puts.toString());
        assertEquals("renamed at source", copyOf("5").data().path("name").asText());
        assertEquals(copyOf("5").hash(), engine.record("pets", "5").gatewayEtag().replace("\"", ""),
                "the record keeps the ETag of the PUT's answer");
        assertQuiet();
    }

    /** A copy edited after the look-up of a source delete is not deleted. */
    @Test
    void aGatewayEditBeforeTheDeleteKeepsTheCopy() {
        start("sourceOfTruth", "gateway");
        run();
        String id = copyOf("6").id();
        source.remove("pets", "6");
        editBeforeTheEnginesWrite("DELETE", "6", "edited in gateway meanwhile");

        RunResult raced = run();
        assertEquals(1, raced.conflicts(), raced.line());
        assertEquals(0, raced.deleted(), raced.line());
        assertEquals(1, writes("DELETE", "6").size());
        StoredObject kept = copyOf("6");
        assertNotNull(kept, "not deleted");
        assertEquals(id, kept.id());
        assertEquals("edited in gateway meanwhile", kept.data().path("name").asText());
    }

    /** {@code conditionalWrites: never}: no If-Match, and the same race loses the edit (what the ETag prevents). */
    @Test
    void withoutIfMatchTheSameRaceLosesTheEdit() {
        start("sourceOfTruth", "gateway", "conditionalWrites", "never");
        run();
        source.put("pets", obj("id", "7", "name", "renamed at source", "n", 7));
        editBeforeTheEnginesWrite("PUT", "7", "edited in gateway meanwhile");

        RunResult raced = run();
        assertEquals(0, raced.conflicts(), raced.line());
        assertNull(writes("PUT", "7").get(0).header("If-Match"));
        assertEquals("renamed at source", copyOf("7").data().path("name").asText(), "overwritten blind");
    }

    /**
     * The source's answer to a write-back is copied to the gateway with If-Match too: a user's edit of the copy
     * made after the look-up (here: while the source's answer, which stamps a field, is being copied) is kept,
     * and the next run takes it to the source.
     */
    @Test
    void copyingTheSourcesAnswerNeverOverwritesANewerGatewayEdit() {
        start();
        run();
        source.respond("pets", request -> {
            if (!request.method().equals("PUT")) {
                return null;
            }
            ObjectNode stamped = ((ObjectNode) TestJson.parse(request.body())).put("stamped", "by the source");
            source.put("pets", stamped);
            return TestSource.Response.json(200, stamped);
        });
        StoredObject eight = copyOf("8");
        assertEquals(200, engine.http("PUT", "/api/copies/" + eight.id(),
                eight.data().deepCopy().put("name", "edited in gateway")).statusCode());
        editBeforeTheEnginesWrite("PUT", "8", "edited again in gateway");

        RunResult pushed = run();
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals(1, writes("PUT", "8").size(), "the answer's copy, refused with 412; not retried");
        assertEquals("edited again in gateway", copyOf("8").data().path("name").asText());
        assertEquals("by the source", source.get("pets", "8").path("stamped").asText());
        assertTrue(engine.record("pets", "8").lastError().contains("412"), engine.record("pets", "8").lastError());

        proxy.honest();
        RunResult next = run();
        assertEquals(1, next.pushed(), next.line());
        assertEquals("edited again in gateway", source.get("pets", "8").path("name").asText());
        assertEquals(TestJson.write(source.get("pets", "8")), TestJson.write(copyOf("8").data()));
        assertQuiet();
    }
}
