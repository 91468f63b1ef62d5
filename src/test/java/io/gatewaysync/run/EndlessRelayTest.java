package io.gatewaysync.run;

import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.LogCapture;
import io.gatewaysync.testsupport.ShapedSource;
import io.gatewaysync.testsupport.ShapedSource.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub with two sources that each stamp {@code modifiedAt} on every write, mapped both ways (no
 * mapping at all): every write-back's answer changes the gateway copy, which the other source then
 * writes back and stamps again. The engine detects the relay on the record, stops copying the answer,
 * names the object and the field, and the hub falls quiet.
 */
class EndlessRelayTest {

    @TempDir
    Path dir;
    ShapedSource a;
    ShapedSource b;
    EngineHarness engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void twoSourcesStampingASharedFieldAreStoppedAndNamed() {
        a = ShapedSource.start(Shape.URL_IDS).stampsWrites();
        b = ShapedSource.start(Shape.URL_IDS).stampsWrites();
        a.generate(1);
        engine = new EngineHarness(dir)
                .route("a", a.url(), "gateway", "things", "direction", "two-way", "idPath", "url")
                .route("b", b.url(), "gateway", "things", "direction", "two-way", "idPath", "url")
                .start();
        List<String> rounds = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            for (int round = 1; round <= 7; round++) {
                RunResult ra = engine.sync("a");
                RunResult rb = engine.sync("b");
                rounds.add(round + ": a pushed " + ra.pushed() + ", b pushed " + rb.pushed());
            }
            assertTrue(log.text().contains("endless relay stopped"), log.text());
        }
        assertEquals("7: a pushed 0, b pushed 0", rounds.get(6), "quiet at last: " + rounds);
        assertEquals("6: a pushed 0, b pushed 0", rounds.get(5), "and the round before: " + rounds);
        SyncRecord stopped = engine.records("b").get(0);
        assertTrue(stopped.lastError() != null && stopped.lastError().contains("endless relay stopped")
                && stopped.lastError().contains("modifiedAt"), String.valueOf(stopped.lastError()));
        assertEquals(1, b.size(), "one object at b, never duplicated");
        var noted = engine.http("GET", "/api/_synchronizations?source=b&state=noted", null);
        assertEquals(200, noted.statusCode(), noted.body());
        assertTrue(noted.body().contains("endless relay stopped"), "listed as noted: " + noted.body());
    }
}
