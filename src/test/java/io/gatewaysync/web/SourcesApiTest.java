package io.gatewaysync.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's API ({@code /api/_sources}, sync now, retry) on a real engine over real HTTP, with
 * API keys: a read key sees the sources, only an admin key starts runs and retries records; a retried
 * record that the source takes again is synced and leaves the failing list.
 */
class SourcesApiTest extends EngineTest {

    static final String READ = "read-key-0c4e7a1b93";
    static final String ADMIN = "admin-key-6f2d8b0e41";
    static final String SECRET = "s3cr3t-in-url";

    final HttpClient http = HttpClient.newHttpClient();

    /** A two-way source; object 3 is edited in the gateway, and its write-back fails while the source refuses writes. */
    @BeforeEach
    void startEngine() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = new EngineHarness(dir)
                .route("pets", source.url("/pets"), "direction", "two-way", "pagination", "next-link",
                        "retries", "0", "maxTries", "2", "blockMinutes", "30", "schedule", "0 0 3 * * ?")
                // never run: only shown, and its credentials must not be
                .route("other", source.url("/other").replace("http://", "http://user:" + SECRET + "@") + "?token=" + SECRET,
                        "gateway", "animals")
                .property("gateway.api-keys", "read:" + READ + ",admin:" + ADMIN)
                .property("gateway.host", "127.0.0.1")
                .start();
        assertEquals(10, engine.sync("pets").created());
    }

    @Test
    void aReadKeySeesEverySourceWithItsLastRunAndNoCredential() throws Exception {
        assertEquals(401, call("GET", "/api/_sources", null).statusCode());
        HttpResponse<String> listed = call("GET", "/api/_sources", READ);
        assertEquals(200, listed.statusCode(), listed.body());
        assertFalse(listed.body().contains(SECRET), listed.body());
        assertTrue(listed.headers().firstValue("Authorization").isEmpty(), "the request's headers are not echoed");
        JsonNode body = TestJson.parse(listed.body());
        assertEquals(2, body.path("count").asInt());
        // By name: other, then pets.
        JsonNode other = body.path("results").get(0);
        JsonNode pets = body.path("results").get(1);
        assertEquals("pets", pets.path("name").asText());
        assertEquals(source.url("/pets"), pets.path("url").asText());
        assertEquals("pets", pets.path("gateway").asText());
        assertEquals("two-way", pets.path("direction").asText());
        assertEquals("0 0 3 * * ?", pets.path("schedule").asText());
        assertEquals("idle", pets.path("state").asText());
        assertTrue(Instant.parse(pets.path("nextRun").asText()).isAfter(Instant.now()));
        assertTrue(pets.path("progress").isNull());
        JsonNode last = pets.path("lastRun");
        assertEquals("OK", last.path("status").asText());
        assertEquals(10, last.path("created").asInt());
        assertEquals(0, last.path("failed").asInt());
        assertTrue(last.path("runNumber").asLong() >= 1);
        assertTrue(!Instant.parse(last.path("endedAt").asText()).isBefore(Instant.parse(last.path("startedAt").asText())));
        assertTrue(last.has("durationMs") && last.has("message") && last.has("pushed") && last.has("conflicts"), last.toString());
        assertEquals(0, pets.path("failingRecords").asInt());
        assertEquals(0, pets.path("blockedRecords").asInt());

        assertEquals("other", other.path("name").asText());
        assertEquals("animals", other.path("gateway").asText());
        assertEquals("http://127.0.0.1:" + source.baseUri().getPort() + "/other?…", other.path("url").asText());
        assertTrue(other.path("lastRun").isNull());

        HttpResponse<String> one = call("GET", "/api/_sources/pets", READ);
        assertEquals(200, one.statusCode());
        assertEquals(pets, TestJson.parse(one.body()));
        HttpResponse<String> missing = call("GET", "/api/_sources/nope", READ);
        assertEquals(404, missing.statusCode());
        assertTrue(TestJson.parse(missing.body()).path("error").asText().contains("no source 'nope'"), missing.body());
    }

    @Test
    void onlyAnAdminKeyRunsASourceNowAndASecondRequestWhileItRunsIsRefused() throws Exception {
        assertEquals(401, call("POST", "/api/_sources/pets/sync", null).statusCode());
        assertEquals(403, call("POST", "/api/_sources/pets/sync", READ).statusCode());
        long before = engine.bean("sourceCatalog", SourceCatalog.class).get("pets").lastResult().number();

        HttpResponse<String> waited = call("POST", "/api/_sources/pets/sync?wait=60", ADMIN);
        assertEquals(200, waited.statusCode(), waited.body());
        JsonNode result = TestJson.parse(waited.body()).path("result");
        assertEquals(before + 1, result.path("runNumber").asLong(), waited.body());
        assertEquals(10, result.path("unchanged").asInt(), waited.body());
        // The run history says who started it.
        JsonNode newest = TestJson.parse(call("GET", "/api/_runs?source=pets&limit=1", READ).body()).path("results").get(0);
        assertEquals(before + 1, newest.path("runNumber").asLong(), newest.toString());
        assertEquals("api", newest.path("trigger").asText(), newest.toString());

        assertEquals(400, call("POST", "/api/_sources/pets/sync?wait=301", ADMIN).statusCode());
        assertEquals(400, call("POST", "/api/_sources/pets/sync?wait=soon", ADMIN).statusCode());
        assertEquals(404, call("POST", "/api/_sources/nope/sync", ADMIN).statusCode());

        // A slow listing: the run is still going when the next request comes.
        source.delayPage("pets", 2, Duration.ofSeconds(3));
        HttpResponse<String> started = call("POST", "/api/_sources/pets/sync", ADMIN);
        assertEquals(202, started.statusCode(), started.body());
        assertEquals("{\"started\":true,\"source\":\"pets\"}", started.body());
        JsonNode running = awaitState("running");
        assertEquals(before + 2, running.path("progress").path("runNumber").asLong(), running.toString());
        assertTrue(running.path("progress").has("objectsPerSecond") && running.path("progress").has("etaSeconds"));
        HttpResponse<String> refused = call("POST", "/api/_sources/pets/sync", ADMIN);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("already running"), refused.body());
        JsonNode idle = awaitState("idle");
        assertEquals(before + 2, idle.path("lastRun").path("runNumber").asLong(), idle.toString());

        engine.bean("sourceCatalog", SourceCatalog.class).get("pets").paused(true);
        assertEquals(409, call("POST", "/api/_sources/pets/sync", ADMIN).statusCode());
        assertEquals("paused", TestJson.parse(call("GET", "/api/_sources/pets", READ).body()).path("state").asText());
    }

    @Test
    void retryUnblocksTheRecordAndSyncsTheObjectNow() throws Exception {
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in gateway");
        HttpResponse<String> put = call("PUT", "/api/pets/" + three.id(), ADMIN, edited.toString());
        assertEquals(200, put.statusCode(), put.body());
        source.failWrites(500);
        engine.sync("pets");
        engine.sync("pets");
        SyncRecord blocked = engine.record("pets", "3");
        assertTrue(blocked.blocked(), "blocked after maxTries=2");
        JsonNode pets = TestJson.parse(call("GET", "/api/_sources/pets", READ).body());
        assertEquals(1, pets.path("failingRecords").asInt());
        assertEquals(1, pets.path("blockedRecords").asInt());
        assertEquals(1, pets.path("lastRun").path("failed").asInt());

        String retry = "/api/_synchronizations/pets/3/retry";
        assertEquals(401, call("POST", retry, null).statusCode());
        assertEquals(403, call("POST", retry, READ).statusCode());
        assertEquals(2, engine.record("pets", "3").tryCounter(), "a refused retry changes nothing");

        // Still failing at the source: tried at once, not synced, failing again.
        HttpResponse<String> failed = call("POST", retry, ADMIN);
        assertEquals(200, failed.statusCode(), failed.body());
        JsonNode failedBody = TestJson.parse(failed.body());
        assertFalse(failedBody.path("synced").asBoolean(), failed.body());
        assertTrue(failedBody.path("result").asText().contains("FAILED"), failed.body());
        assertEquals(1, failedBody.path("record").path("tryCounter").asInt(), failed.body());
        assertFalse(failedBody.path("record").path("blocked").asBoolean(), failed.body());

        // The source takes writes again: the retry writes the gateway's edit back and the record is clean.
        source.clearFaults();
        HttpResponse<String> synced = call("POST", retry, ADMIN);
        assertEquals(200, synced.statusCode(), synced.body());
        JsonNode body = TestJson.parse(synced.body());
        assertTrue(body.path("synced").asBoolean(), synced.body());
        assertTrue(body.path("result").asText().endsWith("done"), synced.body());
        assertEquals("3", body.path("record").path("sourceId").asText());
        assertEquals(0, body.path("record").path("tryCounter").asInt());
        assertFalse(body.path("record").path("blocked").asBoolean());
        assertEquals("edited in gateway", source.get("pets", "3").path("name").asText());
        SyncRecord after = engine.record("pets", "3");
        assertEquals(0, after.tryCounter());
        assertNotNull(after.lastSynced());
        assertTrue(after.lastSynced().isAfter(blocked.lastSynced()), "synced by the retry");
        JsonNode now = TestJson.parse(call("GET", "/api/_sources/pets", READ).body());
        assertEquals(0, now.path("failingRecords").asInt());
        assertEquals(0, now.path("blockedRecords").asInt());

        assertEquals(404, call("POST", "/api/_synchronizations/pets/999/retry", ADMIN).statusCode());
        assertEquals(404, call("POST", "/api/_synchronizations/nope/3/retry", ADMIN).statusCode());
    }

    @Test
    void anAdminPausesAndResumesASourceItsSkippedTicksFoldIntoOneRowAndTakeNoRunNumber() throws Exception {
        long before = engine.bean("sourceCatalog", SourceCatalog.class).get("pets").lastResult().number();
        assertEquals(401, call("POST", "/api/_sources/pets/pause", null).statusCode());
        assertEquals(403, call("POST", "/api/_sources/pets/pause", READ).statusCode());
        assertEquals(404, call("POST", "/api/_sources/nope/pause", ADMIN).statusCode());
        assertFalse(engine.bean("sourceCatalog", SourceCatalog.class).get("pets").paused(), "a refused pause changes nothing");

        HttpResponse<String> paused = call("POST", "/api/_sources/pets/pause", ADMIN);
        assertEquals(200, paused.statusCode(), paused.body());
        JsonNode view = TestJson.parse(paused.body());
        assertEquals("paused", view.path("state").asText());
        assertTrue(view.path("paused").asBoolean());
        assertTrue(view.path("nextRun").isNull(), "a paused source has no next run: " + view);
        assertFalse(Instant.parse(view.path("pausedSince").asText()).isAfter(Instant.now()));
        assertTrue(view.path("result").asText().contains("paused"), view.toString());
        assertTrue(engine.bean("sourceCatalog", SourceCatalog.class).get("pets").paused());
        HttpResponse<String> refused = call("POST", "/api/_sources/pets/sync", ADMIN);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("/api/_sources/pets/resume"), refused.body());

        // Three ticks of its schedule while paused: one history row that says three, no run number taken.
        for (int i = 0; i < 3; i++) {
            assertEquals("SKIPPED", engine.sync("pets").status().name());
        }
        JsonNode runs = TestJson.parse(call("GET", "/api/_runs?source=pets&kind=runs", READ).body()).path("results");
        assertEquals(2, runs.size(), "the first run and one folded row of skips: " + runs);
        JsonNode skipped = runs.get(0);
        assertEquals("skipped", skipped.path("kind").asText());
        assertEquals(3, skipped.path("repeats").asInt(), skipped.toString());
        assertTrue(skipped.path("runNumber").isNull(), skipped.toString());
        assertEquals("SKIPPED", skipped.path("outcome").asText());
        assertEquals("SKIPPED (paused)", skipped.path("outcomeText").asText());
        assertTrue(!Instant.parse(skipped.path("endedAt").asText()).isBefore(Instant.parse(skipped.path("startedAt").asText())));
        JsonNode sourceView = TestJson.parse(call("GET", "/api/_sources/pets", READ).body());
        assertEquals(3, sourceView.path("skipped").path("count").asInt(), sourceView.toString());
        assertEquals("paused", sourceView.path("skipped").path("reason").asText());

        HttpResponse<String> resumed = call("POST", "/api/_sources/pets/resume", ADMIN);
        assertEquals(200, resumed.statusCode(), resumed.body());
        JsonNode after = TestJson.parse(resumed.body());
        assertEquals("idle", after.path("state").asText());
        assertTrue(after.path("pausedSince").isNull());
        assertTrue(Instant.parse(after.path("nextRun").asText()).isAfter(Instant.now()), after.toString());
        assertEquals(before + 1, engine.sync("pets").number(), "skips take no run number");
        JsonNode now = TestJson.parse(call("GET", "/api/_sources/pets", READ).body());
        assertTrue(now.path("skipped").isNull(), "skips count since the last run that ran: " + now);
        assertEquals(2, now.path("trend").size(), "the trend holds runs, not skips: " + now);
    }

    @Test
    void outcomesSayWhatHappenedAndBlockedRecordsAreNotFailuresAgain() throws Exception {
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in gateway");
        assertEquals(200, call("PUT", "/api/pets/" + three.id(), ADMIN, edited.toString()).statusCode());
        source.failWrites(500);
        engine.sync("pets");
        JsonNode first = TestJson.parse(call("GET", "/api/_sources/pets", READ).body()).path("lastRun");
        assertEquals("OK", first.path("status").asText(), first.toString());
        assertEquals("OK_WITH_FAILED_OBJECTS", first.path("outcome").asText(), first.toString());
        assertEquals("OK with 1 failed object", first.path("outcomeText").asText());
        assertEquals(1, first.path("failed").asInt());
        engine.sync("pets"); // the second failure blocks it (maxTries=2)
        assertTrue(engine.record("pets", "3").blocked());

        // Blocked: left out of the next run, counted as blocked, not failed; the run is OK.
        var third = engine.sync("pets");
        assertEquals(0, third.failed(), third.line());
        assertEquals(1, third.blocked(), third.line());
        JsonNode last = TestJson.parse(call("GET", "/api/_sources/pets", READ).body());
        assertEquals("OK", last.path("lastRun").path("outcome").asText(), last.toString());
        assertEquals("OK", last.path("lastRun").path("outcomeText").asText());
        assertEquals(0, last.path("lastRun").path("failed").asInt());
        assertEquals(1, last.path("lastRun").path("blocked").asInt());
        assertEquals(1, last.path("failingRecords").asInt(), "one record: failing and blocked at once");
        assertEquals(1, last.path("blockedRecords").asInt());
        JsonNode row = TestJson.parse(call("GET", "/api/_runs?source=pets&limit=1", READ).body()).path("results").get(0);
        assertEquals(0, row.path("failed").asInt(), row.toString());
        assertEquals(1, row.path("blocked").asInt(), row.toString());
        assertEquals("run", row.path("kind").asText());
        JsonNode trend = last.path("trend");
        assertEquals(4, trend.size(), trend.toString());
        assertEquals("OK_WITH_FAILED_OBJECTS", trend.get(1).path("outcome").asText(), "oldest first: " + trend);

        // A retry is a one-object sync: listed apart, no run number.
        source.clearFaults();
        assertEquals(200, call("POST", "/api/_synchronizations/pets/3/retry", ADMIN).statusCode());
        JsonNode objects = TestJson.parse(call("GET", "/api/_runs?source=pets&kind=objects", READ).body()).path("results");
        assertEquals(1, objects.size(), objects.toString());
        assertEquals("object", objects.get(0).path("kind").asText());
        assertTrue(objects.get(0).path("runNumber").isNull(), objects.toString());
        JsonNode onlyRuns = TestJson.parse(call("GET", "/api/_runs?source=pets&kind=runs", READ).body()).path("results");
        assertEquals(4, onlyRuns.size(), "runs only: " + onlyRuns);
        assertEquals(5, TestJson.parse(call("GET", "/api/_runs?source=pets", READ).body()).path("count").asInt(), "both");
        assertEquals(400, call("GET", "/api/_runs?kind=everything", READ).statusCode());
        assertEquals(third.number() + 1, engine.sync("pets").number(), "the retry took no run number");
    }

    private JsonNode awaitState(String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode view;
        do {
            view = TestJson.parse(call("GET", "/api/_sources/pets", READ).body());
            if (view.path("state").asText().equals(state)) {
                return view;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("source never " + state + ": " + view);
    }

    private HttpResponse<String> call(String method, String path, String key) throws Exception {
        return call(method, path, key, null);
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.apiUrl(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
