package io.gatewaysync.web;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's files on a real engine with API keys: open, each with its content type, revalidated
 * (no-cache and an ETag), a Content-Security-Policy on the page, and nothing but the listed files:
 * no path leads out of the folder.
 */
class ConsoleFilesTest extends EngineTest {

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startEngine() {
        engine = new EngineHarness(dir).property("gateway.api-keys", "admin:admin-key-5e1f0c7a2b")
                .property("gateway.host", "127.0.0.1").start();
    }

    @Test
    void thePageAndItsFilesAreServedOpenWithTheirTypesAndRevalidated() throws Exception {
        HttpResponse<String> redirect = get("/console", null);
        assertEquals(301, redirect.statusCode());
        assertEquals("/console/", redirect.headers().firstValue("Location").orElse(null));

        HttpResponse<String> page = get("/console/", null);
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
        assertTrue(page.body().contains("<script src=\"console.js\""), page.body());
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals(page.body(), get("/console/index.html", null).body());

        assertEquals("text/javascript; charset=utf-8", get("/console/console.js", null).headers().firstValue("Content-Type").orElse(null));
        assertEquals("text/css; charset=utf-8", get("/console/console.css", null).headers().firstValue("Content-Type").orElse(null));
        assertEquals("image/svg+xml", get("/console/favicon.svg", null).headers().firstValue("Content-Type").orElse(null));

        String etag = page.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/console/", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(engine.apiUrl("/console/console.js")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void nothingButTheListedFilesIsServed() throws Exception {
        for (String path : new String[]{"/console/nope.html", "/console/console.js/", "/console/%2e%2e/gateway-sync-defaults.properties",
                "/console/..%2Fgateway-sync-defaults.properties", "/console/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                "/console/sub/index.html", "/console/INDEX.HTML"}) {
            HttpResponse<String> response = get(path, null);
            // 404, or 401 where the server's normalising resolved the dots out of the console (then the key rule applies)
            assertTrue(response.statusCode() == 404 || response.statusCode() == 400 || response.statusCode() == 401,
                    path + ": " + response.statusCode());
            assertFalse(response.body().contains("gateway.port") || response.body().contains("root:"), path + ": " + response.body());
        }
        // A dot-dot path is resolved before the rule is applied: it leaves the console and needs a key.
        assertEquals(401, raw("GET /console/../api/_sources HTTP/1.1"));
        assertEquals(401, raw("GET /console/../../observe/metrics HTTP/1.1"));
        // Only GET and HEAD.
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(engine.apiUrl("/console/")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(post.statusCode() == 405 || post.statusCode() == 404 || post.statusCode() == 401, "POST: " + post.statusCode());
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.apiUrl(path))).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request line sent as it is (clients resolve dot segments themselves): the status code. */
    private int raw(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", engine.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

}
