package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.ShapedSource;
import io.gatewaysync.testsupport.ShapedSource.Shape;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 28, two-way from route files against {@link ShapedSource} servers that behave as the real ones
 * that were tried: fields set on write, ids generated, writes answered without a body, If-Match
 * demanded (428/412), a merge patch ignored. After a gateway edit, a gateway create and a source edit
 * both sides hold equal data field by field, and the next run is quiet.
 */
class WriteAnswersTest {

    @TempDir
    Path dir;
    ShapedSource source;
    EngineHarness engine;

    /** The engine under test; a subclass runs the same scenarios on PostgreSQL. */
    protected EngineHarness newEngine(Path where) {
        return new EngineHarness(where);
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

    private String id(String key) {
        return source.shape() == Shape.URL_IDS ? source.url() + "/" + key : key;
    }

    /** Both sides equal, field by field, for every object (the gateway copy without a mapping is the source object). */
    private void assertBothSidesEqual() {
        for (ObjectNode listed : source.all()) {
            String key = source.key(listed);
            ObjectNode expected = listed.deepCopy();
            expected.remove("@odata.etag"); // an annotation, documented as not data
            StoredObject copy = engine.gatewayObjectFor("things", id(key));
            assertNotNull(copy, "gateway copy of " + key);
            assertEquals(expected, copy.data(), "object " + key);
        }
        assertEquals(source.size(), engine.gatewayObjects("things").size());
    }

    private void assertQuiet() {
        RunResult quiet = engine.sync("things");
        assertEquals(RunStatus.OK, quiet.status(), quiet.line());
        assertEquals(source.size(), quiet.unchanged(), quiet.line());
        assertEquals(0, quiet.pushed() + quiet.updated() + quiet.created() + quiet.failed(), quiet.line());
    }

    private void editInGateway(String key, String field, String value) {
        StoredObject o = engine.gatewayObjectFor("things", id(key));
        ObjectNode changed = o.data().deepCopy();
        changed.put(field, value);
        assertEquals(200, engine.http("PUT", "/api/things/" + o.id(), changed).statusCode());
    }

    @Test
    void serverSetFieldsReachTheGatewayAfterAnEditACreateAndASourceEdit() {
        source = ShapedSource.start(Shape.URL_IDS).stampsWrites();
        List<String> keys = source.generate(4);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "idPath", "url").start();
        assertEquals(4, engine.sync("things").created());

        editInGateway(keys.get(1), "name", "edited in gateway");
        editInGateway(keys.get(2), "nickname", "a field the server keeps"); // URL_IDS keeps what it is sent
        RunResult pushed = engine.sync("things");
        assertEquals(2, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", source.field(keys.get(1), "name").asText());
        assertTrue(engine.gatewayObjectFor("things", id(keys.get(1))).data().has("modifiedAt"),
                "the server's modifiedAt reached the gateway");
        assertTrue(engine.gatewayObjectFor("things", id(keys.get(1))).data().get("age").isNull(), "and its default");
        assertBothSidesEqual();
        assertQuiet();

        assertEquals(201, engine.http("POST", "/api/things", TestJson.obj("name", "made in gateway")).statusCode());
        RunResult created = engine.sync("things");
        assertEquals(1, created.pushed(), created.line());
        assertEquals(5, source.size());
        assertBothSidesEqual(); // the server's url (the id) and modifiedAt are in the gateway copy
        assertQuiet();

        source.edit(keys.get(3), "name", "edited at source");
        assertEquals(1, engine.sync("things").updated());
        assertBothSidesEqual();
        assertQuiet();
    }

    @Test
    void writesAnsweredWithoutABodyAreReadBack() {
        source = ShapedSource.start(Shape.URL_IDS).stampsWrites().answersWithoutBody();
        List<String> keys = source.generate(3);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "idPath", "url").start();
        engine.sync("things");
        editInGateway(keys.get(0), "name", "edited in gateway");
        assertEquals(201, engine.http("POST", "/api/things", TestJson.obj("name", "made in gateway")).statusCode());
        source.clearRequests();
        RunResult pushed = engine.sync("things");
        assertEquals(2, pushed.pushed(), pushed.line());
        assertEquals(2 + 1, source.requests("GET").size(), "the listing, then each written object read back");
        assertBothSidesEqual();
        assertQuiet();
    }

    @Test
    void odataAnnotationsAreNotDataAndTheEtagGuardsEveryWrite() {
        source = ShapedSource.start(Shape.ODATA).requiresIfMatch().stampsWrites();
        List<String> keys = source.generate(4);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way").start();
        assertEquals(4, engine.sync("things").created());
        StoredObject first = engine.gatewayObjectFor("things", keys.get(0));
        assertFalse(first.data().toString().contains("@odata"), first.data().toString());
        assertEquals(source.etag(keys.get(0)), engine.record("things", keys.get(0)).sourceEtag(), "the etag goes to the record");

        editInGateway(keys.get(0), "name", "edited in gateway");
        source.clearRequests();
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals(1, source.requests("PUT").size(), "one PUT with If-Match, accepted");
        assertBothSidesEqual();
        assertQuiet();

        // A one-object sync reads the item (which carries @odata.context): nothing of it reaches the gateway.
        source.edit(keys.get(1), "name", "edited at source");
        String answer = engine.context().createProducerTemplate().requestBodyAndHeaders("direct:gateway-sync-object", null,
                java.util.Map.of(ObjectSync.SOURCE, "things", ObjectSync.SOURCE_ID, keys.get(1)), String.class);
        assertTrue(answer.contains("done"), answer);
        assertFalse(engine.gatewayObjectFor("things", keys.get(1)).data().toString().contains("@odata"));
        assertBothSidesEqual();
        assertQuiet();
    }

    /**
     * The lost update: a change made at the source between the listing and the write-back. The server
     * checks If-Match, answers 412; the engine reads the object again and decides again (here: a conflict
     * on both sides, settled by sourceOfTruth=source), and never overwrites the source's change.
     */
    @Test
    void aChangeAtTheSourceAfterTheListingIsNeverOverwritten() {
        source = ShapedSource.start(Shape.ODATA).requiresIfMatch();
        List<String> keys = source.generate(3);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way").start();
        engine.sync("things");
        editInGateway(keys.get(1), "name", "edited in gateway");
        source.beforeNextWrite(() -> source.edit(keys.get(1), "name", "changed at source meanwhile"));
        source.clearRequests();
        RunResult run = engine.sync("things");
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals("changed at source meanwhile", source.field(keys.get(1), "name").asText(), "not overwritten");
        assertEquals(1, source.requests("PUT").size(), "the blind write is never retried");
        assertEquals(1, run.conflicts(), run.line());
        assertEquals(1, run.updated(), "decided again: the source wins the conflict; " + run.line());
        assertBothSidesEqual();
        assertQuiet();
    }

    /** A source that gives ETags only in headers and demands If-Match (428): the item is read for its ETag, then written. */
    @Test
    void aSourceThatDemandsIfMatchIsWrittenWithTheEtagOfItsItem() {
        source = ShapedSource.start(Shape.URL_IDS).requiresIfMatch();
        List<String> keys = source.generate(2);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "idPath", "url",
                "conditionalWrites", "always").start();
        engine.sync("things");
        editInGateway(keys.get(0), "name", "edited in gateway");
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", source.field(keys.get(0), "name").asText());
        assertEquals(source.etag(keys.get(0)), engine.record("things", id(keys.get(0))).sourceEtag());
        assertBothSidesEqual();
        assertQuiet();

        editInGateway(keys.get(1), "name", "again");
        source.clearRequests();
        assertEquals(1, engine.sync("things").pushed());
        assertEquals(1, source.requests("PUT").size());
    }

    @Test
    void aMergePatchTheServerIgnoresFailsAndIsNotCountedAsPushed() {
        source = ShapedSource.start(Shape.PATCH_ONLY).ignoresMergePatch();
        List<String> keys = source.generate(2);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "updateMethod", "PATCH").start();
        engine.sync("things");
        editInGateway(keys.get(0), "name", "edited in gateway");
        RunResult run = engine.sync("things");
        assertEquals(0, run.pushed(), run.line());
        assertEquals(1, run.failed(), run.line());
        SyncRecord record = engine.record("things", keys.get(0));
        assertTrue(record.lastError().contains("did not apply the write: field 'name' still has its old value \"thing 1\""),
                record.lastError());
    }

    /**
     * A gateway-made object whose create at the source failed has no source id: it is addressed by its
     * gateway id, unblocked and retried through the API; a path the API does not serve answers JSON 404.
     */
    @Test
    void aNeverCreatedObjectIsUnblockedAndRetriedByItsGatewayId() {
        source = ShapedSource.start(Shape.URL_IDS).failCreates(422);
        source.generate(1);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "idPath", "url",
                "maxTries", "1").start();
        engine.sync("things");
        assertEquals(201, engine.http("POST", "/api/things", TestJson.obj("name", "made in gateway")).statusCode());
        assertEquals(1, engine.sync("things").failed());
        SyncRecord failed = engine.records("things").stream().filter(r -> r.sourceId() == null).findFirst().orElseThrow();
        assertTrue(failed.blocked(), "blocked after maxTries=1");

        var empty = engine.http("POST", "/api/_synchronizations/things//unblock", null);
        assertEquals(404, empty.statusCode());
        assertTrue(empty.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), empty.toString());
        assertTrue(empty.body().contains("_gateway"), empty.body());

        var unblocked = engine.http("POST", "/api/_synchronizations/things/_gateway/" + failed.gatewayId() + "/unblock", null);
        assertEquals(200, unblocked.statusCode(), unblocked.body());
        assertTrue(unblocked.body().contains("\"blocked\":false"), unblocked.body());
        assertEquals(404, engine.http("POST", "/api/_synchronizations/things/_gateway/nope/unblock", null).statusCode());

        source.failCreates(0);
        var retried = engine.http("POST", "/api/_synchronizations/things/_gateway/" + failed.gatewayId() + "/retry", null);
        assertEquals(200, retried.statusCode(), retried.body());
        assertTrue(retried.body().contains("\"synced\":true"), retried.body());
        assertEquals(2, source.size(), "created at the source by the retry");
        assertBothSidesEqual();
        assertQuiet();
    }

    /** OData's own dialect: Entity('key') item URLs, PATCH as application/json of the changed properties. */
    @Test
    void odataIsWrittenInItsOwnDialect() {
        source = ShapedSource.start(Shape.ODATA).requiresIfMatch();
        List<String> keys = source.generate(3);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "updateMethod", "PATCH").start();
        engine.sync("things");
        editInGateway(keys.get(1), "name", "it's edited");
        source.clearRequests();
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        ShapedSource.Request patch = source.requests("PATCH").get(0);
        assertEquals("/api/things('2')", java.net.URLDecoder.decode(patch.target(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(patch.contentType().startsWith("application/json"), patch.toString());
        assertEquals("{\"name\":\"it's edited\"}", patch.body(), "the changed properties only");
        assertBothSidesEqual();
        assertQuiet();
    }

    /** Item URLs that end in '/': the collection URL's trailing '/' gives them; without it the redirect is named with the fix. */
    @Test
    void aTrailingSlashIsFollowedAndARedirectOnAWriteIsNamed() {
        source = ShapedSource.start(Shape.PATCH_ONLY).slashedItems();
        List<String> keys = source.generate(2);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "updateMethod", "PATCH").start();
        engine.sync("things");
        editInGateway(keys.get(0), "name", "edited in gateway");
        RunResult redirected = engine.sync("things");
        assertEquals(1, redirected.failed(), redirected.line());
        String error = engine.record("things", keys.get(0)).lastError();
        assertTrue(error.contains("redirects the write to " + source.url() + "/1/"), error);
        assertTrue(error.contains("set itemUrl: " + source.url() + "/{id}/"), error);
        engine.close();

        engine = newEngine(dir.resolve("slashed")).route("things", source.url() + "/", "direction", "two-way",
                "updateMethod", "PATCH").start();
        engine.sync("things");
        editInGateway(keys.get(1), "name", "edited in gateway");
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", source.field(keys.get(1), "name").asText());
    }

    /** A write answered without a body whose object cannot be read back: nothing is guessed; the record says so; the next run reads it. */
    @Test
    void anAnswerThatCannotBeHadIsNotedAndReadAtTheNextRun() {
        source = ShapedSource.start(Shape.URL_IDS).stampsWrites().answersWithoutBody();
        List<String> keys = source.generate(2);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way", "idPath", "url").start();
        engine.sync("things");
        editInGateway(keys.get(0), "name", "edited in gateway");
        source.failItemReads(true);
        RunResult pushed = engine.sync("things");
        assertEquals(1, pushed.pushed(), "the PUT itself went through: " + pushed.line());
        SyncRecord noted = engine.record("things", id(keys.get(0)));
        assertTrue(noted.lastError().contains("the source's answer could not be had")
                && noted.lastError().contains("read again at the next run"), noted.lastError());
        assertEquals(0, noted.tryCounter(), "not a failure");
        assertFalse(engine.gatewayObjectFor("things", id(keys.get(0))).data().has("modifiedAt"), "nothing guessed");

        source.failItemReads(false);
        RunResult next = engine.sync("things");
        assertEquals(1, next.updated(), "the object as the source holds it reaches the gateway: " + next.line());
        assertBothSidesEqual();
        assertQuiet();
    }

    /** A DELETE refused with 412 (changed at the source after the listing) is not carried out; the next run decides again. */
    @Test
    void aDeleteOfAnObjectChangedAtTheSourceMeanwhileIsNotCarriedOut() {
        source = ShapedSource.start(Shape.ODATA).requiresIfMatch();
        List<String> keys = source.generate(3);
        engine = newEngine(dir).route("things", source.url(), "direction", "two-way").start();
        engine.sync("things");
        StoredObject gone = engine.gatewayObjectFor("things", keys.get(2));
        assertEquals(204, engine.http("DELETE", "/api/things/" + gone.id(), null).statusCode());
        source.beforeNextWrite(() -> source.edit(keys.get(2), "name", "changed at source meanwhile"));
        RunResult run = engine.sync("things");
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(1, run.conflicts(), run.line());
        assertEquals(3, source.size(), "not deleted");
        assertTrue(engine.record("things", keys.get(2)).lastError().contains("not deleted"),
                engine.record("things", keys.get(2)).lastError());

        RunResult again = engine.sync("things");
        assertEquals(1, again.created(), "decided again: changed at the source, so back into the gateway; " + again.line());
        assertBothSidesEqual();
        assertQuiet();
    }
}
