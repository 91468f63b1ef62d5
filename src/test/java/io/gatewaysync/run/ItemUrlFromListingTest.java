package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A listing whose objects carry their own item URL in an absolute {@code url} field (as Django REST framework
 * serializes them), listed at {@code /search}, items at {@code /items/{id}/}: the record keeps the URL (by
 * COPY on PostgreSQL, {@link ItemUrlFromListingPostgresTest}) and the write-back goes there. A {@code url} on
 * another origin is never followed.
 */
class ItemUrlFromListingTest extends io.gatewaysync.testsupport.EngineTest {

    protected EngineHarness newEngine(Path where) {
        return new EngineHarness(where);
    }

    /** The listing at /search: every object of /items with its url (or one on another origin for id 3). */
    void start() {
        source = TestSource.start();
        for (int i = 1; i <= 3; i++) {
            source.put("items", obj("id", String.valueOf(i), "name", "item " + i));
        }
        source.respond("search", request -> {
            ArrayNode list = (ArrayNode) TestJson.parse("[]");
            for (ObjectNode item : source.all("items")) {
                String id = item.path("id").asText();
                String url = id.equals("3") ? "http://elsewhere.invalid/items/3/" : source.url("/items/" + id + "/");
                list.add(item.deepCopy().put("url", url));
            }
            return TestSource.Response.json(200, list);
        });
        // /items/{id}/ (trailing slash) is the item; the engine's default would be /search/{id}
        source.respond("items", request -> {
            String path = request.path();
            if (!path.endsWith("/") || request.method().equals("GET") && path.equals("/items/")) {
                return null;
            }
            String id = path.substring("/items/".length(), path.length() - 1);
            if (request.method().equals("PUT")) {
                ObjectNode body = (ObjectNode) TestJson.parse(request.body());
                body.remove("url");
                return TestSource.Response.json(200, source.put("items", body).deepCopy().put("url", source.url("/items/" + id + "/")));
            }
            return null;
        });
        engine = newEngine(dir).route("items", source.url("/search"), "pagination", "none", "direction", "two-way",
                "mapping", "$sift($, function($v, $k) {$k != 'url'})").start();
    }

    @Test
    void theRecordKeepsTheListedUrlAndTheWriteGoesThere() {
        start();
        RunResult first = engine.sync("items");
        assertEquals(RunStatus.OK, first.status(), first.line() + " " + first.error());
        assertEquals(3, first.created(), first.line());
        assertEquals(source.url("/items/2/"), engine.record("items", "2").sourceUrl());
        assertNull(engine.record("items", "3").sourceUrl(), "another origin: not followed, not kept");

        StoredObject two = engine.gatewayObjectFor("items", "2");
        assertEquals(200, engine.http("PUT", "/api/items/" + two.id(), two.data().deepCopy().put("name", "edited")).statusCode());
        source.clearRequests();
        RunResult pushed = engine.sync("items");
        assertEquals(1, pushed.pushed(), pushed.line() + " " + engine.record("items", "2").lastError());
        assertEquals("edited", source.get("items", "2").path("name").asText());
        assertEquals(List.of("PUT /items/2/"), source.requests().stream().filter(r -> r.startsWith("PUT")).toList());
        RunResult quiet = engine.sync("items");
        assertEquals(3, quiet.unchanged(), quiet.line());
    }
}
