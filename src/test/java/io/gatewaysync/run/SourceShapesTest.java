package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.ShapedSource;
import io.gatewaysync.testsupport.ShapedSource.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every listing shape of {@link ShapedSource}, synced from a route file by the engine: the initial
 * run, a quiet one, an edit and a delete at the source and (where the shape takes writes) in the
 * gateway, written back in the shape's own style.
 */
class SourceShapesTest {

    @TempDir
    Path dir;
    ShapedSource source;
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

    static String[] parameters(Shape shape) {
        List<String> p = new ArrayList<>(List.of("direction", "two-way"));
        switch (shape) {
            case CURSOR -> p.addAll(List.of("pagination", "cursor", "cursorPath", "meta.next_cursor", "cursorParam", "cursor"));
            case RANGE -> p.addAll(List.of("pagination", "range", "pageSize", "3"));
            case POSTGREST -> p.addAll(List.of("pagination", "postgrest", "pageSize", "3"));
            case URL_IDS -> p.addAll(List.of("idPath", "url"));
            case PATCH_ONLY -> p.addAll(List.of("updateMethod", "PATCH"));
            default -> p.addAll(List.of("pagination", "auto"));
        }
        return p.toArray(String[]::new);
    }

    private String id(String key) {
        return source.shape() == Shape.URL_IDS ? source.url() + "/" + key : key;
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void syncsBothWaysFromARouteFile(Shape shape) {
        source = ShapedSource.start(shape);
        List<String> keys = source.generate(7);
        engine = new EngineHarness(dir).route("things", source.url(), parameters(shape)).start();

        RunResult first = engine.sync("things");
        assertEquals(RunStatus.OK, first.status(), first.line());
        assertEquals(7, first.created());
        assertEquals(7, engine.gatewayObjects("things").size());
        assertEquals(7, engine.sync("things").unchanged());

        source.edit(keys.get(1), "name", "edited at source");
        RunResult edited = engine.sync("things");
        assertEquals(1, edited.updated(), edited.line());
        String shown = engine.gatewayObjectFor("things", id(keys.get(1))).data().toString();
        assertTrue(shown.contains("edited at source"), shown);

        source.remove(keys.get(3));
        RunResult deleted = engine.sync("things");
        assertEquals(1, deleted.deleted(), deleted.line());
        assertNull(engine.gatewayObjectFor("things", id(keys.get(3))));
        assertEquals(6, engine.gatewayObjects("things").size());

        StoredObject two = engine.gatewayObjectFor("things", id(keys.get(2)));
        ObjectNode changed = two.data().deepCopy();
        // JSON:API: the gateway keeps the resource as listed; its fields are its attributes.
        (shape == Shape.JSON_API ? (ObjectNode) changed.get("attributes") : changed).put("name", "edited in gateway");
        assertEquals(200, engine.http("PUT", "/api/things/" + two.id(), changed).statusCode());
        source.clearRequests();
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", source.field(keys.get(2), "name").asText());
        if (shape == Shape.PATCH_ONLY) {
            ShapedSource.Request patch = source.requests("PATCH").get(0);
            assertTrue(patch.contentType().startsWith("application/merge-patch+json"), patch.toString());
            assertEquals("{\"name\":\"edited in gateway\"}", patch.body(), "only what changed");
            assertEquals(0, source.requests("PUT").size());
        }
        if (shape == Shape.JSON_API) {
            ShapedSource.Request patch = source.requests("PATCH").get(0);
            assertTrue(patch.contentType().startsWith("application/vnd.api+json"), patch.toString());
            assertTrue(patch.body().startsWith("{\"data\":{\"type\":\"things\",\"id\":\"" + keys.get(2) + "\""), patch.body());
            assertEquals(0, source.requests("PUT").size());
        }
        assertEquals(6, engine.sync("things").unchanged(), "quiet after the write-back");

        StoredObject four = engine.gatewayObjectFor("things", id(keys.get(4)));
        assertEquals(204, engine.http("DELETE", "/api/things/" + four.id(), null).statusCode());
        RunResult gone = engine.sync("things");
        assertEquals(RunStatus.OK, gone.status(), gone.line());
        assertNull(source.get(keys.get(4)));
        assertEquals(5, source.size());
        assertEquals(5, engine.sync("things").unchanged());

        if (shape == Shape.JSON_API) {
            // Made in the gateway: POSTed as a JSON:API document; the server's id comes back in data.id.
            ObjectNode made = (ObjectNode) io.gatewaysync.testsupport.TestJson.parse(
                    "{\"type\":\"things\",\"attributes\":{\"name\":\"made in gateway\"}}");
            assertEquals(201, engine.http("POST", "/api/things", made).statusCode());
            RunResult created = engine.sync("things");
            assertEquals(1, created.pushed(), created.line());
            assertEquals(6, source.size());
            assertEquals("made in gateway", source.field("new-1", "name").asText());
            assertEquals(6, engine.sync("things").unchanged(), "quiet after the create");
        }
    }

    @Test
    void aCursorThatRepeatsEndsPartialAndDeletesNothing() {
        source = ShapedSource.start(Shape.CURSOR);
        List<String> keys = source.generate(12);
        engine = new EngineHarness(dir).route("things", source.url(), parameters(Shape.CURSOR)).start();
        assertEquals(12, engine.sync("things").created());
        source.loopCursor();
        source.remove(keys.get(11));
        RunResult run = engine.sync("things");
        assertEquals(RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.deleted());
        assertEquals(12, engine.gatewayObjects("things").size());
        assertTrue(run.error() != null && run.error().contains("cursor"), run.line());
    }

    @Test
    void aContentRangeOtherThanAskedEndsPartialAndDeletesNothing() {
        source = ShapedSource.start(Shape.RANGE);
        List<String> keys = source.generate(8);
        engine = new EngineHarness(dir).route("things", source.url(), parameters(Shape.RANGE)).start();
        assertEquals(8, engine.sync("things").created());
        source.inconsistentRange();
        source.remove(keys.get(7));
        RunResult run = engine.sync("things");
        assertEquals(RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.deleted());
        assertEquals(8, engine.gatewayObjects("things").size());
    }

    /**
     * PostgREST caps every reply at max-rows (here 3, while 100 are asked), and without a count no reply
     * tells the total: a short page is not the end, the empty page is. Ending at the first short page
     * would have taken 3 objects for the whole listing and deleted the other 4.
     */
    @Test
    void postgrestWithoutATotalReadsOnToTheEmptyPage() {
        source = ShapedSource.start(Shape.POSTGREST).countIgnored();
        List<String> keys = source.generate(7);
        engine = new EngineHarness(dir).route("things", source.url(), "pagination", "postgrest", "pageSize", "100").start();
        RunResult first = engine.sync("things");
        assertEquals(RunStatus.OK, first.status(), first.line());
        assertEquals(7, first.created(), first.line());
        assertEquals(List.of("0-99", "3-102", "6-105", "7-106"), ranges(), "the capped pages, then the empty one");
        source.clearRequests();
        source.remove(keys.get(5));
        RunResult second = engine.sync("things");
        assertEquals(RunStatus.OK, second.status(), second.line());
        assertEquals(1, second.deleted(), second.line());
        assertEquals(6, second.unchanged(), second.line());
        assertEquals(List.of("0-99", "3-102", "6-105"), ranges());
    }

    /** The Range headers of the listing requests the source received. */
    private List<String> ranges() {
        return source.requests("GET").stream().map(ShapedSource.Request::range).filter(java.util.Objects::nonNull).toList();
    }

    /** PostgREST ignores {@code Range: items=…}: the listing of a source set to {@code range} breaks off, naming the fix. */
    @Test
    void postgrestUnderTheItemsDialectEndsPartialNamingTheDialect() {
        source = ShapedSource.start(Shape.POSTGREST);
        source.generate(7);
        engine = new EngineHarness(dir).route("things", source.url(), "pagination", "range", "pageSize", "3").start();
        RunResult run = engine.sync("things");
        assertEquals(RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.deleted());
        assertTrue(run.error() != null && run.error().contains("use pagination 'postgrest'"), run.line());
    }

    @Test
    void aZgwUrlOnAnotherOriginIsRefused() {
        source = ShapedSource.start(Shape.URL_IDS);
        List<String> keys = source.generate(2);
        ObjectNode foreign = source.get(keys.get(0)).put("url", "http://192.0.2.1:9/api/things/" + keys.get(0));
        source.put(keys.get(0), foreign);
        engine = new EngineHarness(dir).route("things", source.url(), parameters(Shape.URL_IDS)).start();
        assertEquals(2, engine.sync("things").created());
        StoredObject f = engine.gatewayObjectFor("things", "http://192.0.2.1:9/api/things/" + keys.get(0));
        assertNotNull(f);
        engine.http("PUT", "/api/things/" + f.id(), f.data().deepCopy().put("name", "x"));
        RunResult run = engine.sync("things");
        assertEquals(1, run.failed(), run.line());
        assertTrue(source.requests("PUT").isEmpty());
    }
}
