package io.gatewaysync.web;

import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/_notify/{source}} against a real engine and a source on loopback. */
class NotificationsTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.style("items", TestSource.Style.PAGE).pageSize("items", 3);
        source.generate("items", 6);
        engine = new EngineHarness(dir).route("items", source.url("/items"), "pagination", "page", "pageSize", "3")
                .start();
        assertEquals(6, engine.sync("items").created());
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

    private HttpResponse<String> notify(String sourceName, String body) {
        return engine.http("POST", "/api/_notify/" + sourceName, body == null ? null : TestJson.parse(body));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20)); // a cached pool's idle thread would live 60 s
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private String gatewayName(String sourceId) {
        StoredObject o = engine.gatewayObjectFor("items", sourceId);
        return o == null ? null : o.data().path("name").asText();
    }

    @Test
    void anIdNotificationSyncsThatObject() throws Exception {
        source.put("items", obj("id", "2", "name", "two, changed", "n", 2));
        HttpResponse<String> response = notify("items", "{\"id\": \"2\"}");
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("2", TestJson.parse(response.body()).path("id").asText());
        await(() -> "two, changed".equals(gatewayName("2")), "object 2 is synced");
        assertEquals("items 3", gatewayName("3"), "only the notified object");
    }

    @Test
    void aZgwNotificationSyncsTheObjectOfItsResourceUrlAndADestroyIsConfirmedAtTheSource() throws Exception {
        source.put("items", obj("id", "4", "name", "four, changed", "n", 4));
        String update = "{\"kanaal\": \"items\", \"hoofdObject\": \"" + source.url("/items/4") + "\", "
                + "\"resource\": \"item\", \"resourceUrl\": \"" + source.url("/items/4") + "\", \"actie\": \"update\", "
                + "\"aanmaakdatum\": \"2026-11-28T08:00:00Z\", \"kenmerken\": {}}";
        assertEquals(202, notify("items", update).statusCode());
        await(() -> "four, changed".equals(gatewayName("4")), "object 4 is synced");

        // destroy: believed only when the item URL says so (404), then the gateway copy goes.
        String destroy5 = update.replace("/items/4", "/items/5").replace("\"update\"", "\"destroy\"");
        assertEquals(202, notify("items", destroy5).statusCode());
        Notifications notifications = engine.bean("syncNotifications", Notifications.class);
        await(() -> notifications.pending("items") == 0, "the destroy notification was handled"); // not a guess of how long
        assertNotNull(engine.gatewayObjectFor("items", "5"), "object 5 is still at the source: not deleted");
        source.remove("items", "5");
        assertEquals(202, notify("items", destroy5).statusCode());
        await(() -> engine.record("items", "5") == null, "object 5's copy and record are gone");
        assertEquals(5, engine.gatewayObjects("items").size());
    }

    @Test
    void aNotificationThatArrivesWhileARunHoldsTheSourceIsSyncedAfterIt() throws Exception {
        source.delayPage("items", 2, Duration.ofMillis(1500));
        source.clearRequests();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> engine.sync("items"));
        // Page 1 was read (object 1 as it was); page 2 is on its way: now object 1 changes and is notified.
        assertTrue(source.awaitRequests("GET", 2, Duration.ofSeconds(20)));
        source.put("items", obj("id", "1", "name", "one, changed during the run", "n", 1));
        HttpResponse<String> response = notify("items", "{\"id\": 1}");
        assertEquals(202, response.statusCode(), response.body());
        assertFalse(run.isDone(), "202 at once, while the run still holds the source");
        RunResult result = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, result.updated(), "the run read object 1 before it changed: " + result.line());
        await(() -> "one, changed during the run".equals(gatewayName("1")), "object 1 is synced after the run");
        Notifications notifications = engine.bean("syncNotifications", Notifications.class);
        await(() -> notifications.pending("items") == 0, "the queue is empty");
    }

    /** A run that starts while a notification's one-object sync holds the source waits for it, not skipped. */
    @Test
    void aRunThatStartsDuringANotificationsSyncWaitsForIt() throws Exception {
        java.util.concurrent.CountDownLatch itemRead = new java.util.concurrent.CountDownLatch(1);
        source.respond("items", request -> {
            if (request.method().equals("GET") && request.path().endsWith("/items/3") && itemRead.getCount() > 0) {
                itemRead.countDown();
                try {
                    Thread.sleep(800); // the one-object sync holds the source's lease meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        source.put("items", obj("id", "3", "name", "three, changed", "n", 3));
        assertEquals(202, notify("items", "{\"id\": \"3\"}").statusCode());
        assertTrue(itemRead.await(20, TimeUnit.SECONDS));
        RunResult run = engine.sync("items");
        assertEquals(io.gatewaysync.sync.RunStatus.OK, run.status(), run.line());
        assertEquals("three, changed", gatewayName("3"));
    }

    /** The engine's stop ends the notification workers: no thread of them outlives the engine. */
    @Test
    void theWorkersEndWithTheEngine() throws Exception {
        assertEquals(202, notify("items", "{\"id\": \"2\"}").statusCode());
        Notifications notifications = engine.bean("syncNotifications", Notifications.class);
        await(() -> notifications.pending("items") == 0, "the queue is empty");
        engine.close();
        engine = null;
        await(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().equals("gateway-sync-notify")), "no notification worker is left");
    }

    @Test
    void anUnknownSourceIs404AndABodyOfNeitherFormIs400() {
        HttpResponse<String> unknown = notify("nope", "{\"id\": \"1\"}");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("nope"), unknown.body());
        assertEquals(400, notify("items", "{\"name\": \"no id\"}").statusCode());
        assertEquals(400, notify("items", "[1, 2]").statusCode());
        assertEquals(400, notify("items", "{\"resourceUrl\": \"http://x/items/1\"}").statusCode(),
                "a ZGW message needs kanaal and actie too");
        assertEquals(400, engine.http("POST", "/api/_notify/items", null).statusCode());
        assertEquals(400, notify("items", "{\"id\": \"\"}").statusCode());
    }
}
