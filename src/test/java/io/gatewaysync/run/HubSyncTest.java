package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub: two sources on one gateway schema, synced with each other through it. Each source is its
 * own HTTP server on loopback; the engine runs the shipped route template on a real database.
 */
class HubSyncTest {

    @TempDir
    Path dir;
    TestSource a;
    TestSource b;
    EngineHarness engine;

    /** The engine under test; a subclass runs the same scenarios on PostgreSQL. */
    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private void start(String directionA, String directionB, String... more) {
        a = TestSource.start();
        b = TestSource.start();
        a.put("people", obj("id", "a1", "name", "Ann", "updatedAt", "2026-01-01T00:00:00Z"));
        a.put("people", obj("id", "a2", "name", "Abe", "updatedAt", "2026-01-01T00:00:00Z"));
        a.put("people", obj("id", "a3", "name", "Ada", "updatedAt", "2026-01-01T00:00:00Z"));
        b.put("people", obj("id", "a1", "name", "Bob", "updatedAt", "2026-01-01T00:00:00Z"));
        b.put("people", obj("id", "b2", "name", "Bea", "updatedAt", "2026-01-01T00:00:00Z"));
        engine = newEngine()
                .route("a", a.url("/people"), concat(new String[]{"gateway", "people", "direction", directionA,
                        "lastChangedPath", "updatedAt"}, more))
                .route("b", b.url("/people"), concat(new String[]{"gateway", "people", "direction", directionB,
                        "lastChangedPath", "updatedAt"}, more))
                .start();
    }

    private static String[] concat(String[] x, String[] y) {
        String[] all = new String[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        return all;
    }

    private static Set<String> names(TestSource source) {
        return names(source, "people");
    }

    private static Set<String> names(TestSource source, String collection) {
        Set<String> names = new TreeSet<>();
        source.all(collection).forEach(o -> names.add(o.path("name").asText()));
        return names;
    }

    private static ObjectNode byName(TestSource source, String name) {
        return source.all("people").stream().filter(o -> o.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + source.all("people")));
    }

    private void assertQuiet(String source) {
        RunResult run = engine.sync(source);
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(0, run.created() + run.updated() + run.deleted() + run.pushed() + run.failed() + run.conflicts(),
                "a further run is quiet: " + run.line());
    }

    /** A's objects reach B and B's reach A, once each; then both sides and the gateway hold the same five. */
    private void relay() {
        assertEquals(3, engine.sync("a").created());
        RunResult bRun = engine.sync("b");
        assertEquals(2, bRun.created(), bRun.line());
        assertEquals(3, bRun.pushed(), "A's objects are posted to B: " + bRun.line());
        RunResult aRun = engine.sync("a");
        assertEquals(2, aRun.pushed(), "B's objects are posted to A: " + aRun.line());
        assertEquals(0, aRun.created(), aRun.line());
    }

    @Test
    void twoTwoWaySourcesRelayEditsDeletesAndConflictsThroughTheGateway() {
        start("two-way", "two-way");
        relay();
        Set<String> all = Set.of("Ann", "Abe", "Ada", "Bob", "Bea");
        assertEquals(all, names(a));
        assertEquals(all, names(b));
        assertEquals(5, engine.gatewayObjects("people").size());
        assertQuiet("b");
        assertQuiet("a");
        assertEquals(5, a.size("people"), "nothing of A's came back to A");
        assertEquals(5, b.size("people"));

        // _self.synchronizations names both sources.
        StoredObject ann = engine.gatewayObjectFor("a", "a1");
        JsonNode api = TestJson.parse(engine.http("GET", "/api/people/" + ann.id(), null).body());
        Set<String> linked = new TreeSet<>();
        api.path("_self").path("synchronizations").forEach(s -> linked.add(s.path("source").asText()));
        assertEquals(Set.of("a", "b"), linked, api.toString());

        // An edit at A reaches B.
        a.put("people", obj("id", "a1", "name", "Ann", "city", "Amsterdam", "updatedAt", "2026-02-01T00:00:00Z"));
        assertEquals(1, engine.sync("a").updated());
        assertEquals(1, engine.sync("b").pushed());
        assertEquals("Amsterdam", byName(b, "Ann").path("city").asText());
        assertQuiet("a");
        assertQuiet("b");

        // An edit at B (of an object born at B) reaches A.
        String bea = byName(b, "Bea").path("id").asText();
        b.put("people", obj("id", bea, "name", "Bea", "city", "Berlin", "updatedAt", "2026-02-02T00:00:00Z"));
        assertEquals(1, engine.sync("b").updated());
        assertEquals(1, engine.sync("a").pushed());
        assertEquals("Berlin", byName(a, "Bea").path("city").asText());
        assertQuiet("b");
        assertQuiet("a");

        // A delete at A reaches B: A's run deletes the gateway copy, B's run finds it deleted in the gateway.
        a.remove("people", "a2");
        assertEquals(1, engine.sync("a").deleted());
        RunResult bDelete = engine.sync("b");
        assertEquals(1, bDelete.pushed(), bDelete.line());
        assertTrue(names(b).stream().noneMatch("Abe"::equals), names(b).toString());
        assertQuiet("a");
        assertQuiet("b");

        // A delete at B reaches A.
        b.remove("people", byName(b, "Bob").path("id").asText());
        assertEquals(1, engine.sync("b").deleted());
        assertEquals(1, engine.sync("a").pushed());
        assertEquals(Set.of("Ann", "Ada", "Bea"), names(a));
        assertEquals(Set.of("Ann", "Ada", "Bea"), names(b));
        assertEquals(3, engine.gatewayObjects("people").size());
        assertQuiet("a");
        assertQuiet("b");

        // A conflict: both change Ada; B's change is dated a day after A's, so it wins on both sides (the
        // gateway's change date is that of A's edit, which A's run copied there, not the time of that run).
        String adaAtB = byName(b, "Ada").path("id").asText();
        a.put("people", obj("id", "a3", "name", "Ada", "city", "Utrecht", "updatedAt", "2026-03-01T00:00:00Z"));
        b.put("people", obj("id", adaAtB, "name", "Ada", "city", "Bonn", "updatedAt", "2026-03-02T00:00:00Z"));
        assertEquals(1, engine.sync("a").updated());
        RunResult conflict = engine.sync("b");
        assertEquals(1, conflict.conflicts(), conflict.line());
        assertEquals(1, engine.sync("a").pushed());
        assertEquals("Bonn", a.get("people", "a3").path("city").asText());
        assertEquals("Bonn", b.get("people", adaAtB).path("city").asText());
        assertQuiet("a");
        assertQuiet("b");
        assertEquals(3, a.size("people"));
        assertEquals(3, b.size("people"));
    }

    @Test
    void aOneWaySourceFeedsTheHubAndIsNeverWritten() {
        start("source-to-gateway", "two-way");
        assertEquals(3, engine.sync("a").created());
        RunResult bRun = engine.sync("b");
        assertEquals(3, bRun.pushed(), bRun.line());
        RunResult aRun = engine.sync("a");
        assertEquals(0, aRun.pushed() + aRun.created(), aRun.line());
        assertEquals(Set.of("Ann", "Abe", "Ada", "Bob", "Bea"), names(b));
        assertEquals(Set.of("Ann", "Abe", "Ada"), names(a));

        a.put("people", obj("id", "a1", "name", "Ann", "city", "Amsterdam", "updatedAt", "2026-02-01T00:00:00Z"));
        assertEquals(1, engine.sync("a").updated());
        assertEquals(1, engine.sync("b").pushed());
        assertEquals("Amsterdam", byName(b, "Ann").path("city").asText());
        assertQuiet("a");
        assertQuiet("b");
        assertEquals(0, a.requestCount("POST") + a.requestCount("PUT") + a.requestCount("DELETE"),
                "a one-way source is never written: " + a.requests());
    }

    /**
     * The report: two sources with the same ids (1..30 and 1..20), both two-way on one schema,
     * run together as {@code --once} runs them. Within three rounds every object is on both sides, once.
     */
    @Test
    void sourcesRunAtTheSameTimeConvergeWithinThreeRounds() throws Exception {
        a = TestSource.start();
        b = TestSource.start();
        a.generate("alpha", 30);
        b.generate("beta", 20);
        engine = newEngine()
                .route("a", a.url("/alpha"), "gateway", "people", "direction", "two-way")
                .route("b", b.url("/beta"), "gateway", "people", "direction", "two-way")
                .start();
        SyncTrigger trigger = engine.bean("syncTrigger", SyncTrigger.class);
        for (int round = 0; round < 3; round++) {
            CompletableFuture<RunResult> ra = trigger.trigger("a");
            CompletableFuture<RunResult> rb = trigger.trigger("b");
            ra.get(60, TimeUnit.SECONDS);
            rb.get(60, TimeUnit.SECONDS);
        }
        assertEquals(50, a.size("alpha"), "A received B's 20");
        assertEquals(50, b.size("beta"), "B received A's 30");
        assertEquals(50, engine.gatewayObjects("people").size());
        Set<String> namesAtA = names(a, "alpha");
        assertEquals(50, namesAtA.size(), "no duplicates");
        assertEquals(namesAtA, names(b, "beta"));
        CompletableFuture<RunResult> ra = trigger.trigger("a");
        CompletableFuture<RunResult> rb = trigger.trigger("b");
        for (RunResult quiet : List.of(ra.get(60, TimeUnit.SECONDS), rb.get(60, TimeUnit.SECONDS))) {
            assertEquals(0, quiet.created() + quiet.updated() + quiet.deleted() + quiet.pushed() + quiet.failed(),
                    quiet.line());
        }

        // An edit of A's object 7 reaches B's copy; the PUT carries B's id for it, not A's.
        a.put("alpha", obj("id", "7", "name", "alpha 7", "n", 7, "edited", true));
        engine.sync("a");
        b.clearRequests();
        assertEquals(1, engine.sync("b").pushed());
        TestSource.Request put = b.requestLog().stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
        String bId = put.path().substring(put.path().lastIndexOf('/') + 1);
        assertEquals(bId, TestJson.parse(put.body()).path("id").asText(), put.toString());
        assertTrue(b.get("beta", bId).path("edited").asBoolean());
    }

    /**
     * B's page reads object Ada, then waits on a slow write-back while A's run changes Ada in the
     * gateway. B's commit must not overwrite A's write: its page rolls back, and the next runs settle
     * Ada by the conflict rule (A's change is newer) instead of the last writer winning.
     */
    @Test
    void overlappingRunsOfTwoSourcesOnOneSchemaConvergeWithoutLostEditsOrDuplicates() throws Exception {
        start("two-way", "two-way", "pageSize", "100");
        relay();
        String adaAtB = byName(b, "Ada").path("id").asText();
        String bobAtB = byName(b, "Bob").path("id").asText();
        // Bob edited in the gateway: B's page will PUT it (slowly) between reading and committing Ada.
        StoredObject bob = engine.gatewayObjectFor("b", bobAtB);
        engine.http("PUT", "/api/people/" + bob.id(), bob.data().deepCopy().put("city", "gateway city"));
        CountDownLatch putArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        b.respond("people", request -> {
            if (request.method().equals("PUT") && putArrived.getCount() > 0) {
                putArrived.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        b.put("people", obj("id", adaAtB, "name", "Ada", "city", "older B edit", "updatedAt", "2026-03-01T00:00:00Z"));
        a.put("people", obj("id", "a3", "name", "Ada", "city", "newer A edit", "updatedAt", "2026-03-05T00:00:00Z"));
        a.put("people", obj("id", "a4", "name", "Art", "updatedAt", "2026-03-05T00:00:00Z"));

        CompletableFuture<RunResult> bRun = CompletableFuture.supplyAsync(() -> engine.sync("b"));
        assertTrue(putArrived.await(30, TimeUnit.SECONDS), "B's run reached its write-back");
        RunResult aRun = engine.sync("a"); // runs while B's run holds its page open
        assertEquals(RunStatus.OK, aRun.status(), aRun.line());
        release.countDown();
        RunResult bFirst = bRun.get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.PARTIAL, bFirst.status(), "B's page met A's write and rolled back: " + bFirst.line());

        for (int round = 0; round < 2; round++) {
            engine.sync("b");
            engine.sync("a");
        }
        assertQuiet("a");
        assertQuiet("b");
        assertEquals("newer A edit", a.get("people", "a3").path("city").asText());
        assertEquals("newer A edit", b.get("people", adaAtB).path("city").asText(), "the newer edit is not lost");
        assertEquals("gateway city", b.get("people", bobAtB).path("city").asText());
        assertEquals("gateway city", byName(a, "Bob").path("city").asText());
        assertEquals(Set.of("Ann", "Abe", "Ada", "Art", "Bob", "Bea"), names(a));
        assertEquals(Set.of("Ann", "Abe", "Ada", "Art", "Bob", "Bea"), names(b));
        assertEquals(6, a.size("people"), "no duplicate at A");
        assertEquals(6, b.size("people"), "no duplicate at B");
        assertEquals(6, engine.gatewayObjects("people").size(), "no duplicate in the gateway");
    }
}
