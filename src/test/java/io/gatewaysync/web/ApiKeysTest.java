package io.gatewaysync.web;

import io.gatewaysync.cli.Cli;
import io.gatewaysync.cli.Probe;

import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gateway.api-keys} on a real engine, over real HTTP: every endpoint with no key, an unknown
 * key, and a read, write and admin key (sent as Bearer or X-Api-Key) gets 401, 403 or its own answer;
 * a refused request changes nothing (gateway objects, records and blocks are compared before and after).
 */
class ApiKeysTest extends EngineTest {

    static final String READ = "read-key-7f3a9c1e2b";
    static final String WRITE = "write-key-5d8e0a4f6c";
    static final String ADMIN = "admin-key-91b2c3d4e5";

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startEngine() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 10);
        source.generate("pets", 5);
        engine = new EngineHarness(dir)
                .route("pets", source.url("/pets"), "pagination", "page")
                .property("gateway.api-keys", "read:" + READ + ", write:" + WRITE + ",admin:" + ADMIN)
                .property("gateway.host", "127.0.0.1")
                .property("demo.enabled", "true")
                .start();
        engine.sync("pets");
    }

    enum Caller { NONE, WRONG, READ, WRITE, ADMIN }

    record Endpoint(String method, String path, String body, String role) {
    }

    @Test
    void everyEndpointAnswersByRoleAndARefusedRequestWritesNothing() throws Exception {
        String id = engine.gatewayObjects("pets").get(0).id();
        String id2 = engine.gatewayObjects("pets").get(1).id();
        String sourceId = engine.records("pets").get(2).sourceId();
        block("pets", sourceId);
        List<Endpoint> endpoints = List.of(
                // The operator's API first (a run would undo the edits below): the sources' state is read,
                // running and retrying admin.
                new Endpoint("GET", "/api/_sources", null, "read"),
                new Endpoint("GET", "/api/_sources/pets", null, "read"),
                new Endpoint("POST", "/api/_sources/pets/sync?wait=60", "", "admin"),
                new Endpoint("POST", "/api/_synchronizations/pets/" + sourceId + "/retry", "", "admin"),
                // The console's files are open: the page holds no data.
                new Endpoint("GET", "/console/", null, "open"),
                new Endpoint("GET", "/console/console.js", null, "open"),
                new Endpoint("GET", "/api/pets", null, "read"),
                new Endpoint("GET", "/api/pets/" + id, null, "read"),
                new Endpoint("GET", "/observe/metrics", null, "read"),
                new Endpoint("POST", "/api/pets", "{\"name\":\"new\"}", "write"),
                new Endpoint("PUT", "/api/pets/" + id, "{\"name\":\"changed\"}", "write"),
                new Endpoint("DELETE", "/api/pets/" + id2, null, "write"),
                new Endpoint("GET", "/api/_runs?source=pets", null, "read"),
                new Endpoint("GET", "/api/_runs", null, "read"),
                new Endpoint("GET", "/api/_synchronizations?source=pets", null, "admin"),
                new Endpoint("POST", "/api/_synchronizations/pets/" + sourceId + "/unblock", "", "admin"),
                // Every /api/_ path is admin, whichever route serves it. The notified id is none the source
                // has: its one-object sync finds it gone and changes nothing, so the state compared stays put.
                new Endpoint("POST", "/api/_notify/pets", "{\"id\":\"no-such-pet\"}", "admin"),
                new Endpoint("GET", "/api/%5Fsynchronizations?source=pets", null, "admin"),
                new Endpoint("GET", "/observe/health/ready", null, "open"),
                new Endpoint("GET", "/observe/health/live", null, "open"),
                new Endpoint("GET", "/demo/pets", null, "open"));
        for (Endpoint e : endpoints) {
            boolean firstAllowed = true;
            for (Caller caller : Caller.values()) {
                String before = state();
                HttpResponse<String> response = call(e, caller, caller.ordinal() % 2 == 0);
                int expected = expected(e.role(), caller);
                String what = e.method() + " " + e.path() + " as " + caller;
                assertNothingOfTheRequestInTheAnswersHeaders(response, what);
                if (expected == 200) {
                    assertTrue(response.statusCode() != 401 && response.statusCode() != 403 && response.statusCode() != 503,
                            what + ": " + response.statusCode() + " " + response.body());
                    // The first allowed call does the work (a second DELETE finds nothing: 404).
                    if (firstAllowed) {
                        assertTrue(response.statusCode() / 100 == 2, what + ": " + response.statusCode() + " " + response.body());
                    }
                    firstAllowed = false;
                    continue;
                }
                assertEquals(expected, response.statusCode(), what + ": " + response.body());
                if (expected == 401) {
                    assertEquals("Bearer realm=\"gateway-sync\"", response.headers().firstValue("WWW-Authenticate").orElse(null), what);
                }
                assertFalse(response.body().contains(READ) || response.body().contains(WRITE) || response.body().contains(ADMIN),
                        what + ": a key in the answer");
                assertEquals(before, state(), what + ": a refused request changed something");
            }
        }
        // The allowed calls did their work.
        assertEquals("changed", engine.gatewayObjects("pets").stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow().data().path("name").asText());
        assertTrue(engine.gatewayObjects("pets").stream().noneMatch(o -> o.id().equals(id2)));
        assertFalse(engine.record("pets", sourceId).blocked(), "unblocked by the admin key");
    }

    @Test
    void aMalformedKeyListStopsTheStartWithoutShowingAKey() {
        engine.close();
        EngineHarness bad = new EngineHarness(dir.resolve("bad")).property("gateway.api-keys", "read:" + READ + ",owner:" + ADMIN);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new Cli(new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true))
                .run(new String[]{"--once"}, EngineHarness.LOCATIONS, bad.overrides());
        assertEquals(Cli.CONFIGURATION_ERROR, code);
        String message = err.toString();
        assertTrue(message.contains("gateway.api-keys") && message.contains("entry 2") && message.contains("'owner'")
                && message.contains("read, write, admin"), message);
        assertFalse(message.contains(READ) || message.contains(ADMIN), message);
    }

    @Test
    void camelsPropertySummaryCannotBeTurnedOnWithKeys() {
        engine.close();
        EngineHarness bad = new EngineHarness(dir.resolve("summary")).property("gateway.api-keys", "read:" + READ)
                .property("camel.main.auto-configuration-log-summary", "true");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new Cli(new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true))
                .run(new String[]{"--once"}, EngineHarness.LOCATIONS, bad.overrides());
        assertEquals(Cli.CONFIGURATION_ERROR, code);
        assertTrue(err.toString().contains("camel.main.auto-configuration-log-summary") && err.toString().contains("allowed with API keys: false"),
                err.toString());
        assertFalse(err.toString().contains(READ), err.toString());
    }

    static int expected(String role, Caller caller) {
        if (role.equals("open")) {
            return 200;
        }
        return switch (caller) {
            case NONE, WRONG -> 401;
            case READ -> role.equals("read") ? 200 : 403;
            case WRITE -> role.equals("admin") ? 403 : 200;
            case ADMIN -> 200;
        };
    }

    HttpResponse<String> call(Endpoint e, Caller caller, boolean bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.apiUrl(e.path())))
                .method(e.method(), e.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(e.body()));
        if (e.body() != null) {
            request.header("Content-Type", "application/json");
        }
        request.header("X-Echo-Probe", "echo-probe-value");
        String key = switch (caller) {
            case NONE -> null;
            case WRONG -> "not-a-key-of-this-engine";
            case READ -> READ;
            case WRITE -> WRITE;
            case ADMIN -> ADMIN;
        };
        if (key != null) {
            if (bearer) {
                request.header("Authorization", "Bearer " + key);
            } else {
                request.header("X-Api-Key", key);
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** platform-http copies a request's headers into the answer unless an endpoint clears them: a key must not come back. */
    static void assertNothingOfTheRequestInTheAnswersHeaders(HttpResponse<String> response, String what) {
        response.headers().map().forEach((name, values) -> {
            assertFalse(name.equalsIgnoreCase("X-Echo-Probe") || name.equalsIgnoreCase("X-Api-Key")
                    || name.equalsIgnoreCase("Authorization"), what + ": request header '" + name + "' echoed");
            for (String value : values) {
                assertFalse(value.contains(READ) || value.contains(WRITE) || value.contains(ADMIN)
                        || value.contains("not-a-key-of-this-engine") || value.contains("echo-probe-value"),
                        what + ": header '" + name + "' carries a request value");
            }
        });
    }

    /** Everything a request could change: the gateway objects with their hashes, the records with their blocks. */
    String state() {
        Map<String, String> state = new TreeMap<>();
        for (StoredObject o : engine.gatewayObjects("pets")) {
            state.put("object " + o.id(), o.hash());
        }
        for (StoredObject o : engine.gatewayObjects("_notify")) {
            state.put("object " + o.id(), o.hash());
        }
        for (SyncRecord r : engine.records("pets")) {
            state.put("record " + r.sourceId(), r.gatewayId() + " " + r.sourceHash() + " " + r.gatewayHash() + " "
                    + r.blocked() + " " + r.tryCounter());
        }
        return state.toString();
    }

    void block(String source, String sourceId) throws Exception {
        try (Connection c = engine.bean("dataSource", DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE synchronization SET blocked = TRUE, try_counter = 5, "
                     + "blocked_until = TIMESTAMP '2099-01-01 00:00:00' WHERE source = ? AND source_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, sourceId);
            assertEquals(1, ps.executeUpdate());
        }
        assertTrue(engine.record(source, sourceId).blocked());
    }
}
