package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.RealServer;
import io.gatewaysync.testsupport.RealServerWrites;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Issue 28's OData write dialect against a real OData v4 server, simple-odata-server 1.2.2, from a plain
 * route ({@code writeStyle: auto} recognises {@code @odata.context}). Measured by curl: it serves no PUT
 * on an entity (404), so the route says {@code updateMethod: PATCH}; a PATCH of {@code application/json}
 * to {@code things('2')} is answered 204 (the engine reads the entity again: its answer carries the entity's
 * properties, the annotations and, "for backcompatibility", a {@code value} array with the entity once
 * more); a POST 201 with the entity, its new {@code _id} and {@code @odata.id}/{@code editLink}. That
 * {@code value} is a property as far as the answer says, so the route drops it with a {@code mapping}.
 */
class ODataWritesTest {

    static final int N = 5;
    static RealServer server;
    RealServerWrites sync;

    @BeforeAll
    static void startServer() {
        server = RealServer.start(RealServer.Kind.ODATA, N); // its own: the test changes its data
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    static final String WITHOUT_VALUE = "$sift($, function($v, $k) {$k != 'value'})";

    private List<ObjectNode> atSource() {
        return sync.listed(server.url(), "/value");
    }

    @Test
    void aGatewayEditACreateAndASourceEditLeaveBothSidesEqual() {
        sync = new RealServerWrites("things", server.url() + "?$top=100&$count=true", "idPath", "_id",
                "updateMethod", "PATCH",
                "mapping", WITHOUT_VALUE);
        assertEquals(N, sync.sync().created());
        sync.assertBothSidesEqual(atSource(), "/_id");

        sync.editInGateway("2", "name", "edited in gateway");
        RunResult pushed = sync.sync();
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", sync.get(server.url() + "('2')").get("name").asText());
        sync.assertBothSidesEqual(atSource(), "/_id");
        sync.assertQuiet();

        sync.createInGateway(TestJson.obj("name", "made in gateway"));
        RunResult created = sync.sync();
        assertEquals(1, created.pushed(), created.line());
        List<ObjectNode> now = atSource();
        assertEquals(N + 1, now.size());
        assertEquals("made in gateway", now.get(N).get("name").asText());
        assertNotNull(sync.engine().gatewayObjectFor("things", String.valueOf(N + 1)),
                "the _id the server gave reached the gateway copy");
        sync.assertBothSidesEqual(now, "/_id");
        sync.assertQuiet();

        assertEquals(204, sync.send("PATCH", server.url() + "('4')", "application/json",
                "{\"name\":\"edited at source\"}").statusCode());
        RunResult updated = sync.sync();
        assertEquals(1, updated.updated(), updated.line());
        assertEquals("edited at source", sync.engine().gatewayObjectFor("things", "4").data().get("name").asText());
        sync.assertBothSidesEqual(atSource(), "/_id");
        sync.assertQuiet();

        sync.deleteInGatewayAndSync("1", this::atSource, "/_id");
    }

    /**
     * Without the mapping, the entity read after a PATCH brings the server's {@code value} array into the
     * gateway copy; the next listing, which has no {@code value}, then updates the copy back: one update
     * after each write, and quiet after that. (Object 3 only: the other test's objects are its own.)
     */
    @Test
    void withoutTheMappingTheItemReadsValueArrayCostsOneUpdateAfterTheWrite() {
        sync = new RealServerWrites("things", server.url() + "?$top=100&$count=true", "idPath", "_id",
                "updateMethod", "PATCH");
        sync.sync();
        sync.editInGateway("3", "name", "edited in gateway, no mapping");
        RunResult pushed = sync.sync();
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals(TestJson.obj("_id", "3", "name", "edited in gateway, no mapping"),
                sync.engine().gatewayObjectFor("things", "3").data().get("value").get(0),
                "the item read's value array reached the gateway copy");
        RunResult back = sync.sync();
        assertEquals(1, back.updated(), back.line());
        sync.assertBothSidesEqual(atSource(), "/_id");
        sync.assertQuiet();
    }

    /**
     * The key literal from {@code $metadata}: the server declares {@code _id} {@code Edm.String} and its ids look
     * like numbers ("5"), so the item URL is {@code things('5')}. The engine reads {@code $metadata} once in a
     * run that needs an item URL, and not at all in a quiet one. (Through an honest proxy that records the
     * requests; object 5 only.)
     */
    @Test
    void aStringKeyThatLooksLikeANumberIsQuotedAsMetadataDeclaresIt() {
        try (LyingProxy proxy = LyingProxy.in(server.origin())) {
            String path = java.net.URI.create(server.url()).getPath();
            sync = new RealServerWrites("things", proxy.url(path + "?$top=100&$count=true"), "idPath", "_id",
                    "updateMethod", "PATCH", "mapping", WITHOUT_VALUE);
            sync.sync();
            proxy.clearRequests();
            sync.editInGateway("5", "name", "five, edited in gateway");
            RunResult pushed = sync.sync();
            assertEquals(1, pushed.pushed(), pushed.line());
            List<LyingProxy.Request> asked = proxy.requests();
            List<String> patches = asked.stream().filter(r -> r.method().equals("PATCH")).map(LyingProxy.Request::path).toList();
            assertEquals(List.of(path + "('5')"), patches, "the Edm.String key quoted, though it looks like a number");
            assertEquals(1, asked.stream().filter(r -> r.path().endsWith("/$metadata")).count(),
                    "$metadata read once in the run: " + asked.stream().map(LyingProxy.Request::path).toList());
            assertEquals("five, edited in gateway", sync.get(server.url() + "('5')").get("name").asText());
            proxy.clearRequests();
            sync.assertQuiet();
            assertEquals(0, proxy.requests().stream().filter(r -> r.path().endsWith("/$metadata")).count(),
                    "a quiet run needs no item URL, so no $metadata");
        }
    }
}
