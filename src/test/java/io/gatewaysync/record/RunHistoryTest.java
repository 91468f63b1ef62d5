package io.gatewaysync.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.monitor.Operations;
import io.gatewaysync.run.HistoryRecorder;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run history end to end: runs of every outcome leave one row each with the summary's counters,
 * read back through {@code GET /api/_runs}; paging, bad parameters, secrets scrubbed, notification
 * batches, pruning by age (also at start-up). {@link RunHistoryPostgresTest} runs the same on PostgreSQL.
 */
class RunHistoryTest extends EngineTest {

    private static final String TOKEN = "s3cr3t-t0ken-4711";

    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    private JsonNode runs(String query) {
        HttpResponse<String> response = engine.http("GET", "/api/_runs" + query, null);
        assertEquals(200, response.statusCode(), response.body());
        return TestJson.parse(response.body());
    }

    private static void assertRow(RunResult expected, JsonNode row) {
        assertEquals(expected.source(), row.get("source").asText());
        assertEquals(expected.status().name(), row.get("status").asText(), row.toString());
        assertEquals(expected.number(), row.get("runNumber").asLong());
        assertEquals(expected.mode(), row.get("mode").asText());
        assertEquals(expected.trigger().label(), row.get("trigger").asText());
        // Databases keep microseconds, rounded.
        assertSameMicros(expected.started(), Instant.parse(row.get("startedAt").asText()));
        assertSameMicros(expected.ended(), Instant.parse(row.get("endedAt").asText()));
        assertEquals(expected.durationMs(), row.get("durationMs").asLong());
        String[] counters = {"created", "updated", "deleted", "unchanged", "conflicts", "pushed", "failed", "seen", "pages"};
        long[] values = {expected.created(), expected.updated(), expected.deleted(), expected.unchanged(),
                expected.conflicts(), expected.pushed(), expected.failed(), expected.seen(), expected.pages()};
        for (int i = 0; i < counters.length; i++) {
            assertEquals(values[i], row.get(counters[i]).asLong(), counters[i] + " of " + row);
        }
        assertFalse(row.get("engine").asText().isBlank());
    }

    private static void assertSameMicros(Instant expected, Instant actual) {
        assertTrue(Math.abs(ChronoUnit.NANOS.between(expected, actual)) <= 1000, expected + " vs " + actual);
    }

    @Test
    void everyOutcomeLeavesOneRowWithTheSummarysCountersNewestFirst() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 5);
        source.generate("pets", 10);
        engine = newEngine().route("pets", source.url("/pets"), "direction", "two-way", "pagination", "page",
                "pageSize", "5", "retries", "0", "auth", "bearer", "token", TOKEN).start();
        List<RunResult> results = new ArrayList<>();

        RunResult ok = engine.sync("pets");
        assertEquals(RunStatus.OK, ok.status(), ok.line());
        assertEquals(10, ok.created());
        results.add(ok);

        // PARTIAL: page 2 answers 500 and echoes the token; nothing is deleted, the row names the error.
        source.respond("pets", req -> "2".equals(req.param("page"))
                ? TestSource.Response.json(500, "{\"detail\":\"refused " + TOKEN + "\"}") : null);
        source.remove("pets", "1");
        RunResult partial = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, partial.status(), partial.line());
        assertEquals(0, partial.deleted());
        results.add(partial);
        source.respond("pets", req -> null);

        // Objects FAILED: the write-back of a gateway edit keeps failing.
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in gateway");
        assertEquals(200, engine.http("PUT", "/api/pets/" + three.id(), edited).statusCode());
        source.failWrites(500);
        RunResult failed = engine.sync("pets");
        assertEquals(RunStatus.OK, failed.status(), failed.line());
        assertEquals(1, failed.failed(), failed.line());
        assertEquals(1, failed.deleted(), "the complete listing confirms object 1 gone: " + failed.line());
        results.add(failed);

        // SKIPPED: paused.
        engine.bean("syncOperations", Operations.class).pause(engine.bean("sourceCatalog", SourceCatalog.class).get("pets"));
        RunResult skipped = engine.sync("pets");
        assertEquals(RunStatus.SKIPPED, skipped.status());
        results.add(skipped);

        JsonNode page = runs("?source=pets");
        assertEquals(4, page.get("count").asInt(), page.toString());
        assertTrue(page.get("next").isNull());
        for (int i = 0; i < 4; i++) {
            assertRow(results.get(3 - i), page.get("results").get(i));
        }
        JsonNode partialRow = page.get("results").get(2);
        String message = partialRow.get("message").asText();
        assertTrue(message.contains("500"), message);
        assertFalse(message.contains(TOKEN), "the token is scrubbed: " + message);
        assertTrue(page.get("results").get(3).get("message").isNull(), "an OK run has no message");
        assertEquals("paused", page.get("results").get(0).get("message").asText());
        assertEquals("manual", page.get("results").get(0).get("trigger").asText());
        assertFalse(page.toString().contains(TOKEN));
    }

    @Test
    void pagesWithNextAndBeforeAndRefusesBadParameters() {
        source = TestSource.start();
        source.generate("pets", 3);
        source.generate("toys", 2);
        engine = newEngine().route("pets", source.url("/pets")).route("toys", source.url("/toys")).start();
        for (int i = 0; i < 3; i++) {
            engine.sync("pets");
        }
        engine.sync("toys");

        JsonNode first = runs("?source=pets&limit=2");
        assertEquals(2, first.get("count").asInt());
        String next = first.get("next").asText();
        assertTrue(next.startsWith("/api/_runs?source=pets&limit=2&before="), next);
        JsonNode second = runs(next.substring("/api/_runs".length()));
        assertEquals(1, second.get("count").asInt());
        assertTrue(second.get("next").isNull());
        List<Long> numbers = new ArrayList<>();
        first.get("results").forEach(r -> numbers.add(r.get("runNumber").asLong()));
        second.get("results").forEach(r -> numbers.add(r.get("runNumber").asLong()));
        assertEquals(List.of(3L, 2L, 1L), numbers, "newest first, no row twice");

        JsonNode all = runs("");
        assertEquals(4, all.get("count").asInt(), "without source: every source's rows");
        assertEquals("toys", all.get("results").get(0).get("source").asText());
        assertEquals(0, runs("?source=nobody").get("count").asInt());

        for (String bad : new String[]{"?limit=0", "?limit=501", "?limit=abc", "?before=0", "?before=x",
                "?source=bad%20name"}) {
            HttpResponse<String> response = engine.http("GET", "/api/_runs" + bad, null);
            assertEquals(400, response.statusCode(), bad + ": " + response.body());
            assertTrue(TestJson.parse(response.body()).get("error").asText().length() > 10, response.body());
        }
    }

    @Test
    void aBatchOfNotificationsIsOneRowAndAOneObjectSyncIsOne() throws Exception {
        source = TestSource.start();
        source.generate("items", 5);
        engine = newEngine().route("items", source.url("/items")).start();
        engine.sync("items");
        for (String id : new String[]{"2", "3", "4"}) {
            ObjectNode changed = source.get("items", id).deepCopy().put("name", "changed " + id);
            source.put("items", changed);
        }
        // Object 2 is slow to read: 3 and 4 are queued while it syncs, so the worker drains all three in one stretch.
        source.respond("items", req -> {
            if (req.path().endsWith("/items/2")) {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        for (String id : new String[]{"2", "3", "4"}) {
            assertEquals(202, engine.http("POST", "/api/_notify/items", TestJson.parse("{\"id\":\"" + id + "\"}")).statusCode());
        }
        long updated = 0;
        Instant until = Instant.now().plusSeconds(30);
        JsonNode rows = null;
        while (updated < 3 && Instant.now().isBefore(until)) {
            rows = runs("?source=items");
            updated = 0;
            for (JsonNode r : rows.get("results")) {
                if (r.get("trigger").asText().equals("notification")) {
                    updated += r.get("updated").asLong();
                }
            }
            Thread.sleep(100);
        }
        assertEquals(3, updated, String.valueOf(rows));
        long notificationRows = 0;
        for (JsonNode r : rows.get("results")) {
            if (r.get("trigger").asText().equals("notification")) {
                notificationRows++;
                assertEquals("object", r.get("mode").asText());
            }
        }
        assertEquals(1, notificationRows, "a batch, not a row per object: " + rows);

        Operations operations = engine.bean("syncOperations", Operations.class);
        String answer = operations.syncObject(engine.bean("sourceCatalog", SourceCatalog.class).get("items"), "5");
        JsonNode newest = runs("?source=items&limit=1").get("results").get(0);
        assertEquals("object", newest.get("trigger").asText(), answer);
        assertEquals(1, newest.get("seen").asLong());
        assertEquals("OK", newest.get("status").asText());
    }

    @Test
    void skippedTicksFoldIntoOneRowPerStretchAndReason() {
        source = TestSource.start();
        source.generate("pets", 2);
        engine = newEngine().route("pets", source.url("/pets")).route("toys", source.url("/toys")).start();
        RunHistory history = engine.bean("runHistory", RunHistory.class);
        Instant t = Instant.now().minusSeconds(600);
        history.recordSkip(skip("pets", t, "paused"));
        history.recordSkip(skip("pets", t.plusSeconds(60), "paused"));
        history.recordSkip(skip("toys", t.plusSeconds(90), "paused")); // another source: its own row
        history.recordSkip(skip("pets", t.plusSeconds(120), "paused"));
        List<RunHistory.Row> rows = history.list("pets", null, 10);
        assertEquals(1, rows.size(), String.valueOf(rows));
        assertEquals(3, rows.get(0).repeats());
        assertSameMicros(t, rows.get(0).startedAt());
        assertSameMicros(t.plusSeconds(120), rows.get(0).endedAt());

        // Another reason, or a run in between, starts a new stretch.
        history.recordSkip(skip("pets", t.plusSeconds(180), "another engine is running it: the run lease is held by "
                + "engine 'node-2' since 10:00:00Z, until 10:01:30Z at the latest"));
        // The same reason with other particulars (the lease renewed, another holder): the same stretch.
        history.recordSkip(skip("pets", t.plusSeconds(200), "another engine is running it: the run lease is held by "
                + "engine 'node-3' since 10:03:00Z, until 10:04:30Z at the latest"));
        engine.sync("pets");
        history.recordSkip(skip("pets", t.plusSeconds(240), "paused"));
        rows = history.list("pets", null, 10);
        assertEquals(List.of("SKIPPED", "OK", "SKIPPED", "SKIPPED"), rows.stream().map(RunHistory.Row::status).toList());
        assertEquals(List.of(1L, 1L, 2L, 3L), rows.stream().map(RunHistory.Row::repeats).toList());
        assertTrue(rows.get(2).message().contains("node-3"), "the latest particulars: " + rows.get(2).message());
        assertEquals(1, history.list("toys", null, 10).get(0).repeats());
        // Runs only, or one-object syncs only.
        assertEquals(4, history.list("pets", RunHistory.Kind.RUNS, null, 10).size());
        assertEquals(0, history.list("pets", RunHistory.Kind.OBJECTS, null, 10).size());
        assertEquals(List.of("OK"), history.recentRuns(List.of("pets"), 20).get("pets").stream().map(RunHistory.Row::status).toList(),
                "the trend leaves skips out");
    }

    private static RunHistory.Row skip(String source, Instant at, String why) {
        return new RunHistory.Row(0, source, "test", 0, "schedule", "full", "SKIPPED", at, at, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, why, 0, 1);
    }

    @Test
    void pruningRemovesOnlyRowsOlderThanTheKeptDaysAlsoAtStartUp() {
        source = TestSource.start();
        source.generate("pets", 2);
        engine = newEngine().route("pets", source.url("/pets")).start();
        RunHistory history = engine.bean("runHistory", RunHistory.class);
        Instant now = Instant.now();
        history.record(row("pets", now.minus(Duration.ofDays(40))));
        history.record(row("pets", now.minus(Duration.ofDays(29))));
        history.record(row("pets", now.minus(Duration.ofDays(10))));
        engine.sync("pets");
        assertEquals(4, history.list("pets", null, 10).size());

        assertEquals(1, engine.bean("runHistoryRecorder", HistoryRecorder.class).pruneNow(), "the 40-day-old row");
        List<RunHistory.Row> left = history.list("pets", null, 10);
        assertEquals(3, left.size());
        assertTrue(left.stream().allMatch(r -> r.startedAt().isAfter(now.minus(Duration.ofDays(30)))));

        // Kept 20 days from now on: the 29-day-old row goes as the engine starts, before any run.
        engine.stop();
        engine.property("sync.history.days", "20").start();
        history = engine.bean("runHistory", RunHistory.class);
        left = history.list("pets", null, 10);
        assertEquals(2, left.size(), String.valueOf(left));
        assertNull(left.stream().filter(r -> r.startedAt().isBefore(now.minus(Duration.ofDays(20)))).findAny().orElse(null));
    }

    @Test
    void historyDaysMustBeAWholeNumberOfAtLeastOne() {
        source = TestSource.start();
        source.generate("pets", 2);
        engine = newEngine().route("pets", source.url("/pets")).property("sync.history.days", "0");
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                engine::start);
        assertTrue(String.valueOf(refused.getMessage()).contains("sync.history.days"), refused.getMessage());
    }

    private static RunHistory.Row row(String source, Instant started) {
        return new RunHistory.Row(0, source, "test", 1, "schedule", "full", "OK", started, started.plusSeconds(1), 1000,
                1, 0, 0, 0, 0, 0, 0, 1, 1, null);
    }

}
