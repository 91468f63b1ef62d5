package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety of the writes no transaction covers (POST to the source, create in a remote gateway):
 * the intent is stored before the call, and the next run reconciles it instead of creating the object
 * a second time. The "crash" is a lost answer (the call took effect, the engine never heard), a page
 * rolled back after the call, or a call that never took effect.
 */
class WriteIntentsTest extends EngineTest {

    private void twoWay() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "direction", "two-way",
                "pagination", "page", "pageSize", "4", "retries", "0").start();
        assertEquals(10, engine.sync("pets").created());
        assertEquals(201, engine.http("POST", "/api/pets", obj("name", "born in gateway", "age", 2)).statusCode());
        source.clearRequests();
    }

    @Test
    void aPostWhoseAnswerIsLostIsAdoptedOnTheNextRunNotPostedAgain() {
        twoWay();
        source.loseResponses("POST", "pets", 1);
        RunResult lost = engine.sync("pets");
        assertEquals(1, lost.failed(), lost.line());
        assertEquals(1, source.requestCount("POST"));
        assertEquals(11, source.size("pets"), "the POST took effect at the source");
        SyncRecord intent = onlyIntent();
        assertNull(intent.sourceId(), "the id the source assigned is unknown");
        assertNotNull(intent.gatewayId());
        assertEquals(1, intent.tryCounter());
        String sentKey = source.requestLog().get(source.requestLog().size() - 1).header("Idempotency-Key");
        assertEquals(intent.pendingToken(), sentKey, "the intent's token went out as Idempotency-Key");

        source.clearRequests();
        RunResult reconciled = engine.sync("pets");
        assertEquals(RunStatus.OK, reconciled.status(), reconciled.line());
        assertEquals(0, reconciled.failed() + reconciled.created() + reconciled.pushed(), reconciled.line());
        assertEquals(0, source.requestCount("POST"), "not posted again");
        assertExactlyOnce("born in gateway");
        assertEquals(11, engine.sync("pets").unchanged());
    }

    @Test
    void aPostFollowedByARolledBackPageIsAdoptedOnTheNextRun() {
        twoWay();
        // Between the POST and the page's commit, the intent record changes: the page rolls back after the
        // POST took effect, leaving exactly what a crash at that moment leaves: the intent, nothing else.
        source.respond("pets", request -> {
            if (request.method().equals("POST")) {
                bumpIntentVersion();
            }
            return null;
        });
        RunResult rolledBack = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, rolledBack.status(), rolledBack.line());
        assertEquals(11, source.size("pets"));
        SyncRecord intent = onlyIntent();
        assertEquals(SyncRecordStore.CREATE_IN_SOURCE, intent.pendingAction());
        source.respond("pets", request -> null);

        source.clearRequests();
        RunResult reconciled = engine.sync("pets");
        assertEquals(RunStatus.OK, reconciled.status(), reconciled.line());
        assertEquals(0, source.requestCount("POST"));
        assertExactlyOnce("born in gateway");
        assertEquals(11, engine.sync("pets").unchanged());
    }

    @Test
    void aPostThatNeverTookEffectIsSentAgainWithTheSameTokenAfterACompleteListing() {
        twoWay();
        source.failWrites(500);
        RunResult failed = engine.sync("pets");
        assertEquals(1, failed.failed(), failed.line());
        assertEquals(10, source.size("pets"), "nothing was created");
        String token = onlyIntent().pendingToken();
        source.clearFaults();

        // A listing that breaks off proves nothing: the intent waits.
        source.failPage("pets", 2, 500);
        source.clearRequests();
        RunResult partial = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, partial.status());
        assertEquals(0, source.requestCount("POST"));
        source.clearFaults();

        source.clearRequests();
        RunResult retried = engine.sync("pets");
        assertEquals(RunStatus.OK, retried.status(), retried.line());
        assertEquals(1, retried.pushed(), retried.line());
        List<TestSource.Request> posts = source.requestLog().stream().filter(r -> r.method().equals("POST")).toList();
        assertEquals(1, posts.size());
        assertEquals(token, posts.get(0).header("Idempotency-Key"), "sent again under the same token");
        assertExactlyOnce("born in gateway");
        assertTrue(engine.records("pets").stream().allMatch(r -> r.pendingAction() == null));
        assertEquals(11, engine.sync("pets").unchanged());
    }

    @Test
    void aSourceThatAddsFieldsOfItsOwnIsStillRecognised() {
        twoWay();
        // The source assigns its own id and stamps what it creates; the object still carries every field sent.
        source.respond("pets", request -> {
            if (!request.method().equals("POST")) {
                return null;
            }
            ObjectNode body = TestJson.parseObject(request.body());
            body.put("id", "server-7").put("createdAt", "2026-01-01T00:00:00Z");
            source.put("pets", body);
            return TestSource.Response.json(201, body);
        });
        source.loseResponses("POST", "pets", 1);
        assertEquals(1, engine.sync("pets").failed());
        source.respond("pets", request -> null);

        source.clearRequests();
        RunResult reconciled = engine.sync("pets");
        assertEquals(0, reconciled.failed() + reconciled.created() + reconciled.pushed(), reconciled.line());
        assertEquals(0, source.requestCount("POST"));
        assertExactlyOnce("born in gateway");
        assertNotNull(engine.record("pets", "server-7"));
    }

    @Test
    void aRemoteGatewayCreateWhoseAnswerIsLostIsAdoptedNotCreatedAgain() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.style("gw", TestSource.Style.NEXT_LINK).pageSize("gw", 3);
        source.generate("pets", 10);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "gateway", source.url("/gw"),
                "pagination", "next-link").start();
        source.loseResponses("POST", "gw", 1);
        RunResult first = engine.sync("pets");
        assertEquals(9, first.created(), first.line());
        assertEquals(1, first.failed(), first.line());
        assertEquals(10, source.size("gw"), "the lost create took effect in the remote gateway");
        SyncRecord intent = onlyIntent();
        assertEquals(SyncRecordStore.CREATE_IN_GATEWAY, intent.pendingAction());
        assertNotNull(intent.sourceId());
        assertNull(intent.gatewayId());

        source.clearRequests();
        RunResult second = engine.sync("pets");
        assertEquals(RunStatus.OK, second.status(), second.line());
        assertEquals(0, second.failed(), second.line());
        assertEquals(0, source.requestCount("POST"), "not created again");
        assertEquals(10, source.size("gw"));
        SyncRecord adopted = engine.record("pets", intent.sourceId());
        assertEquals(intent.sourceId(), adopted.gatewayId(), "the remote object's id (it keeps the source's)");
        assertNull(adopted.pendingAction());
        RunResult quiet = engine.sync("pets");
        assertEquals(10, quiet.unchanged(), quiet.line());
        assertEquals(10, source.size("gw"));
    }

    @Test
    void aRemoteReCreateWhoseAnswerIsLostIsNotMadeTwice() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.style("gw", TestSource.Style.NEXT_LINK).pageSize("gw", 3);
        source.generate("pets", 10);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "gateway", source.url("/gw"),
                "pagination", "next-link").start();
        assertEquals(10, engine.sync("pets").created());
        // Deleted in the remote gateway: the one-way re-create PUTs to the old id, which the collection
        // answers with 404, so it becomes a POST, whose answer is lost.
        source.remove("gw", "3");
        source.loseResponses("POST", "gw", 1);
        RunResult lost = engine.sync("pets");
        assertEquals(1, lost.failed(), lost.line());
        assertEquals(10, source.size("gw"), "the re-create took effect");
        SyncRecord intent = engine.record("pets", "3");
        assertEquals(SyncRecordStore.CREATE_IN_GATEWAY, intent.pendingAction());

        source.clearRequests();
        RunResult next = engine.sync("pets");
        assertEquals(0, next.failed() + next.created(), next.line());
        assertEquals(0, source.requestCount("POST") + source.requestCount("PUT"), "not made again");
        assertEquals(10, source.size("gw"));
        assertNull(engine.record("pets", "3").pendingAction());
        assertEquals(10, engine.sync("pets").unchanged());
    }

    // ---- helpers --------------------------------------------------------------------------

    private SyncRecord onlyIntent() {
        List<SyncRecord> intents = engine.records("pets").stream().filter(r -> r.pendingAction() != null).toList();
        assertEquals(1, intents.size(), intents.toString());
        return intents.get(0);
    }

    /** Exactly one object with this name on each side, and one record joining them. */
    private void assertExactlyOnce(String name) {
        List<ObjectNode> inSource = source.all("pets").stream().filter(o -> o.path("name").asText().equals(name)).toList();
        assertEquals(1, inSource.size(), "in the source: " + inSource);
        assertEquals(1, engine.gatewayObjects("pets").stream().filter(o -> o.data().path("name").asText().equals(name))
                .count(), "in the gateway");
        SyncRecord record = engine.record("pets", inSource.get(0).path("id").asText());
        assertNotNull(record, "a record for the created object");
        assertNull(record.pendingAction());
        assertNotNull(engine.gatewayObjectFor("pets", record.sourceId()));
        assertEquals(11, engine.gatewayObjects("pets").size());
        assertEquals(11, source.size("pets"));
        Set<String> gatewayIds = engine.records("pets").stream().map(SyncRecord::gatewayId).collect(Collectors.toSet());
        assertEquals(11, gatewayIds.size(), "one record per gateway object");
    }

    private void bumpIntentVersion() {
        try (Connection c = engine.bean("dataSource", DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE synchronization SET version = version + 1 "
                     + "WHERE source = 'pets' AND pending_action = 'CREATE_IN_SOURCE'")) {
            assertEquals(1, ps.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
