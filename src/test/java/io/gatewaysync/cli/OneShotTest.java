package io.gatewaysync.cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --once} starts only what a one-shot run uses ({@link OneShot}): no HTTP server unless the
 * demo source needs it, no JMX, metrics or health checks; {@code sync.once.minimal=false} keeps them.
 * The source itself looks, while it is being listed, whether the engine's port accepts connections.
 */
class OneShotTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness harness;
    /** Whether the engine's gateway port accepted a connection while the listing was read; null: not asked. */
    final AtomicReference<Boolean> portOpenDuringRun = new AtomicReference<>();
    /** Quartz's scheduler MBeans registered while the listing was read; null: not asked. */
    final AtomicReference<java.util.Set<javax.management.ObjectName>> quartzMBeansDuringRun = new AtomicReference<>();
    String out;
    String err;

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.generate("pets", 5);
        harness = new EngineHarness(dir);
        source.respond("pets", request -> {
            portOpenDuringRun.compareAndSet(null, accepts(harness.port()));
            quartzMBeansDuringRun.compareAndSet(null, quartzMBeans());
            return null; // then the normal listing
        });
        harness.route("pets", source.url("/pets"), "pagination", "next-link");
    }

    @AfterEach
    void stop() {
        harness.close();
        source.close();
    }

    @Test
    void withoutTheDemoNoHttpServerIsStarted() {
        assertEquals(Cli.OK, cli(Map.of()), err);
        assertTrue(out.startsWith("source=pets status=OK created=5 "), out);
        assertEquals(Boolean.FALSE, portOpenDuringRun.get(), "the gateway port was open during --once");
        // Quartz's JMX export made the JVM create its platform MBean server at every start-up.
        assertEquals(java.util.Set.of(), quartzMBeansDuringRun.get(), "Quartz registered its scheduler in JMX");
    }

    @Test
    void aUsersWildcardIncludeOfTheEnginesRoutesStillStartsNoHttpServer() {
        String wildcard = "classpath:gateway-sync/*.yaml,file:" + dir.resolve("routes").toAbsolutePath() + "/*.yaml";
        assertEquals(Cli.OK, cli(Map.of("camel.main.routes-include-pattern", wildcard)), err);
        assertTrue(out.startsWith("source=pets status=OK created=5 "), out);
        assertEquals(Boolean.FALSE, portOpenDuringRun.get(), "the gateway port was open during --once");
    }

    @Test
    void theHttpRoutesAreDroppedFromAnIncludeListThatNamesThem() {
        assertEquals("classpath:gateway-sync/template.yaml,file:routes/*.yaml", OneShot.withoutHttpRoutes(
                "classpath:gateway-sync/template.yaml, classpath:gateway-sync/gateway-api.yaml,"
                        + "classpath:gateway-sync/demo.yaml,file:routes/*.yaml"));
        assertEquals("file:routes/*.yaml,classpath:my/demo.yaml", OneShot.withoutHttpRoutes(
                "file:routes/*.yaml,classpath:my/demo.yaml,file:/opt/x/gateway-sync/gateway-api.yaml"));
    }

    @Test
    void minimalStartupCanBeSwitchedOff() {
        assertEquals(Cli.OK, cli(Map.of(OneShot.SWITCH, "false")), err);
        assertTrue(out.startsWith("source=pets status=OK created=5 "), out);
        assertEquals(Boolean.TRUE, portOpenDuringRun.get(), "with sync.once.minimal=false the gateway API is served");
        assertFalse(quartzMBeansDuringRun.get().isEmpty(), "with sync.once.minimal=false Quartz is in JMX");
    }

    @Test
    void theShippedDemoStillRunsWithOnce() throws IOException {
        try (EngineHarness demo = new EngineHarness(dir.resolve("demo"))) {
            demo.routeFile("demo-pets.yaml", Files.readString(Path.of("routes/demo-pets.yaml")));
            assertEquals(Cli.OK, cli(demo, Map.of("demo.enabled", "true")), err);
        }
        assertTrue(out.startsWith("source=pets status=OK created=25 updated=0 deleted=0 unchanged=0 conflicts=0 pushed=0 failed=0 "),
                out);
    }

    /**
     * A {@code --once} closes its H2 database: the lock file goes. Left behind (the engine used to exit
     * with the database open), it made the next start try the dead process's server and wait 2 s more.
     */
    @Test
    void theDatabaseIsClosedWhenTheRunsAreDone() throws IOException {
        assertEquals(Cli.OK, cli(Map.of()), err);
        assertTrue(Files.exists(dir.resolve("db/sync.mv.db")));
        assertFalse(Files.exists(dir.resolve("db/sync.lock.db")), "H2's lock file is still there: the database was left open");
    }

    @Test
    void anInvalidSwitchIsAConfigurationError() {
        assertEquals(Cli.CONFIGURATION_ERROR, cli(Map.of(OneShot.SWITCH, "yes")));
        assertTrue(err.contains("'sync.once.minimal'") && err.contains("'yes'") && err.contains("true, false"), err);
    }

    int cli(Map<String, String> extra) {
        return cli(harness, extra);
    }

    int cli(EngineHarness engine, Map<String, String> extra) {
        Map<String, String> overrides = new java.util.LinkedHashMap<>(engine.overrides());
        overrides.putAll(extra);
        EngineHarness.CliRun run = EngineHarness.cli(overrides, "--once");
        out = run.out();
        err = run.err();
        return run.code();
    }

    static java.util.Set<javax.management.ObjectName> quartzMBeans() {
        try {
            return java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new javax.management.ObjectName("quartz:*"), null);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
