package io.gatewaysync.run;

import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.Postgres;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run remembers the records it found unchanged in memory ({@link SeenRecords}) instead of writing a
 * seen mark on each: a quiet run leaves every row as it was, and the gone-from-source sweep still finds
 * exactly the objects that left the listing, however many quiet runs came between, across many sweep
 * batches (batch size 2, so the seen-mark walk and the candidates span several queries).
 */
class SeenInMemoryTest extends EngineTest {

    private void start(String db) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 4);
        source.generate("pets", 25);
        engine = db.equals("h2") ? new EngineHarness(dir) : new EngineHarness(dir, Postgres.freshDatabase());
        engine.property("sync.sweep-batch-size", "2")
                .route("pets", source.url("/pets"), "pagination", "page", "pageSize", "4", "retries", "1").start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void quietRunsWriteNoSeenMarksAndTheSweepStillFindsExactlyWhatIsGone(String db) throws Exception {
        start(db);
        RunResult first = engine.sync("pets");
        assertEquals(25, first.created(), first.line());
        Map<String, Long> marks = seenMarks();
        assertTrue(marks.values().stream().allMatch(run -> run == first.number()), marks.toString());

        for (int i = 0; i < 2; i++) {
            RunResult quiet = engine.sync("pets");
            assertEquals(25, quiet.unchanged(), quiet.line());
            assertEquals(0, quiet.deleted(), quiet.line());
            assertEquals(marks, seenMarks(), "a quiet run must not write to the records");
            // "last checked" still tells the operator that the record was checked by this run.
            SyncRecord r = engine.record("pets", "7");
            assertFalse(r.lastChecked().isBefore(millis(quiet.started())), r.lastChecked() + " vs " + quiet.started());
            assertEquals(r.lastChecked(), engine.records("pets").stream()
                    .filter(x -> x.sourceId().equals("7")).findFirst().orElseThrow().lastChecked());
        }

        // Gone from the listing: the first and last objects, two in the middle; one changed.
        List.of("1", "2", "13", "25").forEach(id -> source.remove("pets", id));
        source.put("pets", TestJson.obj("id", "10", "name", "pets 10, renamed", "n", 10));
        RunResult changes = engine.sync("pets");
        assertEquals(RunStatus.OK, changes.status(), changes.line());
        assertEquals(4, changes.deleted(), changes.line());
        assertEquals(1, changes.updated(), changes.line());
        assertEquals(20, changes.unchanged(), changes.line());
        assertEquals(21, engine.gatewayObjects("pets").size());
        for (String id : List.of("1", "2", "13", "25")) {
            assertNull(engine.record("pets", id), id);
        }
        assertEquals(changes.number(), seenMarks().get("10"), "a written record carries the run that wrote it");

        RunResult after = engine.sync("pets");
        assertEquals(21, after.unchanged(), after.line());
        assertEquals(0, after.deleted() + after.created() + after.updated(), after.line());
    }

    @Test
    void anIncompleteListingDeletesNothingAndDoesNotCountAsACheck() {
        start("h2");
        engine.sync("pets");
        RunResult quiet = engine.sync("pets");
        SyncRecord before = engine.record("pets", "3");
        assertNotNull(before);

        source.remove("pets", "3");
        source.truncatePage("pets", 5);
        RunResult partial = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, partial.status(), partial.line());
        assertEquals(0, partial.deleted(), partial.line());
        SyncRecord r = engine.record("pets", "3");
        assertNotNull(r, "an incomplete listing never deletes");
        assertEquals(before.lastChecked(), r.lastChecked(), "a partial listing checked nothing for sure");
        assertTrue(r.lastChecked().isBefore(partial.started()));
        assertFalse(r.lastChecked().isBefore(millis(quiet.started())));
    }

    /** The database keeps microseconds; the clock may give nanoseconds. */
    private static java.time.Instant millis(java.time.Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** source object id → last_seen_run, read from the table itself. */
    private Map<String, Long> seenMarks() throws Exception {
        Map<String, Long> marks = new TreeMap<>();
        DataSource ds = engine.bean("dataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_id, last_seen_run FROM synchronization")) {
            while (rs.next()) {
                marks.put(rs.getString(1), rs.getLong(2));
            }
        }
        return marks;
    }
}
