package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Optimistic locking of synchronization records: a record changed by another writer between the
 * engine's read and its write makes the page roll back instead of overwriting that change, and the
 * next run converges. Deterministic: the other writer acts while the source answers the write-back of
 * one object of the page, i.e. after the page's records were read and before they are written.
 */
class ConcurrentChangeTest extends EngineTest {

    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    @Test
    void aRecordChangedBehindTheEnginesBackRollsThePageBackAndTheNextRunConverges() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = newEngine().route("pets", source.url("/pets"), "direction", "two-way", "pagination", "next-link",
                "retries", "0").start();
        assertEquals(10, engine.sync("pets").created());
        edit("2", "edited 2");
        edit("3", "edited 3");
        SyncRecord two = engine.record("pets", "2");
        SyncRecord three = engine.record("pets", "3");

        // The other writer: while the engine writes object 3 back, record 3 is changed directly in SQL.
        AtomicInteger interventions = new AtomicInteger();
        source.respond("pets", request -> {
            if (request.method().equals("PUT") && request.path().endsWith("/3") && interventions.getAndIncrement() == 0) {
                changeBehindTheEnginesBack("3");
            }
            return null; // then answer normally
        });
        RunResult raced = engine.sync("pets");
        assertEquals(1, interventions.get());
        assertEquals(RunStatus.PARTIAL, raced.status(), raced.line());
        assertEquals(0, raced.pushed(), raced.line());
        assertEquals(2, raced.failed(), raced.line());
        assertEquals(0, raced.deleted(), raced.line());
        assertEquals(8, raced.unchanged(), raced.line());
        assertNotNull(raced.error());

        // Not overwritten: record 3 holds the other writer's change; record 2 was rolled back with it.
        SyncRecord threeAfter = engine.record("pets", "3");
        assertEquals(three.version() + 1, threeAfter.version());
        assertEquals("changed by another writer", threeAfter.lastError());
        assertEquals(three.gatewayHash(), threeAfter.gatewayHash());
        SyncRecord twoAfter = engine.record("pets", "2");
        assertEquals(two.version(), twoAfter.version());
        assertEquals(two.gatewayHash(), twoAfter.gatewayHash());
        assertEquals(10, engine.gatewayObjects("pets").size());

        // The write-backs did reach the source; the next run sees both sides agree and only catches up.
        source.clearRequests();
        RunResult next = engine.sync("pets");
        assertEquals(RunStatus.OK, next.status(), next.line());
        assertEquals(10, next.unchanged(), next.line());
        assertEquals(0, next.conflicts() + next.failed() + next.pushed() + next.updated(), next.line());
        assertEquals(0, source.requestCount("PUT"));
        assertEquals("edited 3", source.get("pets", "3").path("name").asText());
        assertEquals("edited 3", engine.gatewayObjectFor("pets", "3").data().path("name").asText());
        SyncRecord converged = engine.record("pets", "3");
        assertEquals(engine.gatewayObjectFor("pets", "3").hash(), converged.gatewayHash());
        assertEquals(converged.gatewayHash(), converged.sourceHash());

        RunResult quiet = engine.sync("pets");
        assertEquals(10, quiet.unchanged(), quiet.line());
        assertEquals(10, engine.gatewayObjects("pets").size());
        assertEquals(10, source.size("pets"));
    }

    private void edit(String sourceId, String name) {
        StoredObject object = engine.gatewayObjectFor("pets", sourceId);
        ObjectNode edited = object.data().deepCopy().put("name", name);
        assertEquals(200, engine.http("PUT", "/api/pets/" + object.id(), edited).statusCode());
    }

    private void changeBehindTheEnginesBack(String sourceId) {
        DataSource db = engine.bean("dataSource", DataSource.class);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE synchronization "
                + "SET last_error = 'changed by another writer', version = version + 1 WHERE source = 'pets' AND source_id = ?")) {
            ps.setString(1, sourceId);
            assertEquals(1, ps.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
