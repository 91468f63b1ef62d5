package io.gatewaysync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TestSource.Style;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.gatewaysync.source.Listings.readAll;
import static io.gatewaysync.source.Listings.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-object reads, the write-back methods, item URLs and the handling of the credential. */
class SourceClientTest {

    static TestSource src;

    @BeforeAll
    static void start() {
        src = TestSource.start();
    }

    @AfterAll
    static void stop() {
        src.close();
    }

    @BeforeEach
    void reset() {
        src.clear();
    }

    private static SourceClient client() {
        return new SourceClient(settings(src, "pets"));
    }

    @Test
    void fetchReadsOneObjectOrNothing() {
        src.put("pets", TestJson.obj("id", "7", "name", "Rex"));
        try (SourceClient c = client()) {
            assertEquals(Optional.of(TestJson.obj("id", "7", "name", "Rex")), c.fetch("7"));
            assertEquals(Optional.empty(), c.fetch("8"));
        }
        src.respond("pets", req -> Response.status(410));
        try (SourceClient c = client()) {
            assertEquals(Optional.empty(), c.fetch("7"), "410 Gone is gone too");
        }
    }

    @Test
    void fetchOfANonObjectFails() {
        src.respond("pets", req -> Response.json(200, "[1,2]"));
        try (SourceClient c = client()) {
            SourceException e = assertThrows(SourceException.class, () -> c.fetch("1"));
            assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
        }
    }

    @Test
    void fetchRetriesServerErrors() {
        src.put("pets", TestJson.obj("id", "1"));
        int[] calls = {0};
        src.respond("pets", req -> ++calls[0] < 3 ? Response.status(502) : null);
        try (SourceClient c = client()) {
            assertTrue(c.fetch("1").isPresent());
        }
        assertEquals(3, src.requestCount("GET"));
    }

    @Test
    void createReturnsTheObjectWithTheAssignedId() {
        try (SourceClient c = client()) {
            ObjectNode created = c.create(TestJson.obj("name", "Tom"));
            String id = created.get("id").asText();
            assertTrue(id.startsWith("src-"), id);
            assertEquals("Tom", src.get("pets", id).get("name").asText());
        }
        assertEquals(List.of("POST /pets"), src.requests());
        assertEquals("application/json", src.requestLog().get(0).header("Content-Type"));
    }

    @Test
    void createPostsToTheUrlWithoutItsQuery() {
        try (SourceClient c = new SourceClient(settings(src, "pets?type=dog&page=2"))) {
            c.create(TestJson.obj("name", "Tom"));
        }
        assertEquals(List.of("POST /pets"), src.requests());
    }

    @Test
    void createWithoutAResponseBodyTakesTheIdFromLocation() {
        src.respond("pets", req -> Response.status(201).withHeader("Location", "/pets/abc%20d"));
        try (SourceClient c = client()) {
            ObjectNode sent = TestJson.obj("name", "Tom");
            ObjectNode created = c.create(sent);
            assertEquals("abc d", created.get("id").asText());
            assertFalse(sent.has("id"), "the caller's object is not modified");
        }
    }

    @Test
    void createWithoutAnyAnswerReturnsTheSentBody() {
        src.respond("pets", req -> Response.status(204));
        try (SourceClient c = client()) {
            ObjectNode sent = TestJson.obj("name", "Tom");
            assertSame(sent, c.create(sent));
        }
        src.respond("pets", req -> new Response(200, java.util.Map.of("Content-Type", "text/plain"), "OK".getBytes()));
        try (SourceClient c = client()) {
            ObjectNode sent = TestJson.obj("name", "Tom");
            assertSame(sent, c.create(sent));
        }
    }

    @Test
    void createIsNotRetriedAfterAServerError() {
        src.failWrites(500);
        try (SourceClient c = client()) {
            SourceException e = assertThrows(SourceException.class, () -> c.create(TestJson.obj("name", "Tom")));
            assertEquals(500, e.status());
            assertTrue(e.transientFault());
            assertTrue(e.getMessage().startsWith("source 'pets': POST " + src.uri("pets") + ": HTTP 500"), e.getMessage());
        }
        assertEquals(1, src.requestCount("POST"), "the server may have created it: no blind retry");
    }

    @Test
    void createIsRetriedWhenTheServerSaysItDidNothing() {
        src.failWrites(503, 1);
        try (SourceClient c = client()) {
            c.create(TestJson.obj("name", "Tom"));
        }
        assertEquals(2, src.requestCount("POST"));
        assertEquals(1, src.size("pets"));
    }

    @Test
    void updatePutsToTheItemUrl() {
        src.put("pets", TestJson.obj("id", "7", "name", "Rex"));
        try (SourceClient c = client()) {
            ObjectNode answer = c.update("7", TestJson.obj("id", "7", "name", "Rex II"));
            assertEquals("Rex II", answer.get("name").asText());
        }
        assertEquals("Rex II", src.get("pets", "7").get("name").asText());
        assertEquals(List.of("PUT /pets/7"), src.requests());
    }

    @Test
    void updateRetriesServerErrorsSinceItIsIdempotent() {
        src.put("pets", TestJson.obj("id", "7"));
        src.failWrites(500, 2);
        try (SourceClient c = client()) {
            c.update("7", TestJson.obj("id", "7", "x", 1));
        }
        assertEquals(3, src.requestCount("PUT"));
        assertEquals(1, src.get("pets", "7").get("x").asInt());
    }

    @Test
    void updateOfAnUnknownObjectFails() {
        try (SourceClient c = client()) {
            SourceException e = assertThrows(SourceException.class, () -> c.update("nope", TestJson.obj("id", "nope")));
            assertEquals(404, e.status());
            assertFalse(e.transientFault());
        }
    }

    @Test
    void deleteCountsMissingAsDone() {
        src.put("pets", TestJson.obj("id", "7"));
        try (SourceClient c = client()) {
            c.delete("7");
            c.delete("7");
        }
        assertNull(src.get("pets", "7"));
        assertEquals(List.of("DELETE /pets/7", "DELETE /pets/7"), src.requests());
    }

    @Test
    void deleteFailureIsReported() {
        src.failWrites(403);
        try (SourceClient c = client()) {
            SourceException e = assertThrows(SourceException.class, () -> c.delete("7"));
            assertEquals(403, e.status());
        }
    }

    @Test
    void itemUrlTemplateAndEncodedIds() {
        src.put("animals", TestJson.obj("id", "a/b c", "name", "odd"));
        SourceSettings s = settings(src, "pets").withItemUrl(src.url("animals") + "/{id}");
        try (SourceClient c = new SourceClient(s)) {
            assertEquals("odd", c.fetch("a/b c").orElseThrow().get("name").asText());
            c.update("a/b c", TestJson.obj("id", "a/b c", "name", "even"));
            c.delete("a/b c");
        }
        assertEquals(List.of("GET /animals/a%2Fb%20c", "PUT /animals/a%2Fb%20c", "DELETE /animals/a%2Fb%20c"), src.requests());
    }

    @Test
    void authorizationIsSentButNeverShown() {
        String secret = "Bearer s3cr3t-t0ken";
        src.generate("pets", 15);
        src.style("pets", Style.NEXT_LINK).failPage("pets", 2, 401);
        SourceSettings s = settings(src, "pets").withAuthorization(secret);
        try (SourceClient c = new SourceClient(s); SourceListing listing = c.listing()) {
            listing.next();
            SourceException e = assertThrows(SourceException.class, listing::next);
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            assertFalse(c.settings().toString().contains("s3cr3t"));
        }
        assertTrue(src.requestLog().stream().allMatch(r -> secret.equals(r.header("Authorization"))));
    }

    @Test
    void authorizationEchoedInAnErrorBodyIsScrubbed() {
        src.respond("pets", req -> Response.json(400, TestJson.obj("error", "bad token " + req.header("Authorization"))));
        try (SourceClient c = new SourceClient(settings(src, "pets").withAuthorization("Bearer s3cr3t-t0ken"))) {
            SourceException e = assertThrows(SourceException.class, () -> c.fetch("1"));
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            assertTrue(e.getMessage().contains("bad token ****"), e.getMessage());
        }
    }

    @Test
    void authorizationIsNotSentToAnotherOrigin() {
        try (TestSource other = TestSource.start()) {
            other.generate("pets", 2);
            other.style("pets", Style.NONE);
            src.respond("pets", req -> Response.json(200, "{\"results\":[{\"id\":\"x\"}],\"next\":\"" + other.url("pets") + "\"}"));
            // allowedOrigins lets the listing follow the link; the credentials still stay at home.
            Listings.Result r = readAll(settings(src, "pets").withAuthorization("Bearer s3cr3t")
                    .withProof(new ListingProof(null, List.of(other.url("")))));
            assertEquals(List.of("x", "1", "2"), r.ids());
            assertTrue(r.complete());
            assertEquals("Bearer s3cr3t", src.requestLog().get(0).header("Authorization"));
            assertNull(other.requestLog().get(0).header("Authorization"));
        }
    }

    @Test
    void aNextLinkToAnotherOriginMakesTheListingIncomplete() {
        try (TestSource other = TestSource.start()) {
            other.style("pets", Style.NONE); // an empty "last page" elsewhere
            src.respond("pets", req -> Response.json(200, "{\"results\":[{\"id\":\"x\"}],\"next\":\"" + other.url("pets") + "\"}"));
            Listings.Result r = readAll(settings(src, "pets").withAuthorization("Bearer s3cr3t"));
            assertEquals(List.of("x"), r.ids());
            assertFalse(r.complete());
            assertTrue(r.error().contains("another origin than the source's") && r.error().contains("allowedOrigins"), r.error());
            assertEquals(0, other.requestCount("GET"), "the other origin is not even asked");
        }
    }

    @Test
    void closedClientRefusesWork() {
        SourceClient c = client();
        c.close();
        assertThrows(IllegalStateException.class, c::listing);
    }

    /** If-Match compares strongly: a weak ETag goes only when the route demands conditional writes. */
    @Test
    void aWeakETagIsSentAsIfMatchOnlyUnderAlways() {
        src.generate("pets", 1);
        try (SourceClient c = new SourceClient(settings(src, "pets"))) {
            c.put("1", TestJson.obj("id", "1", "name", "weak"), "W/\"v1\"");
            c.put("1", TestJson.obj("id", "1", "name", "strong"), "\"v1\"");
        }
        List<TestSource.Request> puts = src.requestLog().stream().filter(r -> r.method().equals("PUT")).toList();
        assertNull(puts.get(0).header("If-Match"), "auto: a weak ETag is not sent");
        assertEquals("\"v1\"", puts.get(1).header("If-Match"));
        src.clearRequests();
        SourceSettings always = settings(src, "pets").withStyle(new WriteStyle(null, null, null, null, null, null, null,
                null, WriteStyle.ALWAYS));
        try (SourceClient c = new SourceClient(always)) {
            c.put("1", TestJson.obj("id", "1", "name", "weak, demanded"), "W/\"v1\"");
        }
        assertEquals("W/\"v1\"", src.requestLog().stream().filter(r -> r.method().equals("PUT")).findFirst()
                .orElseThrow().header("If-Match"), "always: sent as the route demands");
    }

    /**
     * An OData-like source gives weak ETags and refuses writes without If-Match (428). Under auto the weak ETag is
     * held back at first; the 428 asks for a precondition and that weak ETag is the only validator the
     * source gave, so the write is made once more with it, and the source judges it.
     */
    @Test
    void a428BringsTheWeakETagItAsksFor() {
        src.generate("pets", 1);
        src.respond("pets", req -> req.method().equals("PUT") && req.header("If-Match") == null ? Response.status(428) : null);
        try (SourceClient c = new SourceClient(settings(src, "pets"))) {
            c.put("1", TestJson.obj("id", "1", "name", "demanded"), "W/\"v1\"");
            assertThrows(SourceClient.StaleWrite.class, () -> c.put("1", TestJson.obj("id", "1", "name", "none"), null),
                    "without any ETag a 428 is a stale write: the object is read again");
        }
        List<TestSource.Request> puts = src.requestLog().stream().filter(r -> r.method().equals("PUT")).toList();
        assertEquals(3, puts.size(), puts.toString());
        assertNull(puts.get(0).header("If-Match"));
        assertEquals("W/\"v1\"", puts.get(1).header("If-Match"));
        assertEquals("demanded", src.get("pets", "1").path("name").asText());
    }
}
