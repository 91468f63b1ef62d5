package io.gatewaysync.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jolokia as hawtio uses it, over real HTTP against a real engine: the source MBean's attributes read
 * by POST and GET, {@code syncNow} run by exec, Camel's own MBeans; 401 without or with wrong
 * credentials; CORS only for the listed origins; never started without credentials; off by default.
 */
class JolokiaTest extends EngineTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "j0l0kia-pw-4711";
    private static final String MBEAN = "io.gatewaysync:type=source,name=jolokiapets";
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    private void start(String... properties) {
        source = TestSource.start();
        source.generate("jolokiapets", 4);
        port = freePort();
        engine = new EngineHarness(dir).route("jolokiapets", source.url("/jolokiapets"))
                .property("camel.main.jmx-enabled", "true")
                .property("sync.jmx.sync-now-wait-seconds", "30")
                .property("jolokia.enabled", "true")
                .property("jolokia.port", Integer.toString(port))
                .property("jolokia.user", USER)
                .property("jolokia.password", PASSWORD);
        for (int i = 0; i < properties.length; i += 2) {
            engine.property(properties[i], properties[i + 1]);
        }
        engine.start();
    }

    private HttpResponse<String> post(String body, String user, String password, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jolokia/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode value(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = TestJson.parse(response.body());
        assertEquals(200, body.path("status").asInt(), response.body());
        return body.get("value");
    }

    @Test
    void readsTheSourceMBeanRunsSyncNowAndSeesCamelsMBeans() throws Exception {
        start();
        JsonNode status = value(post("{\"type\":\"read\",\"mbean\":\"" + MBEAN + "\",\"attribute\":\"TotalRuns\"}",
                USER, PASSWORD, null));
        assertEquals(0, status.asLong());

        JsonNode answer = value(post("{\"type\":\"exec\",\"mbean\":\"" + MBEAN + "\",\"operation\":\"syncNow\"}",
                USER, PASSWORD, null));
        assertTrue(answer.asText().contains("status=OK") && answer.asText().contains("created=4"), answer.asText());

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/jolokia/read/" + MBEAN + "/LastRunStatus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("OK", value(get).asText());
        JsonNode all = value(post("{\"type\":\"read\",\"mbean\":\"" + MBEAN + "\"}", USER, PASSWORD, null));
        assertEquals(1, all.get("TotalRuns").asLong());
        assertEquals(4, all.get("LastRunCreated").asLong());

        JsonNode camel = value(post("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=context,*\"}", USER, PASSWORD, null));
        assertTrue(camel.size() >= 1, "Camel's context MBean: " + camel);
        String read = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "read")
                .put("mbean", camel.get(0).asText()).put("attribute", "State").toString();
        JsonNode state = value(post(read, USER, PASSWORD, null));
        assertEquals("Started", state.asText());
    }

    @Test
    void refusesRequestsWithoutOrWithWrongCredentials() throws Exception {
        start();
        String read = "{\"type\":\"read\",\"mbean\":\"" + MBEAN + "\",\"attribute\":\"TotalRuns\"}";
        assertEquals(401, post(read, null, null, null).statusCode());
        HttpResponse<String> wrong = post(read, USER, "wrong", null);
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains(PASSWORD));
        assertEquals(401, post("{\"type\":\"exec\",\"mbean\":\"" + MBEAN + "\",\"operation\":\"syncNow\"}", null, null, null)
                .statusCode());
        assertEquals(0, value(post(read, USER, PASSWORD, null)).asLong(), "no run was started by the refused exec");
    }

    @Test
    void allowsBrowsersOnlyFromTheListedOrigins() throws Exception {
        start("jolokia.cors-origins", "http://hawtio.example:8080");
        String read = "{\"type\":\"version\"}";
        HttpResponse<String> listed = post(read, USER, PASSWORD, "http://hawtio.example:8080");
        assertEquals("http://hawtio.example:8080", listed.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                listed.headers().map().toString());
        HttpResponse<String> other = post(read, USER, PASSWORD, "http://evil.example");
        List<String> allowed = other.headers().allValues("Access-Control-Allow-Origin");
        assertTrue(allowed.isEmpty() || allowed.stream().noneMatch(o -> o.contains("evil") || o.equals("*")),
                "another origin is not allowed: " + other.headers().map());
    }

    @Test
    void withoutCorsOriginsNoBrowserOriginIsAllowed() throws Exception {
        start();
        HttpResponse<String> other = post("{\"type\":\"version\"}", USER, PASSWORD, "http://evil.example");
        assertTrue(other.headers().allValues("Access-Control-Allow-Origin").stream()
                .noneMatch(o -> o.contains("evil") || o.equals("*")), other.headers().map().toString());
    }

    @Test
    void neverStartsWithoutCredentialsAndIsOffByDefault() throws Exception {
        source = TestSource.start();
        engine = new EngineHarness(dir).route("jolokiapets", source.url("/jolokiapets"))
                .property("jolokia.enabled", "true").property("jolokia.user", USER);
        IllegalStateException refused = assertThrows(IllegalStateException.class, engine::start);
        assertTrue(refused.getMessage().contains("jolokia.password"), refused.getMessage());
        engine.close();

        port = freePort();
        engine = new EngineHarness(dir).route("jolokiapets", source.url("/jolokiapets"))
                .property("jolokia.port", Integer.toString(port)).start();
        assertThrows(ConnectException.class, () -> post("{\"type\":\"version\"}", USER, PASSWORD, null),
                "jolokia.enabled defaults to false: nothing listens");

        engine.close();
        engine = new EngineHarness(dir).route("jolokiapets", source.url("/jolokiapets"))
                .property("jolokia.enabled", "true").property("jolokia.user", USER).property("jolokia.password", PASSWORD)
                .property("jolokia.cors-origins", "not an origin");
        IllegalStateException badOrigin = assertThrows(IllegalStateException.class, engine::start);
        assertTrue(badOrigin.getMessage().contains("jolokia.cors-origins"), badOrigin.getMessage());
        assertFalse(badOrigin.getMessage().contains(PASSWORD));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
