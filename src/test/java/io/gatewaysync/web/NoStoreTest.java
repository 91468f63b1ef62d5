package io.gatewaysync.web;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/security.md's promise: every API answer says {@code Cache-Control: no-store} (live state, often
 * read with a key): the operator's API, the records API, the gateway API, errors, and the guard's 401
 * and 403. Camel's HTTP header filter dropped it from every route's answer ({@link NoStoreHeaders}).
 * The console's files keep their own {@code no-cache} (revalidated with their ETag).
 */
class NoStoreTest extends EngineTest {

    static final String READ = "read-key-5b1e0c7d2a";
    static final String ADMIN = "admin-key-93fa4d6e8c";

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyApiAnswerIsNoStoreAndTheConsoleFilesNoCache() throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 3);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"))
                .property("gateway.api-keys", "read:" + READ + ",admin:" + ADMIN)
                .property("gateway.host", "127.0.0.1")
                .start();
        engine.sync("pets");

        assertNoStore("GET", "/api/_sources", READ, 200);
        assertNoStore("GET", "/api/_sources/pets", READ, 200);
        assertNoStore("GET", "/api/_sources/nope", READ, 404);
        assertNoStore("GET", "/api/_runs?source=pets", READ, 200);
        assertNoStore("GET", "/api/_synchronizations?source=pets", ADMIN, 200);
        assertNoStore("GET", "/api/pets", READ, 200);
        assertNoStore("GET", "/api/_sources", null, 401);
        assertNoStore("GET", "/api/_synchronizations?source=pets", READ, 403);
        assertNoStore("POST", "/api/_sources/pets/sync", READ, 403);

        HttpResponse<String> page = send("GET", "/console/", null);
        assertEquals(200, page.statusCode());
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(null));
    }

    void assertNoStore(String method, String path, String key, int status) throws Exception {
        HttpResponse<String> response = send(method, path, key);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null), method + " " + path);
    }

    HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
