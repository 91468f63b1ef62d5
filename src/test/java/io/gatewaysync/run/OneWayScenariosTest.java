package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every one-way scenario end to end: real HTTP source, shipped template, embedded gateway on H2. */
class OneWayScenariosTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    /** The engine under test; subclasses run the same scenarios on another database. */
    protected EngineHarness newEngine() {
        return new EngineHarness(dir);
    }

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = newEngine().route("pets", source.url("/pets"), "pagination", "next-link").start();
    }

    @AfterEach
    void stop() {
        engine.close();
        source.close();
    }

    @Test
    void firstRunCreatesEveryObjectAndLaterRunsAreQuiet() {
        RunResult first = engine.sync("pets");
        assertEquals(RunStatus.OK, first.status());
        assertEquals(10, first.created());
        assertEquals(10, engine.gatewayObjects("pets").size());
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        assertEquals("pets 3", three.data().path("name").asText());

        RunResult second = engine.sync("pets");
        assertEquals(10, second.unchanged());
        assertEquals(0, second.created() + second.updated() + second.deleted() + second.pushed() + second.failed());

        source.clearRequests();
        RunResult third = engine.sync("pets");
        assertEquals(10, third.unchanged());
        assertEquals(0, source.requestCount("PUT") + source.requestCount("POST") + source.requestCount("DELETE"));
        assertTrue(first.line().startsWith("source=pets status=OK created=10 updated=0 deleted=0 unchanged=0"));
    }

    @Test
    void aChangeAtTheSourceUpdatesTheGateway() {
        engine.sync("pets");
        source.put("pets", obj("id", "3", "name", "renamed", "n", 3));
        RunResult run = engine.sync("pets");
        assertEquals(1, run.updated());
        assertEquals(9, run.unchanged());
        assertEquals("renamed", engine.gatewayObjectFor("pets", "3").data().path("name").asText());
    }

    @Test
    void keyOrderAndFormattingAloneAreNoChange() {
        engine.sync("pets");
        source.put("pets", obj("n", 3, "name", "pets 3", "id", "3"));
        assertEquals(10, engine.sync("pets").unchanged());
    }

    @Test
    void aGatewayEditIsRestoredFromTheSourceInOneWayMode() {
        engine.sync("pets");
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in gateway");
        assertEquals(200, engine.http("PUT", "/api/pets/" + three.id(), edited).statusCode());
        RunResult run = engine.sync("pets");
        assertEquals(1, run.updated());
        assertEquals("pets 3", engine.gatewayObjectFor("pets", "3").data().path("name").asText());
        assertEquals(0, source.requestCount("PUT"));
    }

    @Test
    void anObjectDeletedAtTheSourceIsDeletedFromTheGateway() {
        engine.sync("pets");
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        source.remove("pets", "3");
        RunResult run = engine.sync("pets");
        assertEquals(1, run.deleted());
        assertEquals(9, engine.gatewayObjects("pets").size());
        assertNull(engine.record("pets", "3"));
        assertEquals(404, engine.http("GET", "/api/pets/" + three.id(), null).statusCode());
    }

    @Test
    void onSourceDeleteKeepLeavesTheGatewayCopy() {
        engine.close();
        engine = newEngine().route("pets", source.url("/pets"), "onSourceDelete", "keep").start();
        engine.sync("pets");
        source.remove("pets", "3");
        RunResult run = engine.sync("pets");
        assertEquals(0, run.deleted());
        assertEquals(10, engine.gatewayObjects("pets").size());
        assertEquals(0, engine.sync("pets").deleted());
    }

    @Test
    void anObjectDeletedInTheGatewayIsRecreatedFromTheSource() {
        engine.sync("pets");
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        assertEquals(204, engine.http("DELETE", "/api/pets/" + three.id(), null).statusCode());
        RunResult run = engine.sync("pets");
        assertEquals(1, run.created());
        assertNotNull(engine.gatewayObjectFor("pets", "3"));
        assertEquals(10, engine.gatewayObjects("pets").size());
        assertEquals(0, source.requestCount("DELETE"));
    }

    @Test
    void aGatewayOnlyObjectIsLeftAloneInOneWayMode() {
        engine.sync("pets");
        assertEquals(201, engine.http("POST", "/api/pets", obj("name", "made in gateway")).statusCode());
        RunResult run = engine.sync("pets");
        assertEquals(10, run.unchanged());
        assertEquals(11, engine.gatewayObjects("pets").size());
        assertEquals(0, source.requestCount("POST"));
    }

    @Test
    void stateSurvivesARestart() {
        engine.sync("pets");
        engine.restart();
        RunResult afterRestart = engine.sync("pets");
        assertEquals(10, afterRestart.unchanged());
        assertEquals(0, afterRestart.created());
        assertEquals(10, engine.gatewayObjects("pets").size());
    }

    @Test
    void anIncompleteListingSyncsWhatItReadAndDeletesNothing() {
        engine.sync("pets");
        source.remove("pets", "1");
        source.put("pets", obj("id", "2", "name", "changed", "n", 2));
        source.failPage("pets", 3, 500);
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, run.status());
        assertEquals(0, run.deleted());
        assertEquals(1, run.updated());
        assertEquals(10, engine.gatewayObjects("pets").size());
        assertNotNull(engine.record("pets", "1"));
    }
}
