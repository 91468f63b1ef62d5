package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental listings against a source that filters by change date ({@code updatedAt_gte}): changes
 * arrive, nothing is deleted as gone, gateway edits still reach the source, and the next complete
 * listing removes an object deleted at the source.
 */
class IncrementalListingTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    /** The engine under test; a subclass runs the same on PostgreSQL. */
    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (source != null) {
            source.close();
        }
    }

    /** Objects carry updatedAt; a listing with updatedAt_gte gets those changed at or after it, one page. */
    private void startSource() {
        source = TestSource.start();
        source.respond("items", request -> {
            String since = request.param("updatedAt_gte");
            if (!request.method().equals("GET") || since == null || request.path().matches(".*/items/.+")) {
                return null;
            }
            Instant from = Instant.parse(since);
            ArrayNode results = TestJson.MAPPER.createArrayNode();
            for (ObjectNode o : source.all("items")) {
                if (!Instant.parse(o.path("updatedAt").asText()).isBefore(from)) {
                    results.add(o);
                }
            }
            ObjectNode body = obj("count", results.size());
            body.set("results", results);
            body.putNull("next");
            return TestSource.Response.json(200, body);
        });
    }

    private void put(String id, String name) {
        source.put("items", obj("id", id, "name", name, "updatedAt", Instant.now().toString()));
    }

    private List<String> listingParams() {
        return source.requestLog().stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/items"))
                .map(r -> r.param("updatedAt_gte")).toList();
    }

    @Test
    void incrementalRunsSyncChangesDeleteNothingAndTheNextCompleteListingRemovesWhatIsGone() throws Exception {
        startSource();
        source.put("items", obj("id", "1", "name", "one", "updatedAt", "2026-01-01T00:00:00Z"));
        source.put("items", obj("id", "2", "name", "two", "updatedAt", "2026-01-01T00:00:00Z"));
        source.put("items", obj("id", "3", "name", "three", "updatedAt", "2026-01-01T00:00:00Z"));
        engine = newEngine().route("items", source.url("/items"), "direction", "two-way",
                "changedSinceParam", "updatedAt_gte", "changedSinceOverlap", "60").start();

        RunResult first = engine.sync("items");
        assertEquals(3, first.created(), first.line());
        assertEquals(RunResult.FULL, first.mode());
        assertTrue(first.line().endsWith(" mode=full"), first.line());
        assertNull(listingParams().get(0), "the first run lists completely");

        // At the source: 2 changes, 4 is new, 3 is deleted. In the gateway: 1 is edited.
        put("2", "two, changed");
        put("4", "four");
        source.remove("items", "3");
        StoredObject one = engine.gatewayObjectFor("items", "1");
        engine.http("PUT", "/api/items/" + one.id(), one.data().deepCopy().put("name", "one, edited in gateway"));
        source.clearRequests();

        RunResult incremental = engine.sync("items");
        assertEquals(RunStatus.OK, incremental.status(), incremental.line());
        assertEquals(RunResult.INCREMENTAL, incremental.mode());
        assertTrue(incremental.line().endsWith(" mode=incremental"), incremental.line());
        String since = listingParams().get(0);
        assertNotNull(since, "an incremental listing asks for changes only");
        assertEquals(first.started().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.parse(since), "watermark: last run's start minus overlap (whole seconds, rounded down)");
        assertEquals(1, incremental.created(), incremental.line());
        assertEquals(1, incremental.updated(), incremental.line());
        assertEquals(1, incremental.pushed(), "a gateway edit of an unlisted object still reaches the source: "
                + incremental.line());
        assertEquals(0, incremental.deleted(), "an incremental listing proves nothing gone: " + incremental.line());
        assertEquals("one, edited in gateway", source.get("items", "1").path("name").asText());
        assertEquals("two, changed", engine.gatewayObjectFor("items", "2").data().path("name").asText());
        assertNotNull(engine.gatewayObjectFor("items", "3"), "3 is kept until a complete listing");
        assertEquals(4, engine.gatewayObjects("items").size());

        RunResult quiet = engine.sync("items");
        assertEquals(RunResult.INCREMENTAL, quiet.mode());
        assertEquals(0, quiet.created() + quiet.updated() + quiet.deleted() + quiet.pushed() + quiet.failed(),
                quiet.line());

        // The last complete listing ended more than 24 hours ago: the next run lists completely.
        try (Connection c = engine.bean("syncRecords", SyncRecordStore.class).dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE source_run SET full_finished_at = ? WHERE source = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofHours(25))));
            ps.setString(2, "items");
            assertEquals(1, ps.executeUpdate());
        }
        source.clearRequests();
        RunResult full = engine.sync("items");
        assertEquals(RunResult.FULL, full.mode(), full.line());
        assertNull(listingParams().get(0));
        assertEquals(1, full.deleted(), full.line());
        assertNull(engine.gatewayObjectFor("items", "3"));
        assertEquals(3, engine.gatewayObjects("items").size());
    }

    /**
     * An object that failed in an incremental run and has not changed since is outside the next window:
     * it is read from its item URL and retried all the same (here: a remote gateway refused it once).
     */
    @Test
    void anObjectThatFailedInAnIncrementalRunIsRetriedByTheNext() throws Exception {
        startSource();
        source.put("items", obj("id", "1", "name", "one", "updatedAt", "2026-01-01T00:00:00Z"));
        try (TestSource remote = TestSource.start()) {
            engine = newEngine().route("items", source.url("/items"), "gateway", remote.url("/copies"),
                    "changedSinceParam", "updatedAt_gte", "changedSinceOverlap", "0").start();
            assertEquals(1, engine.sync("items").created());
            put("2", "two");
            Thread.sleep(1100); // the next run starts in a later second: its window excludes object 2
            remote.failWrites(500, 1000);
            RunResult failing = engine.sync("items");
            assertEquals(RunResult.INCREMENTAL, failing.mode());
            assertEquals(1, failing.failed(), failing.line());
            remote.clearFaults();
            source.clearRequests();
            RunResult retried = engine.sync("items");
            assertEquals(RunResult.INCREMENTAL, retried.mode());
            assertEquals(0, retried.seen(), "object 2 was not listed again: " + retried.line());
            assertEquals(1, retried.created(), retried.line());
            assertEquals(0, retried.failed(), retried.line());
            assertEquals(2, remote.size("copies"));
            assertTrue(source.requests().stream().anyMatch(r -> r.startsWith("GET /items/2")),
                    "read from its item URL: " + source.requests());
        }
    }

    @Test
    void withoutChangedSinceParamEveryRunListsCompletely() {
        startSource();
        source.put("items", obj("id", "1", "name", "one", "updatedAt", "2026-01-01T00:00:00Z"));
        engine = newEngine().route("items", source.url("/items")).start();
        assertEquals(RunResult.FULL, engine.sync("items").mode());
        assertEquals(RunResult.FULL, engine.sync("items").mode());
        assertTrue(listingParams().stream().allMatch(p -> p == null));
    }

    @Test
    void whenACompleteListingIsDue() throws Exception {
        Instant now = Instant.parse("2026-06-10T12:00:00Z");
        Instant started = now.minus(Duration.ofHours(2));
        SourceOptions daily = SourceOptions.from(Map.of("changedSinceParam", "since"), "test");
        assertFalse(daily.fullListingDue(started, started, started.plusSeconds(60), now));
        assertTrue(daily.fullListingDue(started, started, now.minus(Duration.ofHours(25)), now));
        assertTrue(daily.fullListingDue(null, null, null, now), "no watermark yet");
        SourceOptions hourly = SourceOptions.from(Map.of("changedSinceParam", "since",
                "fullSyncSchedule", "0 0 * * * ?"), "test");
        assertTrue(hourly.fullListingDue(now.minusSeconds(60), now.minus(Duration.ofMinutes(90)),
                now.minus(Duration.ofMinutes(89)), now), "a full-sync fire time passed since the last full listing");
        Instant halfPast = now.plus(Duration.ofMinutes(30));
        assertFalse(hourly.fullListingDue(halfPast.minusSeconds(60), halfPast.minus(Duration.ofMinutes(10)),
                halfPast.minus(Duration.ofMinutes(9)), halfPast), "the next fire time is still ahead");
        assertNotNull(new CronExpression("0 0 * * * ?"));
        SourceOptions never = SourceOptions.from(Map.of(), "test");
        assertTrue(never.fullListingDue(started, started, started, now), "without changedSinceParam always complete");

        SourceOptions epochMs = SourceOptions.from(Map.of("changedSinceParam", "since", "changedSinceFormat", "epoch-ms",
                "changedSinceOverlap", "10"), "test");
        assertEquals(Long.toString(now.minusSeconds(10).toEpochMilli()), epochMs.changedSince(now));
        assertEquals("2026-06-10T11:55:00Z", daily.changedSince(now.plusMillis(999)));
        SourceOptions epochS = SourceOptions.from(Map.of("changedSinceParam", "since", "changedSinceFormat", "epoch-s"),
                "test");
        assertEquals(Long.toString(now.minusSeconds(300).getEpochSecond()), epochS.changedSince(now));
        ConfigurationException bad = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class,
                () -> SourceOptions.from(Map.of("changedSinceFormat", "rfc"), "routes/x.yaml"));
        assertTrue(bad.getMessage().contains("routes/x.yaml") && bad.getMessage().contains("changedSinceFormat"),
                bad.getMessage());
    }
}
