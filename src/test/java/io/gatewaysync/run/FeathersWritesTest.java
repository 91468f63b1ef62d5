package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.RealServerWrites;
import io.gatewaysync.testsupport.FeathersServer;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 28 against a real FeathersJS 5 service (npm) whose hooks set {@code createdAt} / {@code updatedAt}
 * on every write and which generates ids: a page/offset API ({@code $skip}/{@code $limit}). After a
 * gateway edit, a gateway create and a source edit, both sides hold equal data
 * field by field — the server's timestamps and ids included — and the next run is quiet. Its body parser
 * ignores {@code application/merge-patch+json}, which must fail the object, never count as pushed.
 */
class FeathersWritesTest {

    @TempDir
    Path dir;
    FeathersServer server;
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
        server = FeathersServer.start(dir.resolve("server"), things);
        List<String> parameters = new ArrayList<>(List.of("direction", "two-way", "pagination", "offset",
                "offsetParam", "$skip", "limitParam", "$limit", "pageSize", "2"));
        parameters.addAll(List.of(more));
        engine = new EngineHarness(dir.resolve("engine")).route("things", server.url(), parameters.toArray(String[]::new))
                .start();
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
    void serverSetTimestampsAndIdsReachTheGateway() {
        start();
        String before = server.get(2).get("updatedAt").asText();
        editInGateway(2, "name", "edited in gateway");
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        assertNotEquals(before, server.get(2).get("updatedAt").asText(), "Feathers stamped the write");
        assertBothSidesEqual();
        assertQuiet();

        assertEquals(201, engine.http("POST", "/api/things", TestJson.obj("name", "made in gateway")).statusCode());
        RunResult created = engine.sync("things");
        assertEquals(1, created.pushed(), created.line());
        assertEquals("made in gateway", server.get(100).get("name").asText());
        assertBothSidesEqual(); // id 100, createdAt and updatedAt in the gateway copy
        assertQuiet();

        server.edit(4, "name", "edited at source");
        RunResult updated = engine.sync("things");
        assertEquals(1, updated.updated(), updated.line());
        assertBothSidesEqual();
        assertQuiet();
    }

    /**
     * Feathers' Koa body parser does not read {@code application/merge-patch+json}: the PATCH arrives empty,
     * the hook stamps {@code updatedAt}, and the answer is 200 with the old name. The object fails, saying
     * so; it is not counted as pushed, and the gateway keeps its edit for the next try.
     */
    @Test
    void aMergePatchFeathersIgnoresFailsTheObjectAndKeepsTheGatewayEdit() {
        start("updateMethod", "PATCH");
        editInGateway(3, "name", "patched in gateway");
        RunResult run = engine.sync("things");
        assertEquals(0, run.pushed(), run.line());
        assertEquals(1, run.failed(), run.line());
        assertEquals("thing 3", server.get(3).get("name").asText(), "Feathers kept the old value");
        String error = engine.record("things", "3").lastError();
        assertTrue(error.contains("the source answered HTTP 200 but did not apply the write: field 'name' still has its "
                + "old value \"thing 3\" (sent \"patched in gateway\")"), error);
        assertEquals("patched in gateway", engine.gatewayObjectFor("things", "3").data().get("name").asText(),
                "the gateway edit is not lost");
    }
}
