package io.gatewaysync.run;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A remote gateway with credentials of its own ({@code gateway…} parameters): each side gets its own
 * credential and never the other's; a refused gateway credential is reported with a message that
 * says to check it, without the secret. Without {@code gateway…} parameters the source's raw
 * {@code authorization} still goes to the remote gateway, as before.
 */
class RemoteGatewayAuthTest {

    @TempDir
    Path dir;
    TestSource source;
    TestSource remote;
    EngineHarness engine;
    volatile String gatewayToken = "gw-t0ken-1234";

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        source.respond("pets", req -> "src-k3y-5678".equals(req.header("X-Api-Key")) ? null
                : Response.json(401, "{\"detail\":\"no key\"}"));
        remote = TestSource.start(); // a REST collection: POST, GET/PUT/DELETE by id, paged listing
        remote.style("copies", TestSource.Style.NEXT_LINK);
        remote.respond("copies", req -> ("Bearer " + gatewayToken).equals(req.header("Authorization")) ? null
                : Response.json(401, "{\"detail\":\"refused " + req.header("Authorization") + "\"}"));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        source.close();
        remote.close();
    }

    @Test
    void eachSideGetsItsOwnCredential() {
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "next-link",
                "gateway", remote.url("copies"), "auth", "api-key", "apiKey", "src-k3y-5678",
                "gatewayAuth", "bearer", "gatewayToken", "{{gw.token}}").property("gw.token", "gw-t0ken-1234").start();
        RunResult run = engine.sync("pets");
        assertEquals(io.gatewaysync.sync.RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(10, run.created(), run.line());
        assertEquals(10, remote.size("copies"));
        assertTrue(remote.requestLog().stream().allMatch(r -> r.header("X-Api-Key") == null), "the source's key stays with the source");
        assertTrue(source.requestLog().stream().allMatch(r -> r.header("Authorization") == null), "the gateway's token stays with the gateway");
        // One camel-http producer per side, made once: no endpoint per URL or id in the context's registry.
        assertTrue(engine.context().getEndpoints().stream().noneMatch(e -> e.getEndpointUri().startsWith("http")),
                engine.context().getEndpoints().toString());

        gatewayToken = "rotated-on-the-server";
        source.put("pets", io.gatewaysync.testsupport.TestJson.obj("id", "3", "name", "changed"));
        RunResult refused = engine.sync("pets");
        assertNotEquals(0, refused.failed() + (refused.status() == io.gatewaysync.sync.RunStatus.OK ? 0 : 1), refused.line());
        String error = String.valueOf(engine.record("pets", "3").lastError()) + " " + refused.error();
        assertTrue(error.contains("check the credentials (gatewayAuth=bearer)"), error);
        assertFalse(error.contains("gw-t0ken-1234"), error);
    }

    /** The engine's stop closes every source's HTTP client and its remote gateway (connections, look-up threads). */
    @Test
    void theClientsAndTheRemoteGatewayAreClosedWithTheEngine() throws Exception {
        source.respond("pets", req -> null);
        gatewayToken = "shared-t0ken";
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "next-link",
                "gateway", remote.url("copies"), "authorization", "Bearer shared-t0ken").start();
        assertEquals(10, engine.sync("pets").created());
        source.put("pets", io.gatewaysync.testsupport.TestJson.obj("id", "3", "name", "changed"));
        assertEquals(1, engine.sync("pets").updated()); // a run that looks objects up at the remote gateway
        io.gatewaysync.run.SyncSource pets = engine.bean("sourceCatalog", SourceCatalog.class).get("pets");
        engine.close();
        engine = null;
        assertThrows(IllegalStateException.class, () -> pets.client().listing(), "the source's client is closed");
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("remote-gateway-lookup"))) {
            assertTrue(System.nanoTime() < end, "the remote gateway's look-up threads outlive the engine");
            Thread.sleep(50);
        }
    }

    @Test
    void withoutGatewayParametersTheRawAuthorizationGoesToTheGatewayAsBefore() {
        source.respond("pets", req -> null);
        gatewayToken = "shared-t0ken";
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "next-link",
                "gateway", remote.url("copies"), "authorization", "Bearer shared-t0ken").start();
        RunResult run = engine.sync("pets");
        assertEquals(io.gatewaysync.sync.RunStatus.OK, run.status(), run.line() + " " + run.error());
        assertEquals(10, remote.size("copies"));
    }
}
