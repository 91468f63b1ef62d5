package io.gatewaysync.cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineHarness.CliRun;
import io.gatewaysync.testsupport.ShapedSource;
import io.gatewaysync.testsupport.ShapedSource.Shape;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.gatewaysync.testsupport.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --check FILE}: one route file validated as at start-up, then its first page listed as a run
 * would decide it (id, hash, action, scenario) against a real H2 file with records and gateway objects
 * of an earlier {@code --once}, and nothing written: every table's rows are the same afterwards, and a
 * database that does not exist is not created.
 */
class RouteCheckTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness harness;

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        harness = new EngineHarness(dir);
        harness.route("pets", source.url("pets"), "pagination", "next-link");
    }

    @AfterEach
    void stop() {
        harness.close();
        source.close();
    }

    CliRun check(Path file) {
        return EngineHarness.cli(harness.overrides(), "--check", file.toString());
    }

    Path routeFile() {
        return dir.resolve("routes/pets.yaml");
    }

    @Test
    void listsTheFirstPageWithTheDecisionOfEachObjectAndWritesNothing() throws Exception {
        source.generate("pets", 3);
        CliRun once = EngineHarness.cli(harness.overrides(), "--once");
        assertTrue(once.out().startsWith("source=pets status=OK created=3 "), once.out() + once.err());
        source.generate("pets", 3); // 4, 5, 6: new at the source
        source.put("pets", obj("id", "2", "name", "renamed", "n", 2)); // changed at the source
        Map<String, Long> before = rowCounts();
        String unchangedHash = sourceHash("1");

        CliRun check = check(routeFile());

        assertEquals(Cli.OK, check.code(), check.err() + check.out());
        assertTrue(check.out().contains("pagination=next-link"), check.out());
        assertTrue(line(check.out(), "1").matches("1\\s+" + unchangedHash.substring(0, 12) + "\\s+NONE\\s+UNCHANGED"),
                check.out());
        assertTrue(line(check.out(), "2").matches("2\\s+[0-9a-f]{12}\\s+UPDATE_GATEWAY\\s+SOURCE_CHANGED"), check.out());
        assertTrue(line(check.out(), "3").matches("3\\s+[0-9a-f]{12}\\s+NONE\\s+UNCHANGED"), check.out());
        assertTrue(line(check.out(), "4").matches("4\\s+[0-9a-f]{12}\\s+CREATE_IN_GATEWAY\\s+NEW_AT_SOURCE"), check.out());
        assertTrue(line(check.out(), "5").isEmpty(), "only the first page is listed: " + check.out());
        assertTrue(Pattern.compile("next page: " + Pattern.quote(source.url("pets")) + "\\?.*page=2").matcher(check.out()).find(),
                check.out());
        assertEquals(before, rowCounts(), "--check wrote to the database");
    }

    @Test
    void aDatabaseThatDoesNotExistIsNotCreatedAndEverythingIsNew() {
        source.generate("pets", 2);

        CliRun check = check(routeFile());

        assertEquals(Cli.OK, check.code(), check.err() + check.out());
        assertTrue(check.out().contains("does not exist yet (not created)"), check.out());
        assertTrue(line(check.out(), "1").contains("CREATE_IN_GATEWAY"), check.out());
        assertTrue(line(check.out(), "2").contains("CREATE_IN_GATEWAY"), check.out());
        assertTrue(check.out().contains("next page: none"), check.out());
        assertFalse(Files.exists(dir.resolve("db/sync.mv.db")), "the H2 file was created");
    }

    @Test
    void aBadFileIsAConfigurationErrorNamingFileAndParameter() {
        harness.route("pets", source.url("pets"), "pagination", "sideways");

        CliRun check = check(routeFile());

        assertEquals(Cli.CONFIGURATION_ERROR, check.code(), check.out());
        assertTrue(check.err().contains(routeFile().toString()) && check.err().contains("parameter 'pagination'"),
                check.err());
        assertEquals(0, source.requestCount("GET"), "an invalid file is not listed");

        CliRun missing = check(dir.resolve("routes/none.yaml"));
        assertEquals(Cli.CONFIGURATION_ERROR, missing.code());
        assertTrue(missing.err().contains("none.yaml: no such route file"), missing.err());
    }

    @Test
    void aPageThatCannotBeReadExitsOneNamingSourceAndUrl() {
        harness.route("pets", source.url("pets"), "retries", "0");
        source.failPage("pets", 1, 500);

        CliRun check = check(routeFile());

        assertEquals(Cli.FAILURES, check.code(), check.out());
        assertTrue(check.err().contains("source 'pets'") && check.err().contains(source.url("pets")), check.err());
    }

    /**
     * The new shapes, from a route file: cursor, JSON:API (resources with attributes, links.next) and
     * range; after an --once, one object edited at the source and one added: the first page shows
     * each object's decision and the next page as the listing would ask for it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CURSOR   | pagination,cursor,cursorPath,meta.next_cursor,cursorParam,cursor | pagination=cursor cursorPath=meta.next_cursor cursorParam=cursor | \\?cursor=[A-Za-z0-9_-]+$",
            "JSON_API | pagination,auto                                                 | pagination=auto                                                 | \\?page=2$",
            "RANGE    | pagination,range,pageSize,3                                      | pagination=range                                                | with Range: items=3-5$"})
    void theNewShapesAreListedAsTheEngineSeesThem(Shape shape, String parameters, String shown, String nextPage) {
        try (ShapedSource shaped = ShapedSource.start(shape);
             EngineHarness engine = new EngineHarness(dir.resolve("shape"))) {
            List<String> keys = shaped.generate(7);
            engine.route("things", shaped.url(), parameters.split(","));
            CliRun once = EngineHarness.cli(engine.overrides(), "--once");
            assertTrue(once.out().startsWith("source=things status=OK created=7 "), once.out() + once.err());
            shaped.edit(keys.get(1), "name", "edited at source");

            CliRun check = EngineHarness.cli(engine.overrides(), "--check", dir.resolve("shape/routes/things.yaml").toString());

            assertEquals(Cli.OK, check.code(), check.err() + check.out());
            for (String setting : shown.split(" ")) {
                assertTrue(check.out().contains(" " + setting), setting + " in\n" + check.out());
            }
            assertTrue(check.out().contains("first page: 3 object(s)"), check.out());
            assertTrue(line(check.out(), "1").matches("1\\s+[0-9a-f]{12}\\s+NONE\\s+UNCHANGED"), check.out());
            assertTrue(line(check.out(), "2").matches("2\\s+[0-9a-f]{12}\\s+UPDATE_GATEWAY\\s+SOURCE_CHANGED"), check.out());
            assertTrue(line(check.out(), "3").matches("3\\s+[0-9a-f]{12}\\s+NONE\\s+UNCHANGED"), check.out());
            assertTrue(line(check.out(), "4").isEmpty(), check.out());
            String next = check.out().lines().filter(l -> l.startsWith("next page: ")).findFirst().orElse("");
            assertTrue(next.startsWith("next page: " + shaped.url()) && Pattern.compile(nextPage).matcher(next).find(),
                    next + "\n" + check.out());
        }
    }

    /** The table row of {@code id}, or "" when it is not listed. */
    static String line(String out, String id) {
        return out.lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse("").trim();
    }

    String sourceHash(String id) throws Exception {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT source_hash FROM synchronization WHERE source = ? AND source_id = ?")) {
            ps.setString(1, "pets");
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a record of " + id);
                return rs.getString(1);
            }
        }
    }

    /** Every table of the database with its row count. */
    Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = connect()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[]{"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertTrue(tables.contains("synchronization"), "tables: " + tables);
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            // Also what a run or lease would change without adding rows.
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT source, run_number, owner, status FROM source_run ORDER BY source")) {
                while (rs.next()) {
                    counts.put("source_run:" + rs.getString(1) + ":" + rs.getLong(2) + ":" + rs.getString(3) + ":"
                            + rs.getString(4), 1L);
                }
            }
        }
        return counts;
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(harness.overrides().get("sync.db.url"), "sa", "");
    }
}
