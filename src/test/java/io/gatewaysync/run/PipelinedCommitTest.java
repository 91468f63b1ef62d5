package io.gatewaysync.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.CountingDriver;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listing page commits in the background while the next page is processed ({@code sync.pipeline-commits},
 * on by default). The results are those of committing page by page: an object listed again on the next
 * page (pages shift while a source is paged) is read as the earlier page's commit left it, never created
 * twice; a commit that fails in the background fails the run, deletes nothing, and the next run converges.
 */
class PipelinedCommitTest extends EngineTest {

    /** Pages by page number: 1-50; 50-100 (50 again, changed); 99-149 (99 and 100 again, as they were); then none. */
    private static String page(int number) {
        IntFunction<String> name = k -> "item " + k;
        ArrayNode list = TestJson.MAPPER.createArrayNode();
        int from = switch (number) {
            case 1 -> 1;
            case 2 -> 50;
            case 3 -> 99;
            default -> 0;
        };
        for (int k = from; from > 0 && k < from + 51 && k <= 149; k++) {
            if (number == 1 && k == 51) {
                break;
            }
            list.add(TestJson.obj("id", Integer.toString(k), "name", number == 2 && k == 50 ? "item 50, again" : name.apply(k)));
        }
        return list.toString();
    }

    /** {@code groupRows}: 256 (the default) holds page 1 (50 creates) for a group; 0 commits it on its own. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"true, 256", "true, 0", "false, 256"})
    void anObjectListedAgainOnTheNextPageIsReadAsTheCommitLeftIt(boolean pipelined, int groupRows) {
        source = TestSource.start();
        source.respond("shift", r -> r.method().equals("GET") && r.path().equals("/shift")
                ? TestSource.Response.json(200, page(Integer.parseInt(r.param("page")))) : null);
        engine = new EngineHarness(dir).property("sync.pipeline-commits", Boolean.toString(pipelined))
                .property("sync.commit-group-rows", Integer.toString(groupRows))
                .route("shift", source.url("/shift"), "pagination", "page", "pageSize", "0", "confirmGone", "false")
                .start();
        RunResult first = engine.sync("shift");
        assertEquals(RunStatus.OK, first.status(), first.line());
        assertEquals(149, first.created(), first.line());
        assertEquals(1, first.updated(), first.line()); // 50, listed again with a new name
        assertEquals(2, first.unchanged(), first.line()); // 99 and 100, listed again as they were
        assertEquals(0, first.failed(), first.line());
        assertEquals(149, engine.gatewayObjects("shift").size());
        assertEquals("item 50, again", engine.ownFields(engine.gatewayObjectFor("shift", "50")).get("name").asText());

        RunResult second = engine.sync("shift");
        assertEquals(RunStatus.OK, second.status(), second.line());
        assertEquals(0, second.created() + second.deleted(), second.line());
        assertEquals(149, engine.gatewayObjects("shift").size());
    }

    /**
     * Listing pages with few writes commit together, in one transaction, up to {@code sync.commit-group-rows}
     * record writes or 16 pages: 20 pages with one change each take two commits instead of twenty, and
     * every change is in the gateway after the run.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"256, 1, 2", "0, 20, 20"})
    void pagesWithFewWritesCommitTogether(int groupRows, int fewestCommits, int mostCommits) {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 10);
        source.generate("pets", 200);
        String url = "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        engine = new EngineHarness(dir, CountingDriver.wrap(url)).property("sync.commit-group-rows", Integer.toString(groupRows))
                .route("pets", source.url("/pets"), "pagination", "page", "pageSize", "10").start();
        assertEquals(200, engine.sync("pets").created());
        // What a run commits besides its listing pages (lease, digest, history): a run without changes.
        CountingDriver.reset();
        assertEquals(200, engine.sync("pets").unchanged());
        long fixed = CountingDriver.bySql().getOrDefault("COMMIT", 0L);

        for (int k = 5; k <= 200; k += 10) { // one change on each page
            source.put("pets", TestJson.obj("id", Integer.toString(k), "name", "pets " + k + ", changed", "n", k));
        }
        CountingDriver.reset();
        RunResult changed = engine.sync("pets");
        long listingCommits = CountingDriver.bySql().getOrDefault("COMMIT", 0L) - fixed;
        assertEquals(RunStatus.OK, changed.status(), changed.line());
        assertEquals(20, changed.updated(), changed.line());
        assertTrue(listingCommits >= fewestCommits && listingCommits <= mostCommits,
                "commits of the listing: " + listingCommits + ", " + CountingDriver.bySql());
        for (int k = 5; k <= 200; k += 10) {
            assertEquals("pets " + k + ", changed",
                    engine.ownFields(engine.gatewayObjectFor("pets", Integer.toString(k))).get("name").asText());
        }
        assertEquals(200, engine.sync("pets").unchanged());
    }

    @Test
    void aCommitThatFailsInTheBackgroundFailsTheRunDeletesNothingAndTheNextRunConverges() throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", 10);
        source.generate("pets", 60);
        engine = new EngineHarness(dir).route("pets", source.url("/pets"), "pagination", "page", "pageSize", "10",
                "retries", "0").start();
        assertEquals(60, engine.sync("pets").created());

        // Page 3 changes an object into one the database refuses; page 1 loses an object.
        DataSource ds = engine.bean("dataSource", DataSource.class);
        execute(ds, "ALTER TABLE gateway_object ADD CONSTRAINT no_poison CHECK (data NOT LIKE '%poison%')");
        source.put("pets", TestJson.obj("id", "25", "name", "poison", "n", 25));
        source.put("pets", TestJson.obj("id", "45", "name", "pets 45, changed", "n", 45));
        source.remove("pets", "3");
        RunResult failed = engine.sync("pets");
        assertEquals(RunStatus.FAILED, failed.status(), failed.line());
        // Pages with few writes commit together (sync.commit-group-rows): pages 3 and 5 in one transaction.
        assertTrue(String.valueOf(failed.error()).contains("committing 2 pages of source 'pets'"), failed.error());
        assertEquals(0, failed.deleted(), failed.line());
        assertTrue(failed.failed() >= 1, "the refused page's writes count as failed: " + failed.line());
        assertNotNull(engine.record("pets", "3"), "a failed run deletes nothing");
        assertEquals(60, engine.gatewayObjects("pets").size());

        execute(ds, "ALTER TABLE gateway_object DROP CONSTRAINT no_poison");
        RunResult next = engine.sync("pets");
        assertEquals(RunStatus.OK, next.status(), next.line());
        assertEquals(1, next.deleted(), next.line());
        assertEquals(59, engine.gatewayObjects("pets").size());
        assertEquals("poison", engine.ownFields(engine.gatewayObjectFor("pets", "25")).get("name").asText());
        assertEquals("pets 45, changed", engine.ownFields(engine.gatewayObjectFor("pets", "45")).get("name").asText());
        for (String id : List.of("1", "24", "26", "60")) {
            assertNotNull(engine.gatewayObjectFor("pets", id), id);
        }
    }

    private static void execute(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
