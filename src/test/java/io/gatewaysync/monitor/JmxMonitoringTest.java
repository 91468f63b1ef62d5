package io.gatewaysync.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.run.RunRegistry;
import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SyncTrigger;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source MBean read and invoked through a real JMX connector (RMI, as jconsole and VisualVM use it):
 * attributes of the current, last and total runs, records, and the operations syncNow, syncObject,
 * unblock, pause and resume. Camel's own MBeans stay registered beside it.
 */
class JmxMonitoringTest {

    private static final String SECRET = "Bearer s3cret-token-never-shown";

    static Registry rmiRegistry;
    static JMXConnectorServer connectorServer;

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness engine;
    JMXConnector connector;
    MBeanServerConnection jmx;
    ObjectName pets;

    @BeforeAll
    static void startConnectorServer() throws Exception {
        // What -Dcom.sun.management.jmxremote.port=N sets up for the platform MBean server, on a free port.
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        int port = freePort();
        rmiRegistry = LocateRegistry.createRegistry(port);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(url, null,
                ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
    }

    @AfterAll
    static void stopConnectorServer() throws Exception {
        connectorServer.stop();
        UnicastRemoteObject.unexportObject(rmiRegistry, true);
    }

    @BeforeEach
    void start() throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        engine = new EngineHarness(dir)
                .route("pets", source.url("/pets"), "pagination", "next-link", "direction", "two-way",
                        "authorization", SECRET, "maxTries", "1")
                .property("camel.main.jmx-enabled", "true")
                .property("sync.jmx.sync-now-wait-seconds", "60")
                .start();
        connector = JMXConnectorFactory.connect(connectorServer.getAddress());
        jmx = connector.getMBeanServerConnection();
        pets = new ObjectName("io.gatewaysync:type=source,name=pets");
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        engine.close();
        source.close();
    }

    @Test
    void theSourceMBeanIsThereBesideCamelsOwnAndGoesAwayAtStop() throws Exception {
        assertTrue(jmx.isRegistered(pets));
        assertFalse(jmx.queryNames(new ObjectName("org.apache.camel:type=context,*"), null).isEmpty(),
                "Camel's context MBean");
        Set<ObjectName> routes = jmx.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        assertTrue(routes.stream().anyMatch(n -> "\"gateway-sync-pets\"".equals(n.getKeyProperty("name"))
                        || "gateway-sync-pets".equals(n.getKeyProperty("name"))), "Camel's route MBeans: " + routes);

        assertEquals("pets", jmx.getAttribute(pets, "Name"));
        assertEquals("IDLE", jmx.getAttribute(pets, "State"));
        assertEquals("two-way", jmx.getAttribute(pets, "Direction"));
        assertNull(jmx.getAttribute(pets, "LastRunStatus"));
        assertNull(jmx.getAttribute(pets, "CurrentRunStarted"));
        assertNotNull(jmx.getAttribute(pets, "NextRun"), "the Quartz trigger's next fire time");
        assertEquals(0L, jmx.getAttribute(pets, "TotalRuns"));

        engine.stop();
        assertFalse(jmx.isRegistered(pets), "unregistered when the engine stops");
        engine.start();
        assertTrue(jmx.isRegistered(pets), "registered again when the sources are loaded");
    }

    @Test
    void syncNowRunsTheSourceAndTheLastRunAndTotalsShowIt() throws Exception {
        String line = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(line.startsWith("source=pets status=OK created=10 updated=0 deleted=0"), line);

        assertEquals("OK", jmx.getAttribute(pets, "LastRunStatus"));
        assertEquals(10L, jmx.getAttribute(pets, "LastRunCreated"));
        assertEquals(0L, jmx.getAttribute(pets, "LastRunFailed"));
        assertEquals(10L, jmx.getAttribute(pets, "LastRunSeen"));
        assertEquals(3L, jmx.getAttribute(pets, "LastRunPages"));
        assertEquals(line, jmx.getAttribute(pets, "LastRunSummary"));
        assertNull(jmx.getAttribute(pets, "LastRunError"));
        Date started = (Date) jmx.getAttribute(pets, "LastRunStarted");
        Date ended = (Date) jmx.getAttribute(pets, "LastRunEnded");
        assertFalse(ended.before(started));
        assertTrue((Long) jmx.getAttribute(pets, "LastRunDurationMs") >= 0);
        assertEquals("IDLE", jmx.getAttribute(pets, "State"));

        String second = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(second.contains("unchanged=10"), second);
        assertEquals(2L, jmx.getAttribute(pets, "TotalRuns"));
        assertEquals(10L, jmx.getAttribute(pets, "TotalCreated"));
        assertEquals(10L, jmx.getAttribute(pets, "TotalUnchanged"));
        assertEquals(0L, jmx.getAttribute(pets, "TotalFailedRuns"));
    }

    @Test
    void aRunInProgressShowsItsProgressAndIsNotStartedTwice() throws Exception {
        source.delayPage("pets", 2, Duration.ofSeconds(4));
        CompletableFuture<RunResult> run = engine.bean("syncTrigger", SyncTrigger.class).trigger("pets");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"RUNNING".equals(jmx.getAttribute(pets, "State"))
                || !String.valueOf(jmx.getAttribute(pets, "CurrentRunSummary")).contains("created=4")) {
            assertTrue(System.nanoTime() < deadline, "the run did not get going");
            Thread.sleep(50);
        }
        assertNotNull(jmx.getAttribute(pets, "CurrentRunStarted"));
        assertNotNull(jmx.getAttribute(pets, "CurrentRunNumber"));
        assertEquals(1L, jmx.getAttribute(pets, "CurrentRunPages"));
        assertEquals(4L, jmx.getAttribute(pets, "CurrentRunObjectsSeen"), "page 1 read, page 2 held back");
        assertTrue((Long) jmx.getAttribute(pets, "CurrentRunElapsedMs") >= 0);
        String live = (String) jmx.getAttribute(pets, "CurrentRunSummary");
        assertTrue(live.startsWith("source=pets status=RUNNING created=4"), live);

        String again = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(again.contains("already running"), again);
        String one = (String) jmx.invoke(pets, "syncObject", new Object[]{"7"}, new String[]{String.class.getName()});
        assertTrue(one.contains("being synced right now"), one);

        RunResult result = run.get(60, TimeUnit.SECONDS);
        assertEquals(10, result.created(), result.line());
        assertEquals("IDLE", jmx.getAttribute(pets, "State"));
        assertNull(jmx.getAttribute(pets, "CurrentRunStarted"));
        assertEquals(1L, jmx.getAttribute(pets, "TotalRuns"), "the refused syncNow started no second run");
    }

    @Test
    void syncNowAnswersStartedWhenTheRunTakesLongerThanItWaits() throws Exception {
        connector.close();
        engine.close();
        engine = new EngineHarness(dir.resolve("slow")).route("pets", source.url("/pets"), "pagination", "next-link")
                .property("camel.main.jmx-enabled", "true")
                .property("sync.jmx.sync-now-wait-seconds", "1")
                .start();
        connector = JMXConnectorFactory.connect(connectorServer.getAddress());
        jmx = connector.getMBeanServerConnection();
        source.delayPage("pets", 2, Duration.ofSeconds(4));
        CompletableFuture<RunResult> next = engine.bean("runRegistry", RunRegistry.class).nextResult("pets");
        String answer = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(answer.startsWith("started"), answer);
        RunResult result = next.get(60, TimeUnit.SECONDS);
        assertEquals(result.line(), jmx.getAttribute(pets, "LastRunSummary"));
    }

    @Test
    void pauseSkipsRunsUntilResume() throws Exception {
        String paused = (String) jmx.invoke(pets, "pause", null, null);
        assertTrue(paused.contains("paused"), paused);
        assertEquals("PAUSED", jmx.getAttribute(pets, "State"));
        assertEquals(true, jmx.getAttribute(pets, "Paused"));
        String refused = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(refused.contains("is paused"), refused);
        assertEquals(0, engine.gatewayObjects("pets").size());
        assertNull(jmx.getAttribute(pets, "NextRun"), "a paused source has no next run");
        assertNotNull(jmx.getAttribute(pets, "PausedSince"));
        engine.sync("pets");
        engine.sync("pets");
        assertEquals(2L, jmx.getAttribute(pets, "SkippedSinceLastRun"), "skipped ticks, counted");
        assertEquals(2L, jmx.getAttribute(pets, "TotalSkipped"));
        assertEquals(0L, jmx.getAttribute(pets, "TotalRuns"), "a skip is not a run");

        jmx.invoke(pets, "resume", null, null);
        assertEquals("IDLE", jmx.getAttribute(pets, "State"));
        assertNull(jmx.getAttribute(pets, "PausedSince"));
        String line = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(line.contains("created=10"), line);
        assertEquals(0L, jmx.getAttribute(pets, "SkippedSinceLastRun"), "counted since the last run that ran");
    }

    @Test
    void syncObjectSyncsOneObjectThroughTheSameDecisionAndDelivery() throws Exception {
        jmx.invoke(pets, "syncNow", null, null);
        String[] signature = {String.class.getName()};

        source.put("pets", obj("id", "3", "name", "renamed at the source", "n", 3));
        String updated = (String) jmx.invoke(pets, "syncObject", new Object[]{"3"}, signature);
        assertTrue(updated.contains("UPDATE_GATEWAY") && updated.endsWith("done"), updated);
        assertEquals("renamed at the source", engine.gatewayObjectFor("pets", "3").data().path("name").asText());

        source.put("pets", obj("id", "new-1", "name", "only at the source"));
        String created = (String) jmx.invoke(pets, "syncObject", new Object[]{"new-1"}, signature);
        assertTrue(created.contains("CREATE_IN_GATEWAY"), created);
        assertEquals("only at the source", engine.gatewayObjectFor("pets", "new-1").data().path("name").asText());

        StoredObject four = engine.gatewayObjectFor("pets", "4");
        source.remove("pets", "4");
        String deleted = (String) jmx.invoke(pets, "syncObject", new Object[]{"4"}, signature);
        assertTrue(deleted.contains("DELETE_IN_GATEWAY"), deleted);
        assertNull(engine.record("pets", "4"));
        assertTrue(engine.gatewayObjects("pets").stream().noneMatch(o -> o.id().equals(four.id())));

        String unknown = (String) jmx.invoke(pets, "syncObject", new Object[]{"no-such-id"}, signature);
        assertTrue(unknown.contains("nothing to do"), unknown);

        // Only the named objects were touched: a run afterwards finds everything else unchanged.
        String line = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(line.contains("created=0 updated=0 deleted=0 unchanged=10"), line);
        assertTrue(source.requestLog().stream().filter(r -> r.method().equals("GET"))
                .allMatch(r -> SECRET.equals(r.header("Authorization"))), "the source got its credentials");
    }

    @Test
    void aDeleteAtTheSourceDecidedBySyncObjectWaitsForTheNextCompleteListing() throws Exception {
        jmx.invoke(pets, "syncNow", null, null);
        StoredObject five = engine.gatewayObjectFor("pets", "5");
        assertEquals(204 / 100, engine.http("DELETE", "/api/pets/" + five.id(), null).statusCode() / 100);
        String answer = (String) jmx.invoke(pets, "syncObject", new Object[]{"5"}, new String[]{String.class.getName()});
        assertTrue(answer.contains("DELETE_IN_SOURCE") && answer.contains("after the next complete listing"), answer);
        assertNotNull(source.get("pets", "5"), "not deleted yet: deletes shift the pages of a listing");
        String line = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(line.contains("pushed=1"), line);
        assertNull(source.get("pets", "5"));
    }

    @Test
    void aBlockedRecordIsCountedAndUnblocked() throws Exception {
        jmx.invoke(pets, "syncNow", null, null);
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in the gateway");
        assertEquals(200, engine.http("PUT", "/api/pets/" + three.id(), edited).statusCode());
        source.failWrites(500);

        String line = (String) jmx.invoke(pets, "syncNow", null, null);
        assertTrue(line.contains("failed=1"), line);
        assertEquals("OK", jmx.getAttribute(pets, "LastRunStatus"));
        assertEquals("OK_WITH_FAILED_OBJECTS", jmx.getAttribute(pets, "LastRunOutcome"));
        assertEquals("OK with 1 failed object", jmx.getAttribute(pets, "LastRunOutcomeText"));
        assertEquals(1L, jmx.getAttribute(pets, "BlockedRecords"));
        assertEquals(1L, jmx.getAttribute(pets, "OpenConflicts"));
        assertEquals(1L, jmx.getAttribute(pets, "TotalFailedRuns"));

        String blocked = (String) jmx.invoke(pets, "syncObject", new Object[]{"3"}, new String[]{String.class.getName()});
        assertTrue(blocked.contains("blocked"), blocked);

        source.clearFaults();
        String unblocked = (String) jmx.invoke(pets, "unblock", new Object[]{"3"}, new String[]{String.class.getName()});
        assertTrue(unblocked.startsWith("unblocked object 3"), unblocked);
        assertEquals(0L, jmx.getAttribute(pets, "BlockedRecords"));
        String none = (String) jmx.invoke(pets, "unblock", new Object[]{"nope"}, new String[]{String.class.getName()});
        assertTrue(none.startsWith("no synchronization record"), none);

        String retried = (String) jmx.invoke(pets, "syncObject", new Object[]{"3"}, new String[]{String.class.getName()});
        assertTrue(retried.contains("UPDATE_SOURCE") && retried.endsWith("done"), retried);
        assertEquals("edited in the gateway", source.get("pets", "3").path("name").asText());
        assertEquals(0L, jmx.getAttribute(pets, "OpenConflicts"));
    }

    @Test
    void noAttributeShowsTheCredentials() throws Exception {
        jmx.invoke(pets, "syncNow", null, null);
        for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(pets).getAttributes()) {
            Object value = jmx.getAttribute(pets, attribute.getName());
            assertFalse(String.valueOf(value).contains("s3cret"), attribute.getName() + " = " + value);
        }
        assertEquals(source.url("/pets"), jmx.getAttribute(pets, "Url"));
    }

    @Test
    void urlsAreShownWithoutUserInfoAndQuery() {
        assertEquals("https://api.example.org:8443/v1/pets?…",
                SourceMBean.redact("https://user:pw@api.example.org:8443/v1/pets?api_key=abc"));
        assertEquals("pets", SourceMBean.redact("pets"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
