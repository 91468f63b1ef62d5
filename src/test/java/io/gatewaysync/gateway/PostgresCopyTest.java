package io.gatewaysync.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import io.gatewaysync.db.PostgresCopy;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.sync.CanonicalJson;
import io.gatewaysync.testsupport.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On PostgreSQL a page's new gateway objects and records go in by COPY (pgJDBC CopyManager) on the
 * page's own connection: the text that needs escaping in COPY's format reads back unchanged, and a
 * COPY that fails rolls the whole page back, as the batch of INSERTs did.
 */
class PostgresCopyTest {

    static final String AWKWARD = "tab\there, newline\nthere, cr\r, backslash \\ and \\N, quote ' \" and ünïcødé ✓";

    @TempDir
    Path dir;
    HikariDataSource dataSource;
    EmbeddedGatewayStore gateway;
    SyncRecordStore records;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void open() {
        dataSource = Database.open(Postgres.freshDatabase(), "postgres", "", 2);
        gateway = new EmbeddedGatewayStore(dataSource, mapper);
        records = new SyncRecordStore(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void copyIsUsedForPagesOfNewRowsOnPostgresOnly() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertNotNull(PostgresCopy.into(c, "gateway_object", "id", PostgresCopy.MIN_ROWS));
            assertNull(PostgresCopy.into(c, "gateway_object", "id", PostgresCopy.MIN_ROWS - 1));
        }
        try (HikariDataSource h2 = Database.open("jdbc:h2:file:" + dir.resolve("h2").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "", 2); Connection c = h2.getConnection()) {
            assertNull(PostgresCopy.into(c, "gateway_object", "id", 1000));
        }
    }

    @Test
    void aPageOfNewRowsReadsBackExactly() throws SQLException {
        pageReadsBack(PostgresCopy.MIN_ROWS + 10);
    }

    /** 1,000 rows of ~200 bytes: sent in several chunks while the rest are written. */
    @Test
    void aPageSentInChunksReadsBackExactly() throws SQLException {
        pageReadsBack(1000);
    }

    private void pageReadsBack(int n) throws SQLException {
        Instant now = Instant.parse("2026-11-28T08:00:00.123456789Z");
        GatewayWrites writes = objects("pets", n);
        List<SyncRecord> page = records("pets", n, now);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertEquals(n, gateway.apply(c, writes, now));
            records.insert(c, page);
            c.commit();
        }
        for (int i = 0; i < n; i++) {
            StoredObject stored = gateway.get("pets", "id-" + i).orElseThrow();
            assertEquals(writes.inserts.get(i).json(), stored.data().toString());
            assertEquals(writes.inserts.get(i).hash(), stored.hash());
            assertEquals(Instant.parse("2026-11-28T08:00:00.123457Z"), stored.dateCreated(), "rounded to the microsecond");
            SyncRecord r = records.find("pets", "src " + i + "\t" + AWKWARD);
            assertNotNull(r, "record " + i);
            SyncRecord expected = page.get(i);
            assertEquals(expected.gatewayId(), r.gatewayId());
            assertEquals(expected.sourceHash(), r.sourceHash());
            assertEquals(expected.lastError(), r.lastError());
            assertEquals(expected.lastSeenRun(), r.lastSeenRun());
            assertEquals(expected.tryCounter(), r.tryCounter());
            assertEquals(expected.blocked(), r.blocked());
            assertNull(r.blockedUntil());
            assertNull(r.pendingAction());
            assertEquals(0, r.version());
            assertTrue(r.id() > 0);
        }
    }

    @Test
    void aCopyThatFailsRollsBackThePage() throws SQLException {
        copyThatFailsRollsBack(PostgresCopy.MIN_ROWS + 5);
    }

    /** The duplicate is in the last chunk, after the first ones went: the page still rolls back whole. */
    @Test
    void aCopyThatFailsInALaterChunkRollsBackThePageAndTheConnectionGoesOn() throws SQLException {
        copyThatFailsRollsBack(1000);
    }

    private void copyThatFailsRollsBack(int n) throws SQLException {
        Instant now = Instant.now();
        List<SyncRecord> duplicate = new ArrayList<>(records("pets", n, now));
        duplicate.add(duplicate.get(3)); // the unique key (source, source_id) fails the COPY
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            gateway.apply(c, objects("pets", n), now);
            assertThrows(SQLException.class, () -> records.insert(c, duplicate));
            c.rollback();
            // the connection left COPY mode: the next page on it works
            gateway.apply(c, objects("birds", n), now);
            c.commit();
        }
        assertEquals(n, gateway.count("birds"));
        assertEquals(0, gateway.count("pets"), "the page's gateway objects went with the failed COPY");
        assertNull(records.find("pets", "src 0\t" + AWKWARD));
    }

    private GatewayWrites objects(String schema, int n) {
        GatewayWrites writes = new GatewayWrites();
        writes.schema = schema;
        for (int i = 0; i < n; i++) {
            ObjectNode data = mapper.createObjectNode().put("id", "id-" + i).put("text", AWKWARD + " " + i);
            writes.inserts.add(GatewayWrites.Row.of("id-" + i, data, CanonicalJson.hash(data)));
        }
        return writes;
    }

    private static List<SyncRecord> records(String schema, int n, Instant now) {
        List<SyncRecord> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SyncRecord fresh = SyncRecord.fresh("pets", "src " + i + "\t" + AWKWARD, schema, now);
            list.add(fresh.synced(fresh.sourceId(), "id-" + i, "h" + i, "g" + i, now, null, 7, now)
                    .failed("error\\with\ttab " + i, 7, 5, java.time.Duration.ofMinutes(1), now)
                    .synced(fresh.sourceId(), "id-" + i, "h" + i, "g" + i, now, null, 7, now));
        }
        return list;
    }
}
