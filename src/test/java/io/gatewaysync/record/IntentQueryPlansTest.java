package io.gatewaysync.record;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.engine.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write-intent look-ups stay index range reads among many ordinary records: the records with an open
 * intent are found through {@code open_intent}'s index (V19) and read by their ids; there is no index on
 * {@code pending_token} on H2 (V18), so a query that does not name the action would walk the source's
 * records instead. The statements checked are the ones
 * {@link SyncRecordStore} really runs, with their real parameters: a data source in front of the real one
 * records each query, and runs {@code EXPLAIN} of it on the same connection with the same values.
 */
class IntentQueryPlansTest {

    static final String SOURCE = "pets";
    static final String OTHER = "other";
    static final String SCHEMA = "https://example.org/pet.json";
    static final String DELETE = "DELETE_IN_SOURCE"; // run/Deliveries.PENDING_SOURCE_DELETE
    static final int RECORDS = 10_000;

    @TempDir
    Path dir;

    /** The database under test: a new, migrated H2 file. */
    protected HikariDataSource open() {
        return Database.open("jdbc:h2:file:" + dir.resolve("db/plans").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "", 3);
    }

    @Test
    void everyIntentLookUpReadsARangeOfAnIndex() throws SQLException {
        try (HikariDataSource ds = open()) {
            load(ds, SOURCE);
            load(ds, OTHER);
            analyze(ds);
            Plans plans = new Plans(ds);
            SyncRecordStore store = new SyncRecordStore(plans.dataSource());
            boolean h2 = io.gatewaysync.db.Jdbc.vendor(ds).equals("h2");

            // saveIntents: a new record with a create-in-gateway intent, and a known one with a create-in-source intent
            Instant now = Instant.now();
            SyncRecord known = store.find(SOURCE, "o42");
            plans.take(); // the find's
            Map<String, SyncRecord> stored = store.saveIntents(SOURCE, List.of(
                    SyncRecord.fresh(SOURCE, "new-1", SCHEMA, now).withIntent(SyncRecordStore.CREATE_IN_GATEWAY,
                            "new-1", null, "sh", null, "token-new", "content-new", 3, now),
                    known.withIntent(SyncRecordStore.CREATE_IN_SOURCE, null, known.gatewayId(), null, "gh",
                            "token-known", "content-known", 3, now)));
            assertEquals(Set.of("token-new", "token-known"), stored.keySet());
            assertTrue(stored.get("token-new").id() > 0, "the new intent's record is read back with its id");
            assertEquals(known.id(), stored.get("token-known").id());
            assertEquals(known.version() + 1, stored.get("token-known").version(), "the version the commit checks");
            List<String> tokenLookUps = plans.take();
            assertEquals(2, tokenLookUps.size(), "one look-up per action: " + tokenLookUps);
            for (String plan : tokenLookUps) {
                assertOpenIntents(plan, h2, 1);
            }

            // pending: the open create-in-source intents (the loaded ones and the one just stored)
            List<SyncRecord> open = store.pending(SOURCE, SyncRecordStore.CREATE_IN_SOURCE, 0, 1000);
            assertEquals(RECORDS / 1000 + 1, open.size());
            assertTrue(open.stream().allMatch(r -> r.pendingAction().equals(SyncRecordStore.CREATE_IN_SOURCE)));
            assertIntentRange(plans.take(), h2, 1);

            // dueIntents: deferred deletes and earlier runs' create intents, merged in id order, a batch at a time
            List<Long> expected = oldDueIntents(ds, SOURCE, 3);
            assertEquals(2 * (RECORDS / 1000) - 1, expected.size(), "the run's own create intent is not due yet");
            List<Long> due = new ArrayList<>();
            long after = 0;
            while (true) {
                List<SyncRecord> batch = store.dueIntents(SOURCE, DELETE, 3, after, 4);
                batch.forEach(r -> due.add(r.id()));
                assertIntentRange(plans.take(), h2, 2);
                if (batch.size() < 4) {
                    break;
                }
                after = batch.get(batch.size() - 1).id();
            }
            assertEquals(expected, due, "the same records, in the same order, as the single query before V18");

            // H2: the gone-from-source sweep walks the covering (source, id, last_seen_run) index in order.
            // (PostgreSQL's planner picks between it and the primary key by the source's share of the table.)
            SyncRecordStore.SeenMarks marks = store.seenMarks(SOURCE, 0, Long.MAX_VALUE, 500);
            assertEquals(500, marks.size());
            List<String> sweep = plans.take();
            assertEquals(1, sweep.size());
            if (h2) {
                assertRange(sweep.get(0), "ix_synchronization_source", "source");
                assertTrue(sweep.get(0).contains("index sorted"), "read in index order, not sorted:\n" + sweep.get(0));
            }
            // ...only up to the largest id of the run's start: the range ends there, the rest is not read.
            long bound = marks.ids()[249];
            SyncRecordStore.SeenMarks bounded = store.seenMarks(SOURCE, marks.ids()[99], bound, 500);
            assertEquals(150, bounded.size());
            assertEquals(bound, bounded.ids()[149]);
            List<String> boundedPlan = plans.take();
            if (h2) {
                assertRange(boundedPlan.get(0), "ix_synchronization_source", "source");
                assertTrue(boundedPlan.get(0).matches("(?s).*\\bid <= \\?\\d*.*"), "the range ends at the bound:\n" + boundedPlan.get(0));
            }
            assertEquals(0, store.seenMarks(SOURCE, bound, bound, 500).size());
            plans.take();
            long largest = store.largestId();
            assertTrue(largest >= marks.ids()[499], "the largest id of the table: " + largest);
            plans.take();
        }
    }

    private static void assertIntentRange(List<String> plans, boolean h2, int rangesPerPlan) {
        assertEquals(1, plans.size(), "one statement: " + plans);
        String plan = plans.get(0);
        assertOpenIntents(plan, h2, rangesPerPlan);
        if (h2) {
            assertEquals(rangesPerPlan, count(plan, "index sorted"), "each range read in index order:\n" + plan);
        }
    }

    /**
     * H2: {@code rangesPerPlan} ranges of ix_open_intent, each bounded by the source and the action, and
     * every record read by its id. PostgreSQL: no scan of synchronization (open_intent holds only the
     * intents; the planner may scan it when it is small), records by their id or the token index.
     */
    private static void assertOpenIntents(String plan, boolean h2, int rangesPerPlan) {
        if (h2) {
            Matcher range = Pattern.compile("/\\* public\\.ix_open_intent: ([^*]*)\\*/").matcher(plan);
            int ranges = 0;
            while (range.find()) {
                ranges++;
                assertTrue(range.group(1).contains("record_source = ?") && range.group(1).contains("action = ?"),
                        "each range bounded by the source and the action:\n" + plan);
            }
            assertEquals(rangesPerPlan, ranges, plan);
            assertEquals(rangesPerPlan, count(plan, ": id = i.record_id */"), "records read by id:\n" + plan);
            Set<String> used = indexesOf(plan);
            assertEquals(1, used.size(), plan);
            assertTrue(used.iterator().next().toLowerCase(java.util.Locale.ROOT).startsWith("primary_key_"), plan);
        } else {
            assertIndexOnly(plan, Set.of("synchronization_pkey", "ix_synchronization_token"));
        }
    }

    /** H2: every read of synchronization goes through {@code index} with an equality on {@code column}. */
    static void assertRange(String plan, String index, String column) {
        assertEquals(Set.of(index), indexesOf(plan), "H2 reads synchronization only through " + index + ":\n" + plan);
        Matcher m = Pattern.compile("/\\* public\\." + index + ": ([^*]*)\\*/").matcher(plan);
        while (m.find()) {
            assertTrue(m.group(1).contains(column + " ="), "the range is bounded by " + column + ":\n" + plan);
        }
    }

    /** PostgreSQL: no sequential scan of synchronization; every index used is one of {@code allowed}. */
    static void assertIndexOnly(String plan, Set<String> allowed) {
        assertFalse(plan.contains("Seq Scan on synchronization"), plan);
        Set<String> used = indexesOf(plan);
        assertFalse(used.isEmpty(), "an index is used:\n" + plan);
        assertTrue(allowed.containsAll(used), "only " + allowed + ":\n" + plan);
    }

    private static Set<String> indexesOf(String plan) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("(?i)\\b(ix_synchronization_\\w+|uq_synchronization_\\w+|synchronization_pkey|"
                + "primary_key_\\w+|synchronization\\.tableScan)").matcher(plan);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * {@link #RECORDS} established records of {@code source}, every thousandth from the 500th an open
     * create-in-source intent (the one at 5,500 written in run 3, the others in run 1), every thousandth
     * from the 700th a deferred delete: ids interleaved, as a real source's are.
     */
    private static void load(DataSource ds, String source) throws SQLException {
        Instant now = Instant.now();
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            SyncRecord r = SyncRecord.fresh(source, "o" + i, SCHEMA, now)
                    .synced("o" + i, "g" + i, "sh" + i, "gh" + i, now, now, 1, now);
            if (i % 1000 == 500) {
                r = SyncRecord.fresh(source, null, SCHEMA, now).withIntent(SyncRecordStore.CREATE_IN_SOURCE, null,
                        "g" + i, null, "gh" + i, "token-" + source + i, "content" + i, i == 5500 ? 3 : 1, now);
            } else if (i % 1000 == 700) {
                r = r.withPendingAction(DELETE, 1, now);
            }
            records.add(r);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            new SyncRecordStore(ds).insert(c, records);
            c.commit();
        }
    }

    private static void analyze(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /** What dueIntents answered as one query (the form before V18): the oracle of its merged ranges. */
    private static List<Long> oldDueIntents(DataSource ds, String source, long run) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM synchronization "
                + "WHERE source = ? AND pending_action IS NOT NULL AND (pending_action = ? OR (pending_action = ? "
                + "AND last_seen_run < ?)) ORDER BY id")) {
            ps.setString(1, source);
            ps.setString(2, DELETE);
            ps.setString(3, SyncRecordStore.CREATE_IN_SOURCE);
            ps.setLong(4, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * A data source in front of the real one that, for every query of {@code synchronization} it is asked
     * to run, first runs {@code EXPLAIN} of the same text with the same parameter values on the same
     * connection, and keeps the plan.
     */
    static final class Plans {

        private final DataSource real;
        private final List<String> plans = new ArrayList<>();

        Plans(DataSource real) {
            this.real = real;
        }

        /** The plans recorded since the last call. */
        synchronized List<String> take() {
            List<String> taken = List.copyOf(plans);
            plans.clear();
            return taken;
        }

        DataSource dataSource() {
            return proxy(DataSource.class, (p, m, a) -> m.getName().equals("getConnection")
                    ? connection((Connection) call(real, m, a)) : call(real, m, a));
        }

        private Connection connection(Connection c) {
            return proxy(Connection.class, (p, m, a) -> {
                Object result = call(c, m, a);
                if (m.getName().equals("prepareStatement") && a.length == 1 && ((String) a[0]).startsWith("SELECT")) {
                    return statement(c, (String) a[0], (PreparedStatement) result);
                }
                return result;
            });
        }

        private PreparedStatement statement(Connection c, String sql, PreparedStatement ps) {
            List<Object[]> sets = new ArrayList<>();
            return proxy(PreparedStatement.class, (p, m, a) -> {
                if (m.getName().startsWith("set") && a != null && a.length >= 2 && a[0] instanceof Integer) {
                    sets.add(new Object[] {m, a});
                } else if (m.getName().equals("executeQuery") && (a == null || a.length == 0)) {
                    explain(c, sql, sets);
                }
                return call(ps, m, a);
            });
        }

        private void explain(Connection c, String sql, List<Object[]> sets) throws Throwable {
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                for (Object[] set : sets) {
                    call(ps, (Method) set[0], (Object[]) set[1]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            assertNotNull(plan.length() > 0 ? plan : null, "EXPLAIN answered nothing for " + sql);
            synchronized (this) {
                plans.add(plan.toString());
            }
        }

        private static Object call(Object target, Method m, Object[] a) throws Throwable {
            try {
                return m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, InvocationHandler handler) {
            return (T) Proxy.newProxyInstance(Plans.class.getClassLoader(), new Class<?>[] {type}, handler);
        }
    }
}
