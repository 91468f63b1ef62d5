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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSONata mappings end to end: two sources of different shapes on one gateway schema, each mapped to
 * the gateway's shape and back; a changed mapping re-delivers every object once; a failing mapping
 * fails its object only.
 */
class MappingTest {

    /** A: {fullName, town}. B: {name, place}. The gateway: {name, city}. */
    static final String A_TO_GATEWAY = "{\"name\": fullName, \"city\": town}";
    static final String GATEWAY_TO_A = "{\"fullName\": name, \"town\": city}";
    static final String B_TO_GATEWAY = "{\"name\": name, \"city\": place}";
    static final String GATEWAY_TO_B = "{\"name\": name, \"place\": city}";

    @TempDir
    Path dir;
    TestSource a;
    TestSource b;
    EngineHarness engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static ObjectNode byField(TestSource source, String field, String value) {
        return source.all("people").stream().filter(o -> o.path(field).asText().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + source.all("people")));
    }

    private void assertQuiet(String source) {
        RunResult run = engine.sync(source);
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(0, run.created() + run.updated() + run.deleted() + run.pushed() + run.failed() + run.conflicts(),
                "a further run is quiet: " + run.line());
    }

    @Test
    void twoSourcesOfDifferentShapesSyncWithEachOtherThroughMappings() throws Exception {
        a = TestSource.start();
        b = TestSource.start();
        a.put("people", obj("id", "a1", "fullName", "Ann Smith", "town", "Amsterdam"));
        a.put("people", obj("id", "a2", "fullName", "Abe Jones", "town", "Arnhem"));
        b.put("people", obj("id", "b1", "name", "Bob Brown", "place", "Berlin"));
        // One mapping from a file (relative paths resolve against the working directory; absolute works too).
        Path file = dir.resolve("a-to-gateway.jsonata");
        Files.writeString(file, A_TO_GATEWAY);
        engine = new EngineHarness(dir)
                .route("a", a.url("/people"), "gateway", "people", "direction", "two-way",
                        "mapping", "file:" + file.toAbsolutePath(), "reverseMapping", GATEWAY_TO_A)
                .route("b", b.url("/people"), "gateway", "people", "direction", "two-way",
                        "mapping", B_TO_GATEWAY, "reverseMapping", GATEWAY_TO_B)
                .start();

        assertEquals(2, engine.sync("a").created());
        RunResult bRun = engine.sync("b");
        assertEquals(1, bRun.created(), bRun.line());
        assertEquals(2, bRun.pushed(), bRun.line());
        assertEquals(1, engine.sync("a").pushed());

        // The gateway holds the gateway's shape only; each source its own.
        for (StoredObject o : engine.gatewayObjects("people")) {
            assertEquals(List.of("city", "name"), fieldNames(o.data()), o.data().toString());
        }
        assertEquals("Amsterdam", byField(b, "name", "Ann Smith").path("place").asText());
        assertEquals("Berlin", byField(a, "fullName", "Bob Brown").path("town").asText());
        assertEquals(3, a.size("people"));
        assertEquals(3, b.size("people"));
        assertQuiet("a");
        assertQuiet("b");

        // An edit at A, mapped, reaches B.
        a.put("people", obj("id", "a1", "fullName", "Ann Smith", "town", "Utrecht"));
        assertEquals(1, engine.sync("a").updated());
        assertEquals(1, engine.sync("b").pushed());
        assertEquals("Utrecht", byField(b, "name", "Ann Smith").path("place").asText());
        assertQuiet("a");
        assertQuiet("b");

        // An edit at B reaches A.
        b.put("people", obj("id", "b1", "name", "Bob Brown", "place", "Bonn"));
        assertEquals(1, engine.sync("b").updated());
        assertEquals(1, engine.sync("a").pushed());
        assertEquals("Bonn", byField(a, "fullName", "Bob Brown").path("town").asText());
        assertQuiet("a");
        assertQuiet("b");

        // A delete at B reaches A.
        b.remove("people", byField(b, "name", "Abe Jones").path("id").asText());
        assertEquals(1, engine.sync("b").deleted());
        assertEquals(1, engine.sync("a").pushed());
        assertTrue(a.all("people").stream().noneMatch(o -> o.path("fullName").asText().equals("Abe Jones")));
        assertQuiet("a");
        assertQuiet("b");

        // A delete at A reaches B.
        a.remove("people", byField(a, "fullName", "Bob Brown").path("id").asText());
        assertEquals(1, engine.sync("a").deleted());
        assertEquals(1, engine.sync("b").pushed());
        assertTrue(b.all("people").stream().noneMatch(o -> o.path("name").asText().equals("Bob Brown")));
        assertQuiet("a");
        assertQuiet("b");

        // A conflict: both change Ann; no change dates, so the source of truth decides: each source
        // wins against the gateway, and the run that comes second (B) wins overall.
        String annAtB = byField(b, "name", "Ann Smith").path("id").asText();
        a.put("people", obj("id", "a1", "fullName", "Ann Smith", "town", "Zwolle"));
        b.put("people", obj("id", annAtB, "name", "Ann Smith", "place", "Bremen"));
        assertEquals(1, engine.sync("a").updated());
        RunResult conflict = engine.sync("b");
        assertEquals(1, conflict.conflicts(), conflict.line());
        assertEquals(1, engine.sync("a").pushed());
        assertEquals("Bremen", a.get("people", "a1").path("town").asText());
        assertEquals("Bremen", b.get("people", annAtB).path("place").asText());
        assertQuiet("a");
        assertQuiet("b");
        assertEquals(1, a.size("people"));
        assertEquals(1, b.size("people"));
        assertEquals(1, engine.gatewayObjects("people").size());
    }

    @Test
    void aChangedMappingReDeliversEveryObjectOnce() {
        a = TestSource.start();
        for (int i = 1; i <= 3; i++) {
            a.put("people", obj("id", "a" + i, "fullName", "Person " + i, "town", "Town " + i));
        }
        engine = new EngineHarness(dir).route("a", a.url("/people"), "gateway", "people", "mapping", A_TO_GATEWAY)
                .start();
        assertEquals(3, engine.sync("a").created());
        assertQuiet("a");

        engine.stop();
        engine.route("a", a.url("/people"), "gateway", "people",
                "mapping", "{\"name\": fullName, \"city\": town, \"country\": \"NL\"}");
        engine.start();
        RunResult remapped = engine.sync("a");
        assertEquals(3, remapped.updated(), remapped.line());
        assertEquals(RunResult.FULL, remapped.mode());
        engine.gatewayObjects("people").forEach(o -> assertEquals("NL", o.data().path("country").asText()));
        assertQuiet("a");
    }

    @Test
    void aMappingThatFailsOrYieldsNothingFailsThatObjectOnly() {
        a = TestSource.start();
        a.put("people", obj("id", "a1", "fullName", "Ann", "town", "Amsterdam"));
        a.put("people", obj("id", "a2", "town", "no name"));
        a.put("people", obj("id", "a3", "fullName", "Ada", "town", "Assen"));
        a.put("people", obj("id", "a4", "fullName", "Bad", "town", "Boom"));
        String mapping = "fullName = 'Bad' ? $error('no town may go boom') : "
                + "$exists(fullName) ? {\"name\": fullName, \"city\": town}";
        engine = new EngineHarness(dir).route("a", a.url("/people"), "gateway", "people", "mapping", mapping).start();

        // --dry-run shows the mapped objects and the failure.
        engine.bean("gatewaySync", SyncSteps.class).dryRun(true);
        RunResult dry = engine.sync("a");
        engine.bean("gatewaySync", SyncSteps.class).dryRun(false);
        String planned = String.join("\n", dry.plannedActions());
        assertTrue(planned.contains("mapped: {\"name\":\"Ann\",\"city\":\"Amsterdam\"}"), planned);
        assertTrue(planned.contains("mapping FAILED"), planned);
        assertEquals(0, engine.gatewayObjects("people").size());

        RunResult run = engine.sync("a");
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(2, run.created(), run.line());
        assertEquals(2, run.failed(), run.line());
        SyncRecord nothing = engine.record("a", "a2");
        assertNotNull(nothing);
        assertTrue(nothing.lastError().contains("yielded nothing"), nothing.lastError());
        SyncRecord boom = engine.record("a", "a4");
        assertTrue(boom.lastError().contains("no town may go boom"), boom.lastError());
        assertEquals(2, engine.gatewayObjects("people").size());

        // Fixed at the source: the object goes through on the next run; the others are left alone.
        a.put("people", obj("id", "a2", "fullName", "Abe", "town", "Arnhem"));
        RunResult next = engine.sync("a");
        assertEquals(1, next.created(), next.line());
        assertEquals(1, next.failed(), next.line());
        assertEquals(0, next.updated(), next.line());
    }

    @Test
    void anObjectWhoseNewMappingFailsIsDeliveredAgainUntilItWorks() {
        a = TestSource.start();
        a.put("people", obj("id", "a1", "fullName", "Ann", "town", "Amsterdam"));
        a.put("people", obj("id", "a2", "fullName", "Bad", "town", "Boom"));
        engine = new EngineHarness(dir).route("a", a.url("/people"), "gateway", "people", "mapping", A_TO_GATEWAY)
                .start();
        assertEquals(2, engine.sync("a").created());
        engine.stop();
        String failing = "fullName = 'Bad' ? $error('boom') : {\"name\": fullName, \"city\": town, \"v\": 2}";
        engine.route("a", a.url("/people"), "gateway", "people", "mapping", failing).start();
        RunResult remapped = engine.sync("a");
        assertEquals(1, remapped.updated(), remapped.line());
        assertEquals(1, remapped.failed(), remapped.line());
        RunResult again = engine.sync("a");
        assertEquals(0, again.updated(), "the object that went through is not delivered again: " + again.line());
        assertEquals(1, again.failed(), "the failing one is tried again: " + again.line());
        a.put("people", obj("id", "a2", "fullName", "Bea", "town", "Boom"));
        RunResult fixed = engine.sync("a");
        assertEquals(1, fixed.updated(), fixed.line());
        assertEquals(0, fixed.failed(), fixed.line());
        assertQuiet("a");
    }

    @Test
    void aMappingThatDoesNotParseIsAConfigurationError() {
        a = TestSource.start();
        engine = new EngineHarness(dir).route("a", a.url("/people"), "mapping", "{\"name\": ");
        IllegalStateException e = assertThrows(IllegalStateException.class, engine::start);
        String message = String.valueOf(e.getMessage()) + " " + e.getCause();
        assertTrue(message.contains("mapping"), message);
        assertFalse(message.isBlank());
        engine = new EngineHarness(dir.resolve("second"))
                .route("a", a.url("/people"), "mapping", "file:does/not/exist.jsonata");
        IllegalStateException missing = assertThrows(IllegalStateException.class, engine::start);
        String text = String.valueOf(missing.getMessage()) + " " + missing.getCause();
        assertTrue(text.contains("exist.jsonata"), text);
        engine = null;
    }

    /** The shipped hub example's mapping files parse and carry a person from the CRM's shape to the HR's. */
    @Test
    void theHubExampleMappingsCarryAPersonFromOneShapeToTheOther() throws Exception {
        String dirOf = "file:routes/examples/hub/";
        for (String route : List.of("routes/examples/hub-crm.yaml", "routes/examples/hub-hr.yaml")) {
            String yaml = Files.readString(Path.of(route));
            assertTrue(yaml.contains("value: people") && yaml.contains("value: two-way"), route);
        }
        SourceMapping crm = SourceMapping.of(dirOf + "crm-to-gateway.jsonata", dirOf + "gateway-to-crm.jsonata", "crm");
        SourceMapping hr = SourceMapping.of(dirOf + "hr-to-gateway.jsonata", dirOf + "gateway-to-hr.jsonata", "hr");
        ObjectNode person = crm.toGateway(obj("id", 7, "fullName", "Ann Smith", "town", "Utrecht",
                "modified", "2026-03-01T10:00:00Z"));
        assertEquals(obj("givenName", "Ann", "familyName", "Smith", "city", "Utrecht"), person);
        ObjectNode employee = hr.toSource(person);
        assertEquals("Ann", employee.path("name").path("first").asText());
        assertEquals(person, hr.toGateway(employee), "HR's shape maps back to the same gateway object");
        assertEquals(obj("fullName", "Ann Smith", "town", "Utrecht"), crm.toSource(person));
    }

    private static List<String> fieldNames(ObjectNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        return names;
    }
}
