package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewaysync.gateway.StoredObject;
import io.gatewaysync.monitor.Operations;
import io.gatewaysync.testsupport.CountingDriver;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.Postgres;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quiet digest (issue 30, {@link QuietDigest}): a run that follows a run reads its source's quiet records
 * from the digest the previous run stored, not from the records; and the digest never hides what anyone
 * else wrote in between (the gateway API, an object synced alone, another run that died), nor what the
 * runs themselves changed and deleted.
 */
class QuietDigestTest extends EngineTest {

    /** The statement that reads the quiet records from the records and gateway objects (SyncRecordStore). */
    private static final String READS_RECORDS = "FROM synchronization s LEFT JOIN gateway_object g ON g.schema_name = ? "
            + "AND g.id = s.gateway_id WHERE s.source = ? AND s.id > ?";

    private void start(String db, int objects) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 10);
        source.generate("pets", objects);
        String url = db.equals("h2") ? "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" : Postgres.freshDatabase();
        engine = new EngineHarness(dir, CountingDriver.wrap(url));
        engine.route("pets", source.url("/pets"), "pagination", "page", "pageSize", "10").start();
    }

    private long statements(String containing) {
        return CountingDriver.bySql().entrySet().stream().filter(e -> e.getKey().contains(containing))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRunReadsTheDigestOfTheRunBeforeNotTheRecords(String db) {
        start(db, 30);
        assertEquals(30, engine.sync("pets").created());
        CountingDriver.reset();
        RunResult quiet = engine.sync("pets");
        assertEquals(30, quiet.unchanged(), quiet.line());
        assertEquals(0, statements(READS_RECORDS), "read the records: " + CountingDriver.bySql());
        assertTrue(statements("FROM quiet_digest") >= 1, CountingDriver.bySql().toString());
        assertEquals(0, statements("INSERT INTO quiet_digest"), "nothing changed: the digest is kept, not written again");
        CountingDriver.reset();
        assertEquals(30, engine.sync("pets").unchanged(), "the digest kept holds");
        assertEquals(0, statements(READS_RECORDS), "read the records: " + CountingDriver.bySql());

        source.put("pets", obj("id", "4", "name", "renamed", "n", 4));
        source.remove("pets", "5");
        CountingDriver.reset();
        RunResult changed = engine.sync("pets");
        assertEquals(1, changed.updated(), changed.line());
        assertEquals(1, changed.deleted(), changed.line());
        assertEquals(28, changed.unchanged(), changed.line());
        assertEquals(0, statements(READS_RECORDS), "read the records: " + CountingDriver.bySql());

        // What that run wrote is in its digest: the old hash of 4 no longer counts as unchanged, and 5,
        // listed again exactly as before, is created again (its record is gone), not taken as unchanged.
        source.put("pets", obj("id", "4", "name", "pets 4", "n", 4));
        source.put("pets", obj("id", "5", "name", "pets 5", "n", 5));
        RunResult back = engine.sync("pets");
        assertEquals(1, back.updated(), back.line());
        assertEquals(1, back.created(), back.line());
        assertEquals("pets 4", engine.gatewayObjectFor("pets", "4").data().path("name").asText());
        assertEquals(30, engine.sync("pets").unchanged());
    }

    @Test
    void aGatewayEditBetweenRunsIsSeen() {
        start("h2", 30);
        engine.sync("pets");
        engine.sync("pets"); // stores a digest made from a digest
        StoredObject three = engine.gatewayObjectFor("pets", "3");
        ObjectNode edited = three.data().deepCopy().put("name", "edited in the gateway");
        assertEquals(200, engine.http("PUT", "/api/pets/" + three.id(), edited).statusCode());
        CountingDriver.reset();
        RunResult run = engine.sync("pets");
        assertEquals(1, run.updated(), "one-way: the source's copy is restored; " + run.line());
        assertEquals("pets 3", engine.gatewayObjectFor("pets", "3").data().path("name").asText());
        assertEquals(1, statements(READS_RECORDS), "the digest no longer held: the records were read");
        assertEquals(30, engine.sync("pets").unchanged());
    }

    /**
     * The digest says object 7 has hash H1. Synced alone in between, its record and gateway copy take H2;
     * then the source goes back to H1. Trusting the digest, the next run would call 7 unchanged and leave
     * the gateway with the H2 copy for good; the object synced alone raised the stamp, so it does not.
     */
    @Test
    void anObjectSyncedAloneBetweenRunsIsNotHidden() {
        start("h2", 30);
        engine.sync("pets");
        source.put("pets", obj("id", "7", "name", "for a moment", "n", 7));
        Operations operations = engine.bean("syncOperations", Operations.class);
        String answer = operations.syncObject(engine.bean("sourceCatalog", SourceCatalog.class).get("pets"), "7");
        assertEquals("for a moment", engine.gatewayObjectFor("pets", "7").data().path("name").asText(), answer);
        source.put("pets", obj("id", "7", "name", "pets 7", "n", 7));
        RunResult run = engine.sync("pets");
        assertEquals(1, run.updated(), run.line());
        assertEquals("pets 7", engine.gatewayObjectFor("pets", "7").data().path("name").asText());
    }

    /** A run that dies after it wrote leaves no digest: the one after reads the records. */
    @Test
    void aRunThatDiesLeavesNoDigest() {
        start("h2", 30);
        engine.sync("pets");
        engine.stop();
        // What a run does first: take the digest. Then it "dies": no digest is stored.
        try (com.zaxxer.hikari.HikariDataSource db = io.gatewaysync.engine.Database.open(engine.dbUrl(), "sa", "", 1)) {
            assertTrue(new io.gatewaysync.record.QuietDigestStore(db).take("pets", "pets").holds());
        }
        engine.start();
        CountingDriver.reset();
        assertEquals(30, engine.sync("pets").unchanged());
        assertEquals(1, statements(READS_RECORDS));
    }

    /** An engine that keeps no digests still raises the stamp: the digest another left behind never holds after it wrote. */
    @Test
    void aRunWithoutTheDigestLeavesNoneThatHolds() {
        start("h2", 30);
        engine.sync("pets");
        engine.stop();
        engine.property("sync.quiet-digest", "false").start();
        source.put("pets", obj("id", "7", "name", "for a moment", "n", 7));
        assertEquals(1, engine.sync("pets").updated());
        engine.stop();
        engine.property("sync.quiet-digest", "true").start();
        source.put("pets", obj("id", "7", "name", "pets 7", "n", 7));
        RunResult run = engine.sync("pets");
        assertEquals(1, run.updated(), "the stored digest says 7 is as it was at first: " + run.line());
        assertEquals("pets 7", engine.gatewayObjectFor("pets", "7").data().path("name").asText());
    }

    /**
     * PostgreSQL's initial pages go in by COPY (pages of at least 50 new records), which returns no ids:
     * they are read back, and the first load leaves a digest that holds. (Not through the counting driver:
     * COPY needs pgJDBC's own connection, which that driver hides.)
     */
    @Test
    void aLoadByCopyLeavesADigestToo() throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 100);
        source.generate("pets", 250);
        engine = new EngineHarness(dir, Postgres.freshDatabase());
        engine.route("pets", source.url("/pets"), "pagination", "page", "pageSize", "100").start();
        assertEquals(250, engine.sync("pets").created());
        try (java.sql.Connection c = engine.bean("dataSource", javax.sql.DataSource.class).getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT digest_stamp = stamp, digest_entries FROM source_change WHERE source = 'pets'")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "a digest stored at the current stamp");
            assertEquals(250, rs.getInt(2), "every record the COPY made is in it");
        }
        assertEquals(250, engine.sync("pets").unchanged());
    }
}
