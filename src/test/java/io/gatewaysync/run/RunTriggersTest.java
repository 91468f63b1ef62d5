package io.gatewaysync.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.testsupport.ChildEngine;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What started a run is what its history row says: {@code --once}, the start-up run and the cron
 * schedule of an engine started as {@code java -jar} starts it (a child process), an operator (JMX
 * syncNow); the rows outlive the engines that wrote them.
 */
class RunTriggersTest extends EngineTest {

    @Test
    void onceStartUpScheduleAndManualRunsAreToldApartInTheHistory() throws Exception {
        source = TestSource.start();
        source.generate("pets", 3);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "schedule", "0/2 * * * * ?");

        EngineHarness.CliRun once = EngineHarness.cli(engine.overrides(), "--once");
        assertEquals(0, once.code(), once.err());

        try (ChildEngine child = ChildEngine.start(engine, Map.of("sync.run-on-startup", "true"), dir.resolve("child.log"))) {
            List<String> triggers = List.of();
            Instant until = Instant.now().plusSeconds(60);
            while (!(triggers.contains("startup") && triggers.contains("schedule")) && Instant.now().isBefore(until)) {
                Thread.sleep(200);
                triggers = triggers(engine);
            }
            assertTrue(triggers.contains("startup") && triggers.contains("schedule"), triggers + "\n" + child.output());
            child.terminate();
            child.await(30);
        }

        engine.start();
        RunResult manual = engine.sync("pets");
        assertEquals(RunTrigger.MANUAL, manual.trigger());
        List<String> triggers = triggers(engine);
        assertEquals("manual", triggers.get(0), "newest first: " + triggers);
        assertEquals("once", triggers.get(triggers.size() - 1), "the oldest row is the --once run: " + triggers);
        assertTrue(triggers.indexOf("startup") > triggers.indexOf("schedule"),
                "the start-up run came first, then the schedule: " + triggers);
        assertTrue(List.of("once", "startup", "schedule", "manual").containsAll(triggers), String.valueOf(triggers));
    }

    /** The triggers of the source's history rows, newest first, over HTTP from whichever engine serves the port. */
    private static List<String> triggers(EngineHarness engine) {
        List<String> triggers = new ArrayList<>();
        try {
            HttpResponse<String> response = engine.http("GET", "/api/_runs?source=pets&limit=500", null);
            if (response.statusCode() == 200) {
                TestJson.parse(response.body()).get("results").forEach((JsonNode r) -> triggers.add(r.get("trigger").asText()));
            }
        } catch (RuntimeException notUpYet) {
            // the child engine is still starting
        }
        return triggers;
    }
}
