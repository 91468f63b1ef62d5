package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two-way scenarios end to end, including write-back and the conflict rule. */
class TwoWayScenariosTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    /** The engine under test; subclasses run the same scenarios on another database. */
    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    void start(TestSource.Style style, String... parameters) {
        source = TestSource.start();
        source.style("pets", style).pageSize("pets", 4);
        source.generate("pets", 10);
        String[] all = new String[parameters.length + 6];
        all[0] = "direction";
        all[1] = "two-way";
        all[2] = "pagination";
        all[3] = style == TestSource.Style.PAGE ? "page" : "next-link";
        all[4] = "pageSize";
        all[5] = "4";
        System.arraycopy(parameters, 0, all, 6, parameters.length);
        engine = newEngine().route("pets", source.url("/pets"), all).start();
        assertEquals(10, engine.sync("pets").created());
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

    private StoredObject editInGateway(String sourceId, String field, String value) {
        StoredObject object = engine.gatewayObjectFor("pets", sourceId);
        ObjectNode edited = object.data().deepCopy().put(field, value);
        assertEquals(200, engine.http("PUT", "/api/pets/" + object.id(), edited).statusCode());
        return object;
    }

    @Test
    void aGatewayEditIsWrittenBackWithPutAndTheNextRunsAreQuiet() {
        start(TestSource.Style.NEXT_LINK);
        editInGateway("3", "name", "edited in gateway");
        RunResult run = engine.sync("pets");
        assertEquals(1, run.pushed());
        assertEquals("edited in gateway", source.get("pets", "3").path("name").asText());
        assertEquals(1, source.requestCount("PUT"));

        RunResult second = engine.sync("pets");
        assertEquals(10, second.unchanged(), second.line());
        RunResult third = engine.sync("pets");
        assertEquals(10, third.unchanged(), third.line());
        assertEquals(1, source.requestCount("PUT"));
    }

    @Test
    void anObjectCreatedInTheGatewayIsPostedAndKeepsTheAssignedId() {
        start(TestSource.Style.PAGE);
        var created = engine.http("POST", "/api/pets", obj("name", "born in gateway"));
        assertEquals(201, created.statusCode());
        RunResult run = engine.sync("pets");
        assertEquals(1, run.pushed(), run.line());
        List<ObjectNode> inSource = source.all("pets");
        ObjectNode posted = inSource.stream().filter(o -> o.path("name").asText().equals("born in gateway"))
                .findFirst().orElseThrow();
        String assigned = posted.path("id").asText();
        SyncRecord record = engine.record("pets", assigned);
        assertNotNull(record, "the record holds the id the source assigned");
        RunResult next = engine.sync("pets");
        assertEquals(11, next.unchanged(), next.line());
        assertEquals(0, next.created());
        assertEquals(11, engine.gatewayObjects("pets").size());
    }

    @Test
    void anObjectDeletedInTheGatewayIsDeletedInTheSourceAfterTheListing() {
        start(TestSource.Style.PAGE);
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        assertEquals(204, engine.http("DELETE", "/api/pets/" + three.id(), null).statusCode());
        source.clearRequests();
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status());
        assertEquals(1, run.pushed());
        assertNull(source.get("pets", "3"));
        List<String> requests = source.requests();
        int delete = indexOf(requests, "DELETE");
        for (int i = delete + 1; i < requests.size(); i++) {
            assertTrue(!requests.get(i).startsWith("GET /pets?"), "no listing page after the delete: " + requests);
        }
        assertNull(engine.record("pets", "3"));
        assertEquals(9, engine.sync("pets").unchanged());
    }

    @Test
    void aSourceDeleteIsNotMadeWhenTheListingBreaksOff() {
        start(TestSource.Style.PAGE);
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        engine.http("DELETE", "/api/pets/" + three.id(), null);
        source.failPage("pets", 3, 503);
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, run.status());
        assertNotNull(source.get("pets", "3"));
        assertEquals(0, source.requestCount("DELETE"));
        source.clearFaults();
        engine.sync("pets");
        assertNull(source.get("pets", "3"));
    }

    @Test
    void deletedInTheGatewayButChangedAtTheSourceIsRecreatedInTheGateway() {
        start(TestSource.Style.NEXT_LINK);
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        engine.http("DELETE", "/api/pets/" + three.id(), null);
        source.put("pets", obj("id", "3", "name", "changed at source", "n", 3));
        RunResult run = engine.sync("pets");
        assertEquals(1, run.created());
        assertEquals(0, source.requestCount("DELETE"));
        assertEquals("changed at source", engine.gatewayObjectFor("pets", "3").data().path("name").asText());
    }

    @Test
    void deletedAtTheSourceButChangedInTheGatewayIsRecreatedInTheSource() {
        start(TestSource.Style.NEXT_LINK);
        editInGateway("3", "name", "still wanted");
        source.remove("pets", "3");
        RunResult run = engine.sync("pets");
        assertEquals(1, run.pushed(), run.line());
        assertEquals(0, run.deleted());
        ObjectNode recreated = source.all("pets").stream()
                .filter(o -> o.path("name").asText().equals("still wanted")).findFirst().orElseThrow();
        assertNotNull(engine.record("pets", recreated.path("id").asText()));
        assertEquals(10, engine.sync("pets").unchanged());
    }

    @Test
    void aConflictGoesToTheNewerChangeDate() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK);
        source.put("pets", obj("id", "1", "name", "one", "updatedAt", "2026-01-01T00:00:00Z"));
        source.put("pets", obj("id", "2", "name", "two", "updatedAt", "2026-01-01T00:00:00Z"));
        engine = newEngine().route("pets", source.url("/pets"), "direction", "two-way",
                "lastChangedPath", "updatedAt").start();
        engine.sync("pets");
        // Object 1: the source changes later than the gateway edit (date far in the future) -> source wins.
        editInGateway("1", "name", "gateway edit 1");
        source.put("pets", obj("id", "1", "name", "source edit 1", "updatedAt", "2099-01-01T00:00:00Z"));
        // Object 2: the source change carries an old date, the gateway edit is now -> gateway wins.
        editInGateway("2", "name", "gateway edit 2");
        source.put("pets", obj("id", "2", "name", "source edit 2", "updatedAt", "2026-01-02T00:00:00Z"));
        RunResult run = engine.sync("pets");
        assertEquals(2, run.conflicts(), run.line());
        assertEquals("source edit 1", engine.gatewayObjectFor("pets", "1").data().path("name").asText());
        assertEquals("gateway edit 2", source.get("pets", "2").path("name").asText());
    }

    @Test
    void withoutDatesTheSourceOfTruthWinsAConflict() {
        start(TestSource.Style.NEXT_LINK, "sourceOfTruth", "gateway");
        editInGateway("3", "name", "gateway wins");
        source.put("pets", obj("id", "3", "name", "source loses", "n", 3));
        RunResult run = engine.sync("pets");
        assertEquals(1, run.conflicts());
        assertEquals("gateway wins", source.get("pets", "3").path("name").asText());
    }

    @Test
    void withoutDatesTheSourceWinsByDefault() {
        start(TestSource.Style.NEXT_LINK);
        editInGateway("3", "name", "gateway loses");
        source.put("pets", obj("id", "3", "name", "source wins", "n", 3));
        RunResult run = engine.sync("pets");
        assertEquals(1, run.conflicts());
        assertEquals("source wins", engine.gatewayObjectFor("pets", "3").data().path("name").asText());
        assertEquals(0, source.requestCount("PUT"));
    }

    @Test
    void aFailedWriteBackIsCountedAndKeptOnTheRecord() {
        start(TestSource.Style.NEXT_LINK);
        editInGateway("3", "name", "edited");
        source.failWrites(500);
        RunResult run = engine.sync("pets");
        assertEquals(1, run.failed(), run.line());
        SyncRecord record = engine.record("pets", "3");
        assertEquals(1, record.tryCounter());
        assertTrue(record.lastError().contains("500"), record.lastError());
        source.clearFaults();
        RunResult retry = engine.sync("pets");
        assertEquals(1, retry.pushed(), retry.line());
        assertEquals(0, engine.record("pets", "3").tryCounter());
    }

    private static int indexOf(List<String> requests, String method) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).startsWith(method)) {
                return i;
            }
        }
        throw new AssertionError("no " + method + " in " + requests);
    }
}
