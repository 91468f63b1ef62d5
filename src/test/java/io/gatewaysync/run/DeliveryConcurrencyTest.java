package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write-back to the source runs with bounded concurrency ({@code sync.delivery-concurrency}) and keeps
 * per-object failure handling. The source answers every request after 200 ms, so the duration of a
 * run tells how many PUTs were under way at once: 16 one at a time take at least 3.2 s, 16 four at a
 * time at least 0.8 s.
 */
class DeliveryConcurrencyTest {

    static final int OBJECTS = 16;
    static final Duration LATENCY = Duration.ofMillis(200);

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    void start(int concurrency) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 50);
        source.generate("pets", OBJECTS);
        engine = new EngineHarness(dir).property("sync.delivery-concurrency", Integer.toString(concurrency))
                .route("pets", source.url("/pets"), "direction", "two-way", "pagination", "next-link", "retries", "0")
                .start();
        assertEquals(OBJECTS, engine.sync("pets").created());
        for (int i = 1; i <= OBJECTS; i++) {
            StoredObject object = engine.gatewayObjectFor("pets", Integer.toString(i));
            ObjectNode edited = object.data().deepCopy().put("name", "edited " + i);
            assertEquals(200, engine.http("PUT", "/api/pets/" + object.id(), edited).statusCode());
        }
        source.clearRequests();
        source.delay(LATENCY);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void putsRunAtMostConcurrencyAtATime() {
        start(4);
        long t0 = System.nanoTime();
        RunResult run = engine.sync("pets");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(OBJECTS, run.pushed(), run.line());
        assertEquals(OBJECTS, source.requestCount("PUT"));
        for (int i = 1; i <= OBJECTS; i++) {
            assertEquals("edited " + i, source.get("pets", Integer.toString(i)).path("name").asText());
        }
        // 16 PUTs, 4 at a time: at least 4 rounds of 200 ms; one at a time would take at least 3.2 s.
        assertTrue(millis >= 4 * LATENCY.toMillis(), "more than 4 PUTs were under way at once: " + millis + " ms");
        assertTrue(millis < OBJECTS * LATENCY.toMillis(), "the PUTs ran one after another: " + millis + " ms");

        source.delay(Duration.ZERO);
        RunResult quiet = engine.sync("pets");
        assertEquals(OBJECTS, quiet.unchanged(), quiet.line());
    }

    @Test
    void aFailedPutIsKeptOnItsRecordAndTheOthersAreDelivered() {
        start(8);
        source.failWrites(500, 3);
        RunResult run = engine.sync("pets");
        assertEquals(OBJECTS - 3, run.pushed(), run.line());
        assertEquals(3, run.failed(), run.line());
        List<SyncRecord> failed = engine.records("pets").stream().filter(r -> r.tryCounter() > 0).toList();
        assertEquals(3, failed.size());
        failed.forEach(r -> assertTrue(r.lastError().contains("UPDATE_SOURCE failed") && r.lastError().contains("500"),
                r.lastError()));

        source.delay(Duration.ZERO);
        RunResult retry = engine.sync("pets");
        assertEquals(3, retry.pushed(), retry.line());
        assertEquals(0, retry.failed(), retry.line());
        assertTrue(engine.records("pets").stream().allMatch(r -> r.tryCounter() == 0 && r.lastError() == null));
        for (int i = 1; i <= OBJECTS; i++) {
            assertEquals("edited " + i, source.get("pets", Integer.toString(i)).path("name").asText());
        }
    }
}
