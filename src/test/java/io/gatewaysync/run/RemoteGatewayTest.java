package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A remote gateway: the source is synced into an {@code http://} collection, here the same engine's
 * own gateway API on another schema ({@code /api/copies}), so every gateway call is real HTTP:
 * POST to create, GET per object to look up, PUT to update, DELETE, and the paged collection listing
 * for the gateway-only sweep.
 */
class RemoteGatewayTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;
    String copies;

    void start(String... parameters) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = new EngineHarness(dir).property("gateway.page-size", "3"); // the remote listing pages too
        copies = "http://localhost:" + engine.port() + "/api/copies";
        String[] all = new String[parameters.length + 4];
        all[0] = "gateway";
        all[1] = copies;
        all[2] = "pagination";
        all[3] = "next-link";
        System.arraycopy(parameters, 0, all, 4, parameters.length);
        engine.route("pets", source.url("/pets"), all).start();
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

    /** The remote copy of a source object, through the record's gateway id. */
    StoredObject copyOf(String sourceId) {
        SyncRecord record = engine.record("pets", sourceId);
        assertNotNull(record, "record of " + sourceId);
        assertEquals(copies, record.gatewaySchema());
        return engine.gatewayObjects("copies").stream().filter(o -> o.id().equals(record.gatewayId()))
                .findFirst().orElse(null);
    }

    Map<String, String> modificationDates() {
        Map<String, String> dates = new HashMap<>();
        engine.gatewayObjects("copies").forEach(o -> dates.put(o.id(), o.dateModified().toString()));
        return dates;
    }

    void assertQuiet(RunResult run, int unchanged) {
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(unchanged, run.unchanged(), run.line());
        assertEquals(0, run.created() + run.updated() + run.deleted() + run.pushed() + run.failed()
                + run.conflicts(), run.line());
    }

    @Test
    void createUpdateDeleteAndQuietRunsThroughTheRemoteCollection() {
        start();
        RunResult first = engine.sync("pets");
        assertEquals(RunStatus.OK, first.status(), first.line() + " " + first.error());
        assertEquals(10, first.created(), first.line());
        assertEquals(10, engine.gatewayObjects("copies").size());
        assertTrue(engine.gatewayObjects("pets").isEmpty(), "nothing may land in the embedded schema 'pets'");
        StoredObject three = copyOf("3");
        assertEquals(TestJson.write(source.get("pets", "3")), TestJson.write(three.data()));

        // Seen through the API as a user of the remote gateway would.
        HttpResponse<String> list = engine.http("GET", "/api/copies", null);
        assertEquals(200, list.statusCode());
        JsonNode page = TestJson.parse(list.body());
        assertEquals(10, page.path("count").asInt());
        assertEquals(3, page.path("results").size());

        Map<String, String> dates = modificationDates();
        assertQuiet(engine.sync("pets"), 10);
        assertEquals(dates, modificationDates(), "a quiet run must not write to the remote gateway");

        source.put("pets", obj("id", "3", "name", "renamed", "n", 3));
        RunResult update = engine.sync("pets");
        assertEquals(1, update.updated(), update.line());
        assertEquals(9, update.unchanged(), update.line());
        assertEquals("renamed", copyOf("3").data().path("name").asText());
        assertEquals(three.id(), copyOf("3").id(), "updated in place, same remote id");

        StoredObject five = copyOf("5");
        source.remove("pets", "5");
        RunResult delete = engine.sync("pets");
        assertEquals(1, delete.deleted(), delete.line());
        assertEquals(9, engine.gatewayObjects("copies").size());
        assertEquals(404, engine.http("GET", "/api/copies/" + five.id(), null).statusCode());
        assertNull(engine.record("pets", "5"));

        dates = modificationDates();
        assertQuiet(engine.sync("pets"), 9);
        assertQuiet(engine.sync("pets"), 9);
        assertEquals(dates, modificationDates());
        assertEquals(0, source.requestCount("PUT") + source.requestCount("POST") + source.requestCount("DELETE"));
    }

    @Test
    void oneWayRestoresARemoteEditAndLeavesRemoteOnlyObjectsAlone() {
        start();
        engine.sync("pets");
        StoredObject three = copyOf("3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited remotely");
        assertEquals(200, engine.http("PUT", "/api/copies/" + three.id(), edited).statusCode());
        // Objects only in the remote collection, on more than one of its pages (page size 3).
        for (int i = 0; i < 4; i++) {
            assertEquals(201, engine.http("POST", "/api/copies", obj("name", "only remote " + i)).statusCode());
        }

        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(1, run.updated(), run.line());
        assertEquals(0, run.failed(), run.line());
        assertEquals("pets 3", copyOf("3").data().path("name").asText());
        assertEquals(14, engine.gatewayObjects("copies").size());
        assertEquals(0, source.requestCount("POST"));
        assertQuiet(engine.sync("pets"), 10);
    }

    @Test
    void anObjectDeletedInTheRemoteGatewayIsRecreated() {
        start();
        engine.sync("pets");
        StoredObject three = copyOf("3");
        assertEquals(204, engine.http("DELETE", "/api/copies/" + three.id(), null).statusCode());

        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(0, run.failed(), run.line() + " " + engine.record("pets", "3"));
        assertEquals(1, run.created(), run.line());
        assertEquals(10, engine.gatewayObjects("copies").size());
        StoredObject again = copyOf("3");
        assertNotNull(again, "the record points at the re-created copy");
        assertEquals("pets 3", again.data().path("name").asText());
        assertQuiet(engine.sync("pets"), 10);
    }

    @Test
    void twoWayWritesRemoteEditsAndRemoteCreationsBackToTheSource() {
        start("direction", "two-way");
        engine.sync("pets");
        StoredObject four = copyOf("4");
        ObjectNode edited = four.data().deepCopy().put("name", "edited remotely");
        engine.http("PUT", "/api/copies/" + four.id(), edited);
        HttpResponse<String> created = engine.http("POST", "/api/copies", obj("name", "born remote"));
        assertEquals(201, created.statusCode());
        String remoteId = TestJson.parse(created.body()).path("_self").path("id").asText();

        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(2, run.pushed(), run.line());
        assertEquals(0, run.failed(), run.line());
        assertEquals("edited remotely", source.get("pets", "4").path("name").asText());
        List<ObjectNode> born = source.all("pets").stream()
                .filter(o -> o.path("name").asText().equals("born remote")).toList();
        assertEquals(1, born.size());
        String sourceId = born.get(0).path("id").asText();
        assertEquals(remoteId, engine.record("pets", sourceId).gatewayId());
        assertFalse(born.get(0).has("_self"), "_self is the gateway's, never written to the source");

        RunResult quiet = engine.sync("pets");
        assertQuiet(quiet, 11);
        assertEquals(1, source.requestCount("POST"));
        assertEquals(1, source.requestCount("PUT"));
    }
}
