package io.gatewaysync.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.RefusingPort;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health checks and Prometheus metrics read over HTTP on gateway.port, where Camel's management server
 * shares the gateway's HTTP server: /observe/health, /observe/health/live, /observe/health/ready and
 * /observe/metrics.
 */
class HealthAndMetricsTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;
    final RefusingPort deadPort = new RefusingPort();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        source.style("birds", TestSource.Style.NEXT_LINK);
        // "birds": two-way against a remote gateway that does not answer: the run cannot go on (FAILED).
        String deadGateway = deadPort.url("/api/birds");
        engine = new EngineHarness(dir)
                .route("pets", source.url("/pets"), "pagination", "next-link")
                .route("birds", source.url("/birds"), "gateway", deadGateway, "direction", "two-way",
                        "timeoutSeconds", "2", "retries", "0")
                .start();
    }

    @AfterEach
    void stop() {
        engine.close();
        source.close();
        deadPort.close();
    }

    @Test
    void readyBeforeAnyRunAndNotReadyOnceARunFailed() throws Exception {
        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", TestJson.parse(ready.body()).path("status").asText());

        HttpResponse<String> full = get("/observe/health?exposureLevel=full");
        assertEquals(200, full.statusCode(), full.body());
        JsonNode checks = TestJson.parse(full.body()).path("checks");
        assertEquals("UP", check(checks, "gateway-sync-database").path("status").asText(), full.body());
        assertEquals("UP", check(checks, "gateway-sync-source-pets").path("status").asText(), full.body());
        assertEquals("UP", check(checks, "gateway-sync-source-birds").path("status").asText(), full.body());

        assertEquals(RunStatus.OK, engine.sync("pets").status());
        RunResult failed = engine.sync("birds");
        assertEquals(RunStatus.FAILED, failed.status(), failed.line());

        HttpResponse<String> notReady = get("/observe/health/ready");
        assertEquals(503, notReady.statusCode(), notReady.body());
        JsonNode down = check(TestJson.parse(notReady.body()).path("checks"), "gateway-sync-source-birds");
        assertEquals("DOWN", down.path("status").asText(), notReady.body());
        assertTrue(down.path("message").asText().contains("FAILED"), notReady.body());

        // The process itself is fine: liveness stays UP (a restart would not cure a dead remote gateway).
        HttpResponse<String> live = get("/observe/health/live");
        assertEquals(200, live.statusCode(), live.body());
    }

    @Test
    void notReadyWhenTheDatabaseIsGone() throws Exception {
        assertEquals(200, get("/observe/health/ready").statusCode());
        engine.bean("dataSource", HikariDataSource.class).close();
        HttpResponse<String> notReady = get("/observe/health/ready");
        assertEquals(503, notReady.statusCode(), notReady.body());
        JsonNode db = check(TestJson.parse(notReady.body()).path("checks"), "gateway-sync-database");
        assertEquals("DOWN", db.path("status").asText(), notReady.body());
    }

    @Test
    void prometheusMetricsPerSource() throws Exception {
        engine.sync("pets");
        source.put("pets", TestJson.obj("id", "3", "name", "renamed", "n", 3));
        engine.sync("pets");
        engine.sync("birds");

        HttpResponse<String> response = get("/observe/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = response.body();
        assertEquals(10.0, value(text, "gateway_sync_objects_total", "source=\"pets\"", "outcome=\"created\""), text);
        assertEquals(1.0, value(text, "gateway_sync_objects_total", "source=\"pets\"", "outcome=\"updated\""));
        assertEquals(9.0, value(text, "gateway_sync_objects_total", "source=\"pets\"", "outcome=\"unchanged\""));
        assertEquals(0.0, value(text, "gateway_sync_objects_total", "source=\"pets\"", "outcome=\"failed\""));
        assertEquals(2.0, value(text, "gateway_sync_runs_total", "source=\"pets\""));
        assertEquals(0.0, value(text, "gateway_sync_run_errors_total", "source=\"pets\""));
        assertEquals(1.0, value(text, "gateway_sync_run_errors_total", "source=\"birds\""));
        assertEquals(2.0, value(text, "gateway_sync_run_duration_seconds_count", "source=\"pets\"", "status=\"OK\""));
        assertEquals(1.0, value(text, "gateway_sync_run_duration_seconds_count", "source=\"birds\"", "status=\"FAILED\""));
        assertEquals(1.0, value(text, "gateway_sync_last_run_success", "source=\"pets\""));
        assertEquals(0.0, value(text, "gateway_sync_last_run_success", "source=\"birds\""));
        // The outcome, in the words of the API and JMX: 1 for the last run's, 0 for the others.
        assertEquals(1.0, value(text, "gateway_sync_last_run_outcome", "source=\"pets\"", "outcome=\"OK\""));
        assertEquals(0.0, value(text, "gateway_sync_last_run_outcome", "source=\"pets\"", "outcome=\"OK_WITH_FAILED_OBJECTS\""));
        assertEquals(1.0, value(text, "gateway_sync_last_run_outcome", "source=\"birds\"", "outcome=\"FAILED\""));
        assertEquals(0.0, value(text, "gateway_sync_objects_total", "source=\"pets\"", "outcome=\"blocked\""));
        assertEquals(0.0, value(text, "gateway_sync_runs_skipped_total", "source=\"pets\""));
        assertEquals(0.0, value(text, "gateway_sync_running", "source=\"pets\""));
        assertEquals(0.0, value(text, "gateway_sync_blocked_records", "source=\"pets\""));
        assertTrue(value(text, "gateway_sync_last_run_end_timestamp_seconds", "source=\"pets\"") > 1.7e9);
        // Camel's own route metrics are there too.
        assertTrue(text.contains("camel_exchanges_total"), "Camel's metrics");
        assertFalse(text.contains("s3cret"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(engine.apiUrl(path))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(JsonNode checks, String name) {
        for (JsonNode c : checks) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no health check " + name + " in " + checks);
    }

    /** The value of the first sample of {@code metric} whose labels include all of {@code labels}. */
    static double value(String exposition, String metric, String... labels) {
        Optional<String> line = exposition.lines()
                .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .findFirst();
        String found = line.orElseThrow(() -> new AssertionError("no sample " + metric + " " + Arrays.toString(labels)));
        return Double.parseDouble(found.substring(found.lastIndexOf(' ') + 1));
    }
}
