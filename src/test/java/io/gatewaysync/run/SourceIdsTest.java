package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Nested, composite and number-or-string ids, and objects without one, synced from a route file. */
class SourceIdsTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private void start(String idPath) {
        engine = new EngineHarness(dir).route("things", source.url("/things"), "pagination", "none", "idPath", idPath).start();
    }

    @Test
    void aNestedIdAsNumberOrStringIsOneObject() {
        source = TestSource.start();
        source.style("things", TestSource.Style.NONE);
        source.put("things", obj("id", "a", "identificatie", obj("nummer", 7), "name", "x"));
        start("identificatie.nummer");
        assertEquals(1, engine.sync("things").created());
        assertNotNull(engine.record("things", "7"));
        source.put("things", obj("id", "a", "identificatie", obj("nummer", "7"), "name", "y"));
        RunResult run = engine.sync("things");
        assertEquals(0, run.created(), run.line());
        assertEquals(1, run.updated(), run.line());
        assertEquals(1, engine.gatewayObjects("things").size());
    }

    @Test
    void compositeIdsAreUnambiguous() {
        source = TestSource.start();
        source.style("things", TestSource.Style.NONE);
        source.put("things", obj("id", "1", "kvk", 1, "ves", "x,y"));
        source.put("things", obj("id", "2", "kvk", "1,x", "ves", "y"));
        start("kvk,ves");
        assertEquals(2, engine.sync("things").created());
        assertNotNull(engine.record("things", "1,x\\,y"));
        assertNotNull(engine.record("things", "1\\,x,y"));
        assertEquals(2, engine.sync("things").unchanged());
    }

    @Test
    void anObjectWithoutAnIdFailsAloneAndDeletesNothing() {
        source = TestSource.start();
        source.style("things", TestSource.Style.NONE);
        source.put("things", obj("id", "a", "ref", "A"));
        source.put("things", obj("id", "b", "ref", "B"));
        start("ref");
        assertEquals(2, engine.sync("things").created());
        source.put("things", obj("id", "a", "other", "lost its ref"));
        source.put("things", obj("id", "c"));
        RunResult run = engine.sync("things");
        assertEquals(2, run.failed(), run.line());
        assertEquals(1, run.unchanged(), run.line());
        assertEquals(0, run.deleted(), "an object whose id is missing is not proof that A is gone: " + run.line());
        assertEquals(2, engine.gatewayObjects("things").size());
    }
}
