package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.LyingProxy.Request;
import io.gatewaysync.testsupport.RealServer;
import io.gatewaysync.testsupport.RealServerWrites;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 28 against Spring Data REST (Spring Boot 3.5.7, JPA/H2, HAL), from a plain route. Measured by curl:
 * a PUT to {@code /things/t1} is answered 200 with the object and its {@code _links}, a merge patch 200
 * with the patched object, a POST 201 with the object only when it carries its id (the test app's ids are
 * assigned by the client; without one the server answers 500), a DELETE 200. No ETag (no {@code @Version}).
 * The test app's {@code /versioned} has a JPA {@code @Version}: an item is answered with {@code ETag: "0"},
 * and a PUT whose {@code If-Match} names an older version with 412.
 */
class SpringDataRestWritesTest {

    static final int N = 5;
    static RealServer server;
    RealServerWrites sync;

    @BeforeAll
    static void startServer() {
        server = RealServer.start(RealServer.Kind.SPRING_DATA_REST, N); // its own: the test changes its data
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void stop() {
        sync.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    LyingProxy proxy;

    private List<ObjectNode> atSource() {
        return sync.listed(server.url() + "?size=100", "/_embedded/things");
    }

    /** Both tests share the server: each writes values of its own, so that each edit is a change. */
    private void run(String idPointer, String... parameters) {
        String tag = idPointer.equals("/id") ? " by id" : " by self link";
        sync = new RealServerWrites("things", server.url() + "?size=100", parameters);
        sync.sync();
        sync.assertBothSidesEqual(atSource(), idPointer);
        assertNull(sync.engine().record("things", idOf("t2", idPointer)).sourceUrl(),
                "the self link is the default item URL here: not kept");

        sync.editInGateway(idOf("t2", idPointer), "name", "edited in gateway" + tag);
        RunResult pushed = sync.sync();
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals("edited in gateway" + tag, sync.get(server.url() + "/t2").get("name").asText());
        sync.assertBothSidesEqual(atSource(), idPointer);
        sync.assertQuiet();

        sync.createInGateway(TestJson.obj("id", "g" + tag.length(), "name", "made in gateway"));
        RunResult created = sync.sync();
        assertEquals(1, created.pushed(), created.line());
        List<ObjectNode> now = atSource();
        assertEquals("made in gateway", sync.get(server.url() + "/g" + tag.length()).get("name").asText());
        sync.assertBothSidesEqual(now, idPointer);
        sync.assertQuiet();

        // without an Accept header Spring Data REST answers 204
        assertEquals(204, sync.send("PUT", server.url() + "/t4", "application/json",
                "{\"id\":\"t4\",\"name\":\"edited at source" + tag + "\"}").statusCode());
        RunResult updated = sync.sync();
        assertEquals(1, updated.updated(), updated.line());
        assertEquals("edited at source" + tag, sync.engine().gatewayObjectFor("things", idOf("t4", idPointer)).data().get("name").asText());
        sync.assertBothSidesEqual(atSource(), idPointer);
        sync.assertQuiet();

        sync.deleteInGatewayAndSync(idOf(idPointer.equals("/id") ? "t1" : "t3", idPointer), this::atSource, idPointer);
    }

    /** The objects' own URLs as ids ({@code _links.self.href}), written to those URLs ({@code itemUrl: self}). */
    private static String idOf(String id, String idPointer) {
        return idPointer.equals("/id") ? id : server.url() + "/" + id;
    }

    @Test
    void byTheirSelfLinksAGatewayEditACreateAndASourceEditLeaveBothSidesEqual() {
        run("/_links/self/href", "idPath", "_links.self.href", "itemUrl", "self");
    }

    /**
     * By the exposed {@code id}: a create drops the field at {@code idPath} (the source is to give the id),
     * which this server does not do (500); a {@code reverseMapping} of the object as it is keeps the id.
     */
    @Test
    void byTheExposedIdWithTheIdKeptOnCreateTheSameHolds() {
        run("/id", "idPath", "id", "reverseMapping", "$");
    }

    /**
     * A gateway edit of {@code id} is written back while, between the engine's read of the object and its
     * PUT, the object changes at the source (the proxy makes that change on the real server just before
     * it forwards the PUT). The PUT's If-Match then names the old version: Spring Data REST answers 412.
     * Returns the PUTs of {@code id} the proxy saw.
     */
    private List<Request> aSourceChangeRacesTheWriteBack(String id, String... parameters) {
        return aSourceChangeRacesTheWriteBack(id, false, "\"0\"", parameters);
    }

    /** As above; {@code writtenBefore}: the gateway wrote the object once before, without a race. */
    private List<Request> aSourceChangeRacesTheWriteBack(String id, boolean writtenBefore, String readVersion,
                                                         String... parameters) {
        proxy = LyingProxy.in(server.origin());
        String item = "/versioned/" + id;
        AtomicBoolean raced = new AtomicBoolean();
        AtomicBoolean race = new AtomicBoolean(!writtenBefore);
        proxy.lie((request, upstream) -> {
            if (request.method().equals("PUT") && request.path().equals(item) && race.get()
                    && raced.compareAndSet(false, true)) {
                assertEquals(204, sync.send("PUT", server.origin() + item, "application/json",
                        "{\"id\":\"" + id + "\",\"name\":\"changed at source meanwhile\"}").statusCode());
            }
            return upstream.forward(request);
        });
        List<String> p = new java.util.ArrayList<>(List.of("idPath", "id"));
        p.addAll(List.of(parameters));
        sync = new RealServerWrites("things", proxy.url("/versioned?size=100"), p.toArray(String[]::new));
        sync.sync();
        if (writtenBefore) {
            sync.editInGateway(id, "name", "first edit in gateway");
            assertEquals(1, sync.sync().pushed());
            race.set(true);
        }
        sync.editInGateway(id, "name", "edited in gateway");
        proxy.clearRequests();
        RunResult run = sync.sync();
        assertEquals(true, raced.get(), "the PUT was made");
        assertEquals(1, run.conflicts(), run.line());
        List<Request> puts = proxy.requests().stream()
                .filter(r -> r.method().equals("PUT") && r.path().equals(item)).toList();
        assertEquals(readVersion, puts.get(0).header("If-Match"), "the first PUT names the version the engine read");
        sync.assertBothSidesEqual(sync.listed(proxy.url("/versioned?size=100"), "/_embedded/versioned"), "/id");
        sync.assertQuiet();
        return puts;
    }

    /** The source wins the conflict (sourceOfTruth source, no change dates): its change is kept, not overwritten. */
    @Test
    void aSourceChangeBetweenTheReadAndTheWriteBackIsNeverOverwritten() {
        List<Request> puts = aSourceChangeRacesTheWriteBack("t3", "conditionalWrites", "always");
        assertEquals(1, puts.size(), "no second, blind PUT after the 412");
        assertEquals("changed at source meanwhile", sync.get(server.origin() + "/versioned/t3").get("name").asText());
        assertEquals("changed at source meanwhile", sync.engine().gatewayObjectFor("things", "t3").data().get("name").asText());
        assertNull(sync.engine().record("things", "t3").lastError());
    }

    /** The gateway wins the conflict: written once more, with the fresh ETag the re-read gave. */
    @Test
    void whenTheGatewayWinsTheDecisionAgainItIsWrittenWithTheFreshETag() {
        List<Request> puts = aSourceChangeRacesTheWriteBack("t5", "conditionalWrites", "always", "sourceOfTruth", "gateway");
        assertEquals(2, puts.size(), "one PUT refused with 412, one after the re-read");
        assertEquals("\"1\"", puts.get(1).header("If-Match"));
        assertEquals("edited in gateway", sync.get(server.origin() + "/versioned/t5").get("name").asText());
        assertEquals("edited in gateway", sync.engine().gatewayObjectFor("things", "t5").data().get("name").asText());
    }

    /**
     * {@code conditionalWrites: auto} (the default): the ETag of the first write's answer is kept with the
     * record, so the second write of the object is conditional too, and a source change racing it is kept.
     */
    @Test
    void underAutoTheETagOfAnEarlierWriteMakesTheNextOneConditional() {
        List<Request> puts = aSourceChangeRacesTheWriteBack("t2", true, "\"1\"");
        assertEquals(1, puts.size(), "no second, blind PUT after the 412");
        assertEquals("changed at source meanwhile", sync.get(server.origin() + "/versioned/t2").get("name").asText());
    }

    /** Under auto, an object only listed (a HAL listing has no ETags) is written without If-Match. */
    @Test
    void underAutoTheFirstWriteOfAListedObjectIsNotConditional() {
        proxy = LyingProxy.in(server.origin());
        sync = new RealServerWrites("things", proxy.url("/versioned?size=100"), "idPath", "id");
        sync.sync();
        sync.editInGateway("t1", "name", "edited in gateway, auto");
        proxy.clearRequests();
        assertEquals(1, sync.sync().pushed());
        Request put = proxy.requests().stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
        assertNull(put.header("If-Match"), put.headers().toString());
    }

    /**
     * Item URLs from the listing (no {@code itemUrl}): the route lists a search resource,
     * {@code /things/search/named?name=…}, whose objects' HAL self links lead to {@code /things/{id}}, where
     * {@code {url}/{id}} would be {@code /things/search/named/{id}}. The gateway edit's PUT, the deferred
     * DELETE of an object deleted in the gateway, and the gone-confirmation of an object that left the
     * listing (renamed at the source, still served at its own URL) all go to the self link, which the record
     * keeps ({@code source_url}). Objects s1-s3 are this test's own.
     */
    @Test
    void writesGoToTheSelfLinkTheListingShows() {
        for (String id : List.of("s1", "s2", "s3")) {
            assertEquals(201, send("PUT", server.url() + "/" + id, "{\"id\":\"" + id + "\",\"name\":\"listed " + id + "\"}"));
        }
        proxy = LyingProxy.in(server.origin());
        String listing = "/things/search/named?name=listed&size=100";
        sync = new RealServerWrites("things", proxy.url(listing), "idPath", "id");
        assertEquals(3, sync.sync().created());
        assertEquals(proxy.url("/things/s2"), sync.engine().record("things", "s2").sourceUrl(), "the self link, kept");

        sync.editInGateway("s2", "name", "listed s2, edited in gateway");
        proxy.clearRequests();
        RunResult pushed = sync.sync();
        assertEquals(1, pushed.pushed(), pushed.line());
        assertEquals(List.of("PUT /things/s2"), writes());
        assertEquals("listed s2, edited in gateway", sync.get(server.url() + "/s2").get("name").asText());
        sync.assertBothSidesEqual(sync.listed(proxy.url(listing), "/_embedded/things"), "/id");
        sync.assertQuiet();

        // a one-object sync (a notification) reads the item at the URL its record keeps
        assertEquals(200, send("PUT", server.url() + "/s2", "{\"id\":\"s2\",\"name\":\"listed s2, notified\"}"));
        proxy.clearRequests();
        assertEquals(202, sync.engine().http("POST", "/api/_notify/things", TestJson.obj("id", "s2")).statusCode());
        long end = System.currentTimeMillis() + 20_000;
        while (!"listed s2, notified".equals(sync.engine().gatewayObjectFor("things", "s2").data().path("name").asText())
                && System.currentTimeMillis() < end) {
            sleep();
        }
        assertEquals("listed s2, notified", sync.engine().gatewayObjectFor("things", "s2").data().path("name").asText());
        assertEquals(List.of("GET /things/s2"), proxy.requests().stream().map(r -> r.method() + " " + r.path()).toList());

        // renamed at the source: no longer listed, but its own URL still serves it (the gone-confirmation
        // reads /things/s3, not /things/search/named/s3); so it is not deleted, it is updated
        assertEquals(200, send("PUT", server.url() + "/s3", "{\"id\":\"s3\",\"name\":\"renamed s3\"}") / 100 * 100);
        proxy.clearRequests();
        RunResult confirmed = sync.sync();
        assertEquals(0, confirmed.deleted(), confirmed.line());
        assertEquals("renamed s3", sync.engine().gatewayObjectFor("things", "s3").data().get("name").asText());
        assertTrue(proxy.requests().stream().anyMatch(r -> r.method().equals("GET") && r.path().equals("/things/s3")),
                proxy.requests().toString());

        StoredObject one = sync.engine().gatewayObjectFor("things", "s1");
        assertEquals(204, sync.engine().http("DELETE", "/api/things/" + one.id(), null).statusCode());
        proxy.clearRequests();
        RunResult deleted = sync.sync();
        assertEquals(1, deleted.pushed(), deleted.line());
        assertEquals(List.of("DELETE /things/s1"), writes());
        assertEquals(404, sync.send("GET", server.url() + "/s1", "application/json", null).statusCode());
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> writes() {
        return proxy.requests().stream().filter(r -> !r.method().equals("GET")).map(r -> r.method() + " " + r.path()).toList();
    }

    /** A write straight to the server (not through the engine); its status. */
    private static int send(String method, String url, String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
