package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.RealServer;
import io.gatewaysync.testsupport.RealServerWrites;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 28's JSON:API write-back against a real JSON:API server, Fortune.js with fortune-json-api, from a
 * plain route ({@code writeStyle: auto} recognises the listing). Measured by curl: a PATCH of
 * {@code {"data":{type,id,attributes}}} is answered 204 without a body (the engine reads the item again),
 * a POST 201 with the resource and a generated id, a DELETE 204 (a gateway delete is tested too); it ignores {@code If-Match}.
 */
class FortuneWritesTest {

    static final int N = 5;
    static RealServer server;
    RealServerWrites sync;

    @BeforeAll
    static void startServer() {
        server = RealServer.start(RealServer.Kind.FORTUNE, N); // its own: the test changes its data
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    private List<ObjectNode> atSource() {
        return sync.listed(server.url(), "/data");
    }

    @Test
    void aGatewayEditACreateAndASourceEditLeaveBothSidesEqual() {
        sync = new RealServerWrites("things", server.url());
        assertEquals(N, sync.sync().created());
        // each resource's links.self ("/things/t1") resolves to the default item URL: nothing kept on the record
        assertEquals(null, sync.engine().record("things", "t1").sourceUrl());
        sync.assertBothSidesEqual(atSource(), "/id");

        sync.editInGateway("t2", "attributes.name", "edited in gateway");
        RunResult pushed = sync.sync();
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway", sync.get(server.url() + "/t2").at("/data/attributes/name").asText());
        sync.assertBothSidesEqual(atSource(), "/id");
        sync.assertQuiet();

        sync.createInGateway(TestJson.obj("type", "things", "attributes", TestJson.obj("name", "made in gateway")));
        RunResult created = sync.sync();
        assertEquals(1, created.pushed(), created.line());
        List<ObjectNode> now = atSource();
        assertEquals(N + 1, now.size());
        ObjectNode made = now.stream().filter(o -> o.at("/attributes/name").asText().equals("made in gateway"))
                .findFirst().orElseThrow();
        assertFalse(made.get("id").asText().isBlank());
        assertTrue(sync.engine().gatewayObjectFor("things", made.get("id").asText()) != null,
                "the id Fortune generated reached the gateway copy");
        sync.assertBothSidesEqual(now, "/id");
        sync.assertQuiet();

        assertEquals(204, sync.send("PATCH", server.url() + "/t4", "application/vnd.api+json",
                "{\"data\":{\"type\":\"things\",\"id\":\"t4\",\"attributes\":{\"name\":\"edited at source\"}}}").statusCode());
        RunResult updated = sync.sync();
        assertEquals(1, updated.updated(), updated.line());
        assertEquals("edited at source", sync.engine().gatewayObjectFor("things", "t4").data().at("/attributes/name").asText());
        sync.assertBothSidesEqual(atSource(), "/id");
        sync.assertQuiet();

        sync.deleteInGatewayAndSync("t1", this::atSource, "/id");

        // an object made in the gateway as plain fields: they become its attributes, and the resource
        // Fortune answers (type, id, attributes, links) replaces the plain copy in the gateway
        sync.createInGateway(TestJson.obj("name", "plain in gateway"));
        RunResult plain = sync.sync();
        assertEquals(1, plain.pushed(), plain.line());
        ObjectNode resource = atSource().stream().filter(o -> o.at("/attributes/name").asText().equals("plain in gateway"))
                .findFirst().orElseThrow();
        assertEquals("things", resource.get("type").asText());
        sync.assertBothSidesEqual(atSource(), "/id");
        sync.assertQuiet();
    }
}
