package io.gatewaysync.run;

import com.sun.net.httpserver.HttpServer;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Objects missing from a complete listing are confirmed gone (GET of the item URL) up to
 * {@code sync.confirm-concurrency} at a time, not one after the other. The item URL is served by a
 * server of this test that holds each answer until three requests are under way at once (or 500 ms
 * passed), and records how many were under way at most.
 */
class ConfirmGoneConcurrencyTest extends EngineTest {

    HttpServer items;
    ExecutorService itemThreads;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();
    private final CountDownLatch threeAtOnce = new CountDownLatch(3);

    @AfterEach
    void stopItemServer() {
        if (items != null) {
            items.stop(0);
            itemThreads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 1})
    void missingObjectsAreConfirmedConcurrentlyWithinTheLimit(int concurrency) throws Exception {
        startItemServer();
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 5);
        source.generate("pets", 20);
        engine = new EngineHarness(dir).property("sync.confirm-concurrency", Integer.toString(concurrency))
                .route("pets", source.url("/pets"), "pagination", "page", "pageSize", "5", "retries", "0",
                        "itemUrl", "http://127.0.0.1:" + items.getAddress().getPort() + "/items/{id}")
                .start();
        assertEquals(20, engine.sync("pets").created());

        for (int id = 1; id <= 12; id++) {
            source.remove("pets", Integer.toString(id));
        }
        RunResult run = engine.sync("pets");
        assertEquals(RunStatus.OK, run.status(), run.line());
        assertEquals(12, run.deleted(), run.line());
        assertEquals(12, checks.get(), "every missing object was checked once");
        assertEquals(8, engine.gatewayObjects("pets").size());
        if (concurrency == 1) {
            assertEquals(1, maxInFlight.get(), "one check at a time");
        } else {
            assertTrue(maxInFlight.get() >= 3 && maxInFlight.get() <= concurrency,
                    "checks under way at once: " + maxInFlight.get());
        }
    }

    /** Answers 404 (gone) to every item, once three requests are under way together or after 500 ms. */
    private void startItemServer() throws Exception {
        items = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        itemThreads = Executors.newFixedThreadPool(16);
        items.setExecutor(itemThreads);
        items.createContext("/items/", exchange -> {
            try (exchange) {
                checks.incrementAndGet();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                threeAtOnce.countDown();
                threeAtOnce.await(500, TimeUnit.MILLISECONDS);
                inFlight.decrementAndGet();
                exchange.sendResponseHeaders(404, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        items.start();
    }
}
