package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.RealServerWrites;
import io.gatewaysync.testsupport.JsonServer;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 28 against a real third-party server, json-server 0.17.4 (npm) as a child process: two-way from
 * a route file, paged by its Link header. It generates ids and keeps what it is sent; and it ignores a
 * merge patch (200 with the old object), which must fail the object and never count as pushed.
 */
class JsonServerWritesTest {

    @TempDir
    Path dir;
    JsonServer server;
    EngineHarness engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String... more) {
        List<ObjectNode> things = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            things.add(TestJson.obj("id", i, "name", "thing " + i));
        }
        server = JsonServer.start(dir.resolve("server"), things);
        List<String> parameters = new ArrayList<>(List.of("direction", "two-way"));
        parameters.addAll(List.of(more));
        engine = new EngineHarness(dir.resolve("engine")).route("things", server.url() + "?_page=1&_limit=2",
                parameters.toArray(String[]::new)).start();
        RunResult first = engine.sync("things");
        assertEquals(RunStatus.OK, first.status(), first.line());
        assertEquals(5, first.created(), first.line());
    }

    /** The two-way checks shared with the other real servers' write tests. */
    private RealServerWrites writes() {
        return new RealServerWrites("things", engine);
    }

    private void editInGateway(Object id, String field, String value) {
        writes().editInGateway(id.toString(), field, value);
    }

    private void assertBothSidesEqual() {
        writes().assertBothSidesEqual(server.all(), "/id");
    }

    private void assertQuiet() {
        writes().assertQuiet();
    }

    @Test
    void aGatewayEditACreateAndASourceEditLeaveBothSidesEqual() {
        start();
        editInGateway(2, "name", "edited in gateway");
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", server.get(2).get("name").asText());
        assertBothSidesEqual();
        assertQuiet();

        assertEquals(201, engine.http("POST", "/api/things", TestJson.obj("name", "made in gateway")).statusCode());
        RunResult created = engine.sync("things");
        assertEquals(1, created.pushed(), created.line());
        ObjectNode made = server.get(6);
        assertEquals("made in gateway", made.get("name").asText());
        assertEquals(6, engine.gatewayObjectFor("things", "6").data().get("id").asInt(),
                "the id json-server generated reached the gateway copy");
        assertBothSidesEqual();
        assertQuiet();

        server.edit(4, "name", "edited at source");
        RunResult updated = engine.sync("things");
        assertEquals(1, updated.updated(), updated.line());
        assertBothSidesEqual();
        assertQuiet();
    }

    @Test
    void aMergePatchJsonServerIgnoresFailsTheObject() {
        start("updateMethod", "PATCH");
        editInGateway(3, "name", "edited in gateway");
        RunResult run = engine.sync("things");
        assertEquals(0, run.pushed(), run.line());
        assertEquals(1, run.failed(), run.line());
        assertEquals("thing 3", server.get(3).get("name").asText(), "json-server kept the old value");
        SyncRecord record = engine.record("things", "3");
        assertTrue(record.lastError().contains("did not apply the write: field 'name' still has its old value \"thing 3\"")
                && record.lastError().contains("merge-patch"), record.lastError());
    }
}
