package io.gatewaysync.record;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import io.gatewaysync.testsupport.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a source's quiet digest is kept, and when it holds: only at the stamp it was stored with, for the
 * schema it was made for, and only once (a run that begins takes it away); any write of someone else
 * raises the stamp. Bytes of several parts read back exactly.
 */
class QuietDigestStoreTest {

    @TempDir
    Path dir;
    HikariDataSource dataSource;

    private QuietDigestStore open(String db) {
        dataSource = Database.open(db.equals("h2") ? "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" : Postgres.freshDatabase(), db.equals("h2") ? "sa" : "postgres", "", 2);
        return new QuietDigestStore(dataSource);
    }

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDigestHoldsOnceAtItsStampForItsSchema(String db) throws Exception {
        QuietDigestStore store = open(db);
        QuietDigestStore.Taken first = store.take("pets", "pets");
        assertFalse(first.holds(), "none stored yet");
        byte[] bytes = new byte[QuietDigestStore.PART * 2 + 12345];
        new Random(7).nextBytes(bytes);
        store.store("pets", "pets", first.stamp(), out -> {
            out.write(bytes);
            return 42;
        });
        assertEquals(3, parts("pets"));

        QuietDigestStore.Taken second = store.take("pets", "pets");
        assertTrue(second.holds());
        assertEquals(first.stamp(), second.stamp());
        try (InputStream in = store.read("pets")) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertFalse(store.take("pets", "pets").holds(), "taken by the run that began: a run that dies leaves none");

        store.store("pets", "pets", second.stamp(), out -> 0);
        assertEquals(0, parts("pets"), "the parts of the digest before are gone");
        assertFalse(store.take("pets", "animals").holds(), "made for another schema");

        store.store("pets", "pets", second.stamp(), out -> 0);
        try (Connection c = dataSource.getConnection()) {
            ChangeStamps.raise(c, "pets");
        }
        QuietDigestStore.Taken after = store.take("pets", "pets");
        assertFalse(after.holds(), "someone else wrote since");
        assertEquals(second.stamp() + 1, after.stamp());
        store.store("pets", "pets", second.stamp(), out -> 0);
        assertFalse(store.take("pets", "pets").holds(), "stored with the stamp its run began at, not the newest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aChangedGatewayObjectRaisesTheSourcesThatPointAtItButNotTheWriter(String db) throws Exception {
        QuietDigestStore store = open(db);
        for (String source : List.of("a", "b", "c")) {
            store.take(source, "shared");
        }
        SyncRecordStore records = new SyncRecordStore(dataSource);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            records.insert(c, List.of(record("a", "1", "g1", now), record("b", "9", "g1", now), record("c", "5", "g2", now)), true);
            long[] before = {stamp("a"), stamp("b"), stamp("c")};
            ChangeStamps.raiseLinked(c, "shared", List.of("g1"), "a");
            assertEquals(before[0], stamp("a"), "the writer's own run keeps its digest true itself");
            assertEquals(before[1] + 1, stamp("b"));
            assertEquals(before[2], stamp("c"), "points at another object");
            ChangeStamps.raiseLinked(c, "shared", List.of("g1", "g2"), null);
            assertEquals(before[0] + 1, stamp("a"));
            assertEquals(before[2] + 1, stamp("c"));
            records.update(c, List.of(records.find("c", "5")), false);
            assertEquals(before[2] + 2, stamp("c"), "a record written by anyone but its run");
        }
    }

    private static SyncRecord record(String source, String sourceId, String gatewayId, Instant now) {
        return SyncRecord.fresh(source, sourceId, "shared", now)
                .synced(sourceId, gatewayId, "a".repeat(64), "b".repeat(64), null, null, 1, now);
    }

    private long stamp(String source) throws SQLException {
        return single("SELECT stamp FROM source_change WHERE source = ?", source);
    }

    private long parts(String source) throws SQLException {
        return single("SELECT COUNT(*) FROM quiet_digest WHERE source = ?", source);
    }

    private long single(String sql, String source) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
