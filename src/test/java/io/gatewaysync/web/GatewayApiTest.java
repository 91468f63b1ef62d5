package io.gatewaysync.web;

import io.gatewaysync.gateway.EmbeddedGatewayStore;
import io.gatewaysync.gateway.StoredObject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded gateway's REST API (DESIGN §4) through real HTTP on the engine's port: paging, the
 * four methods, {@code _self}, and bad input answered with 4xx and a JSON message, never a 500.
 */
class GatewayApiTest {

    static final int MAX_BODY = 2_000;

    @TempDir
    static Path dir;
    static TestSource source;
    static EngineHarness engine;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        source = TestSource.start();
        source.generate("pets", 3);
        engine = new EngineHarness(dir).property("gateway.max-body-bytes", Integer.toString(MAX_BODY))
                .route("pets", source.url("/pets")).start();
    }

    @AfterAll
    static void stop() {
        engine.close();
        source.close();
    }

    /** A fresh schema per test, so tests do not see each other's objects. */
    static String schema() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    static HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engine.apiUrl(path))).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> json(String method, String path, String body) {
        return send(method, path, "application/json", body);
    }

    static JsonNode body(HttpResponse<String> r) {
        return TestJson.parse(r.body());
    }

    /** A 4xx answer with a JSON error message. */
    static JsonNode assertError(int status, HttpResponse<String> r, String messagePart) {
        assertEquals(status, r.statusCode(), r.request().method() + " " + r.request().uri() + " -> " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode error = body(r);
        assertEquals(status, error.path("status").asInt(), r.body());
        assertTrue(error.path("error").asText().contains(messagePart), "message lacks '" + messagePart + "': " + r.body());
        return error;
    }

    static String create(String schema, ObjectNode data) {
        HttpResponse<String> r = json("POST", "/api/" + schema, data.toString());
        assertEquals(201, r.statusCode(), r.body());
        return body(r).path("_self").path("id").asText();
    }

    // ---------------------------------------------------------------- happy paths

    @Test
    void postGetPutDelete() {
        String schema = schema();
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> created = json("POST", "/api/" + schema, obj("name", "Rex", "age", 3).toString());
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode c = body(created);
        assertEquals("Rex", c.path("name").asText());
        assertEquals(3, c.path("age").asInt());
        JsonNode self = c.path("_self");
        String id = self.path("id").asText();
        assertFalse(id.isBlank(), created.body());
        assertEquals(schema, self.path("schema").asText());
        assertTrue(Instant.parse(self.path("dateCreated").asText()).isAfter(before));
        assertTrue(self.path("dateModified").isTextual());
        assertTrue(self.path("synchronizations").isArray() && self.path("synchronizations").isEmpty(), created.body());

        HttpResponse<String> got = json("GET", "/api/" + schema + "/" + id, null);
        assertEquals(200, got.statusCode());
        assertEquals(c, body(got));

        HttpResponse<String> put = json("PUT", "/api/" + schema + "/" + id, obj("name", "Rex II").toString());
        assertEquals(200, put.statusCode(), put.body());
        JsonNode p = body(put);
        assertEquals("Rex II", p.path("name").asText());
        assertTrue(p.path("age").isMissingNode(), "PUT replaces the object: " + put.body());
        assertEquals(id, p.path("_self").path("id").asText());
        assertEquals(self.path("dateCreated"), p.path("_self").path("dateCreated"));
        assertFalse(Instant.parse(p.path("_self").path("dateModified").asText())
                .isBefore(Instant.parse(self.path("dateModified").asText())));
        assertEquals("Rex II", body(json("GET", "/api/" + schema + "/" + id, null)).path("name").asText());

        HttpResponse<String> deleted = json("DELETE", "/api/" + schema + "/" + id, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertError(404, json("GET", "/api/" + schema + "/" + id, null), id);
        assertError(404, json("DELETE", "/api/" + schema + "/" + id, null), id);
        assertError(404, json("PUT", "/api/" + schema + "/" + id, obj("name", "ghost").toString()), id);
    }

    @Test
    void listPagesWithResultsCountAndNext() {
        String schema = schema();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            ids.add(create(schema, obj("n", i)));
        }
        JsonNode first = body(json("GET", "/api/" + schema + "?pageSize=3", null));
        assertEquals(7, first.path("count").asInt());
        assertEquals(3, first.path("results").size());
        assertTrue(first.path("next").isTextual(), first.toString());

        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String next = engine.apiUrl("/api/" + schema + "?pageSize=3");
        while (next != null) {
            URI uri = URI.create(next);
            HttpResponse<String> r = json("GET", uri.getRawPath() + "?" + uri.getRawQuery(), null);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = body(r);
            assertEquals(7, page.path("count").asInt());
            sizes.add(page.path("results").size());
            for (JsonNode o : page.path("results")) {
                assertTrue(seen.add(o.path("_self").path("id").asText()), "seen twice: " + o);
                assertEquals(schema, o.path("_self").path("schema").asText());
            }
            next = page.path("next").isNull() ? null : page.path("next").asText();
            if (next != null) {
                assertEquals(engine.port(), URI.create(next).getPort(), next);
            }
        }
        assertEquals(List.of(3, 3, 1), sizes);
        assertEquals(ids, seen);

        JsonNode empty = body(json("GET", "/api/" + schema() + "", null));
        assertEquals(0, empty.path("count").asInt());
        assertEquals(0, empty.path("results").size());
        assertTrue(empty.path("next").isNull());
    }

    @Test
    void badPagingParametersAre400() {
        String schema = schema();
        create(schema, obj("n", 1));
        for (String query : List.of("page=0", "page=-1", "page=abc", "pageSize=0", "pageSize=1001", "pageSize=x",
                "page=99999999999")) {
            assertError(400, json("GET", "/api/" + schema + "?" + query, null), "page");
        }
        JsonNode beyond = body(json("GET", "/api/" + schema + "?page=50", null));
        assertEquals(0, beyond.path("results").size());
        assertTrue(beyond.path("next").isNull());
        // Far beyond: (page - 1) * pageSize does not fit an int.
        for (String query : List.of("page=2147483647&pageSize=1000", "page=2147483647", "page=3000000&pageSize=1000")) {
            HttpResponse<String> r = json("GET", "/api/" + schema + "?" + query, null);
            assertEquals(200, r.statusCode(), query + " -> " + r.body());
            assertEquals(0, body(r).path("results").size(), query + " -> " + r.body());
            assertEquals(1, body(r).path("count").asInt(), query + " -> " + r.body());
        }
    }

    @Test
    void selfIsIgnoredOnPostAndPut() {
        String schema = schema();
        ObjectNode forged = obj("name", "Tom");
        forged.set("_self", obj("id", "forged-id", "schema", "other", "dateCreated", "2000-01-01T00:00:00Z",
                "synchronizations", List.of(obj("source", "x", "sourceId", "1"))));
        HttpResponse<String> created = json("POST", "/api/" + schema, forged.toString());
        assertEquals(201, created.statusCode(), created.body());
        JsonNode self = body(created).path("_self");
        String id = self.path("id").asText();
        assertNotEquals("forged-id", id);
        assertEquals(schema, self.path("schema").asText());
        assertNotEquals("2000-01-01T00:00:00Z", self.path("dateCreated").asText());
        assertEquals(0, self.path("synchronizations").size());
        assertError(404, json("GET", "/api/" + schema + "/forged-id", null), "forged-id");
        assertEquals(0, body(json("GET", "/api/other", null)).path("count").asInt());

        // What is stored is the object's own fields only.
        StoredObject stored = engine.bean("gatewayStore", EmbeddedGatewayStore.class).get(schema, id).orElseThrow();
        assertEquals(obj("name", "Tom"), stored.data());

        ObjectNode put = obj("name", "Tom II");
        put.set("_self", obj("id", "another", "schema", "other"));
        HttpResponse<String> replaced = json("PUT", "/api/" + schema + "/" + id, put.toString());
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(id, body(replaced).path("_self").path("id").asText());
        assertEquals(schema, body(replaced).path("_self").path("schema").asText());
        assertEquals(obj("name", "Tom II"),
                engine.bean("gatewayStore", EmbeddedGatewayStore.class).get(schema, id).orElseThrow().data());
    }

    @Test
    void selfListsTheSynchronizationsAfterASync() {
        assertEquals(3, engine.sync("pets").created());
        StoredObject two = engine.gatewayObjectFor("pets", "2");
        JsonNode one = body(json("GET", "/api/pets/" + two.id(), null));
        assertEquals("pets 2", one.path("name").asText());
        JsonNode syncs = one.path("_self").path("synchronizations");
        assertEquals(1, syncs.size(), one.toString());
        assertEquals("pets", syncs.get(0).path("source").asText());
        assertEquals("2", syncs.get(0).path("sourceId").asText());
        Instant.parse(syncs.get(0).path("lastSynced").asText());

        JsonNode list = body(json("GET", "/api/pets", null));
        assertEquals(3, list.path("count").asInt());
        for (JsonNode o : list.path("results")) {
            JsonNode s = o.path("_self").path("synchronizations");
            assertEquals(1, s.size(), o.toString());
            assertEquals(o.path("id").asText(), s.get(0).path("sourceId").asText());
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void malformedJsonIs400WithAMessage() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        for (String bad : List.of("{\"name\": ", "{name: 1}", "{\"a\":1}}", "nul", "{\"a\":1,}")) {
            assertError(400, json("POST", "/api/" + schema, bad), "JSON");
            assertError(400, json("PUT", "/api/" + schema + "/" + id, bad), "JSON");
        }
        assertEquals("Rex", body(json("GET", "/api/" + schema + "/" + id, null)).path("name").asText());
        assertEquals(1, body(json("GET", "/api/" + schema, null)).path("count").asInt());
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        for (String bad : List.of("[]", "[{\"name\":\"a\"}]", "\"text\"", "42", "true", "null")) {
            assertError(400, json("POST", "/api/" + schema, bad), "object");
            assertError(400, json("PUT", "/api/" + schema + "/" + id, bad), "object");
        }
        assertError(400, json("POST", "/api/" + schema, null), "object");
        assertError(400, json("PUT", "/api/" + schema + "/" + id, ""), "object");
        assertEquals(1, body(json("GET", "/api/" + schema, null)).path("count").asInt());
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        String big = obj("name", "x".repeat(MAX_BODY)).toString();
        assertError(413, json("POST", "/api/" + schema, big), Integer.toString(MAX_BODY));
        assertError(413, json("PUT", "/api/" + schema + "/" + id, big), Integer.toString(MAX_BODY));
        String justUnder = obj("name", "x".repeat(MAX_BODY - 20)).toString();
        assertTrue(justUnder.length() <= MAX_BODY);
        assertEquals(201, json("POST", "/api/" + schema, justUnder).statusCode());
        // Far over the limit (megabytes): still a clean 413, not a 500 or a dropped connection.
        String huge = obj("name", "y".repeat(3_000_000)).toString();
        HttpResponse<String> r = json("POST", "/api/" + schema, huge);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals(2, body(json("GET", "/api/" + schema, null)).path("count").asInt());
    }

    @Test
    void unknownObjectsAre404() {
        String schema = schema();
        create(schema, obj("name", "Rex"));
        assertError(404, json("GET", "/api/" + schema + "/nope", null), "nope");
        assertError(404, json("PUT", "/api/" + schema + "/nope", "{\"a\":1}"), "nope");
        assertError(404, json("DELETE", "/api/" + schema + "/nope", null), "nope");
        assertError(404, json("GET", "/api/" + schema() + "/nope", null), "nope");
    }

    @Test
    void invalidSchemaNamesAndIdsAreRejectedWithoutA500() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        String longName = "a".repeat(500);
        List<String> paths = List.of(
                "/api/_x", "/api/_x/1", "/api/" + schema + "/_x", "/api/" + schema + "/..", "/api/../x",
                "/api/%2E%2E", "/api/" + schema + "/%2E%2E", "/api/" + longName, "/api/" + longName + "/1",
                "/api/" + schema + "/" + longName, "/api/" + schema + "/a%2Fb", "/api/a%2Fb/1",
                "/api/" + schema + "/%00", "/api/%00", "/api/" + schema + "/a'%20OR%20'1'='1",
                "/api/" + schema + "/%E2%9C%93", "/api/-x", "/api/.x/1", "/api/" + schema + "/" + id + "/extra");
        for (String path : paths) {
            for (String method : List.of("GET", "PUT", "DELETE", "POST")) {
                HttpResponse<String> r = json(method, path, "{\"name\":\"x\"}");
                int status = r.statusCode();
                assertTrue(status == 400 || status == 404 || status == 405,
                        method + " " + path + " -> " + status + " " + r.body());
            }
        }
        assertError(404, json("GET", "/api/_x", null), "_x");
        assertError(404, json("GET", "/api/" + schema + "/_x", null), "_x");
        assertError(404, json("GET", "/api/" + longName, null), "schema");
        // The real object is untouched by all of that.
        assertEquals(1, body(json("GET", "/api/" + schema, null)).path("count").asInt());
        assertEquals("Rex", body(json("GET", "/api/" + schema + "/" + id, null)).path("name").asText());
    }

    @Test
    void aMethodThatIsNotAllowedIsNotA500() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        for (String[] call : List.of(new String[]{"PATCH", "/api/" + schema + "/" + id},
                new String[]{"PUT", "/api/" + schema}, new String[]{"DELETE", "/api/" + schema},
                new String[]{"POST", "/api/" + schema + "/" + id})) {
            HttpResponse<String> r = json(call[0], call[1], "{\"a\":1}");
            assertTrue(r.statusCode() == 405 || r.statusCode() == 404, call[0] + " " + call[1] + " -> " + r.statusCode());
        }
        assertEquals(1, body(json("GET", "/api/" + schema, null)).path("count").asInt());
    }

    @Test
    void aFormEncodedBodyIs415NotA500() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        // What `curl -d '{"name":"x"}' URL` sends: JSON under the default form content type.
        String jsonBody = "{\"name\":\"x\"}";
        for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=xyz",
                "application/xml")) {
            assertError(415, send("POST", "/api/" + schema, type, jsonBody), "application/json");
            assertError(415, send("PUT", "/api/" + schema + "/" + id, type, jsonBody), "application/json");
        }
        assertError(415, send("POST", "/api/" + schema, "application/x-www-form-urlencoded", "name=x&age=3"),
                "application/json");
        assertEquals(1, body(json("GET", "/api/" + schema, null)).path("count").asInt());
        assertEquals("Rex", body(json("GET", "/api/" + schema + "/" + id, null)).path("name").asText());
        // JSON with a charset, and JSON-based types, are fine.
        assertEquals(201, send("POST", "/api/" + schema, "application/json; charset=utf-8", jsonBody).statusCode());
        assertEquals(201, send("POST", "/api/" + schema, "application/merge-patch+json", jsonBody).statusCode());
    }

    @Test
    void responsesDoNotEchoRequestHeadersOrPathParameters() {
        String schema = schema();
        String id = create(schema, obj("name", "Rex"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(engine.apiUrl("/api/" + schema + "/" + id + "?x-extra=1")))
                .header("Authorization", "Bearer secret-token").header("X-Custom", "v").GET().build();
        HttpResponse<String> r;
        try {
            r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Authorization").isEmpty(), r.headers().toString());
        assertTrue(r.headers().firstValue("X-Custom").isEmpty(), r.headers().toString());
        assertTrue(r.headers().firstValue("schema").isEmpty(), r.headers().toString());
        assertTrue(r.headers().firstValue("id").isEmpty(), r.headers().toString());
        assertTrue(r.headers().firstValue("x-extra").isEmpty(), r.headers().toString());
    }

    @Test
    void aRawRequestWithAnInvalidHeaderDoesNotBreakTheServer() throws IOException {
        // A request line and headers written by hand: a header name with a '{' in it.
        try (Socket socket = new Socket("localhost", engine.port())) {
            socket.setSoTimeout(10_000);
            String raw = "GET /api/" + schema() + " HTTP/1.1\r\nHost: localhost\r\n{\"a\": b\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertFalse(answer.startsWith("HTTP/1.1 5"), answer);
        }
        assertEquals(200, json("GET", "/api/" + schema(), null).statusCode());
    }
}
