package io.gatewaysync.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-run experience: the bundled demo source (demo.enabled=true) and the shipped example
 * route file routes/demo-pets.yaml, unchanged, give 25 pets at GET /api/pets after one sync.
 */
class DemoTest {

    @TempDir
    Path dir;
    EngineHarness engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    EngineHarness withShippedDemoRoute(boolean demoEnabled) throws IOException {
        return new EngineHarness(dir).property("demo.enabled", Boolean.toString(demoEnabled))
                .routeFile("demo-pets.yaml", Files.readString(Path.of("routes/demo-pets.yaml")));
    }

    @Test
    void oneSyncShows25PetsThroughTheGatewayApi() throws IOException {
        engine = withShippedDemoRoute(true).start();
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(25, run.created(), run.line());
        assertEquals(0, run.failed(), run.line());
        assertEquals(3, run.pages(), "the demo source pages by 10");

        HttpResponse<String> response = engine.http("GET", "/api/pets", null);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode list = TestJson.parse(response.body());
        assertEquals(25, list.path("count").asInt());
        assertEquals(25, list.path("results").size());
        assertTrue(list.path("next").isNull());
        Set<String> ids = new HashSet<>();
        for (JsonNode pet : list.path("results")) {
            ids.add(pet.path("id").asText());
            assertTrue(pet.path("name").isTextual(), pet.toString());
            JsonNode syncs = pet.path("_self").path("synchronizations");
            assertEquals(1, syncs.size(), pet.toString());
            assertEquals("pets", syncs.get(0).path("source").asText());
            assertEquals(pet.path("id").asText(), syncs.get(0).path("sourceId").asText());
        }
        assertEquals(25, ids.size());
        assertTrue(ids.contains("pet-001"), ids.toString());

        RunResult again = engine.sync("pets");
        assertEquals(25, again.unchanged(), again.line());
        assertEquals(0, again.created() + again.updated() + again.deleted() + again.failed(), again.line());
    }

    @Test
    void theDemoSourceServesPagesAndSingleObjects() throws Exception {
        engine = withShippedDemoRoute(true).start();
        JsonNode page = TestJson.parse(engine.http("GET", "/demo/pets", null).body());
        assertEquals(25, page.path("count").asInt());
        assertEquals(10, page.path("results").size());
        assertEquals("/demo/pets?page=2", page.path("next").asText());
        HttpResponse<String> one = engine.http("GET", "/demo/pets/pet-001", null);
        assertEquals(200, one.statusCode());
        assertEquals("pet-001", TestJson.parse(one.body()).path("id").asText());
        assertEquals(404, engine.http("GET", "/demo/pets/pet-999", null).statusCode());

        // Like the gateway API, it answers only its own headers (no echoed request headers or query).
        HttpResponse<String> echoed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(engine.apiUrl("/demo/pets?page=2"))).header("X-Custom", "v").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echoed.statusCode());
        assertTrue(echoed.headers().firstValue("X-Custom").isEmpty(), echoed.headers().toString());
        assertTrue(echoed.headers().firstValue("page").isEmpty(), echoed.headers().toString());
    }

    @Test
    void withTheDemoSwitchedOffItsEndpointsAreGone() throws IOException {
        engine = withShippedDemoRoute(false).start();
        assertEquals(404, engine.http("GET", "/demo/pets", null).statusCode());
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.PARTIAL, run.status(), run.line());
        assertEquals(0, run.created() + run.deleted(), run.line());
    }
}
