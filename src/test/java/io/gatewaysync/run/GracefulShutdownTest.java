package io.gatewaysync.run;

import io.gatewaysync.testsupport.ChildEngine;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM in the middle of a run, to a separate JVM ({@code --once}, and the continuous engine): the run
 * stops at the next page boundary, ends PARTIAL (nothing deleted), its summary line is printed, the lease
 * is released and the process exits within {@code camel.main.shutdown-timeout}; the next {@code --once}
 * starts at once and completes the sync.
 */
class GracefulShutdownTest extends EngineTest {

    static final int OBJECTS = 1500;
    static final int PAGE_SIZE = 50;
    static final int SHUTDOWN_TIMEOUT = 15;

    ChildEngine child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.close();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"--once,h2", "continuous,h2", "--once,postgresql"})
    void sigtermMidRunEndsPartialReleasesTheLeaseAndTheNextRunCompletes(String mode, String database) throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.PAGE).pageSize("pets", PAGE_SIZE);
        source.generate("pets", OBJECTS);
        source.delay(Duration.ofMillis(40));
        String url = database.equals("h2")
                ? "jdbc:h2:file:" + dir.resolve("db/sync").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE"
                : io.gatewaysync.testsupport.Postgres.freshDatabase();
        engine = new EngineHarness(dir, url)
                .route("pets", source.url("/pets"), "pagination", "page", "pageSize", Integer.toString(PAGE_SIZE))
                .property("sync.lease-seconds", "60")
                .property("camel.main.shutdown-timeout", Integer.toString(SHUTDOWN_TIMEOUT));
        boolean once = mode.equals("--once");
        child = once ? ChildEngine.start(engine, Map.of(), dir.resolve("a.log"), "--once")
                : ChildEngine.start(engine, Map.of("sync.run-on-startup", "true"), dir.resolve("a.log"));
        child.awaitPage(source, 10);
        long signalled = System.nanoTime();
        child.terminate();
        int code = child.await(SHUTDOWN_TIMEOUT + 10);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        String out = child.output();
        System.out.println("SIGTERM (" + mode + ", " + database + "): exit " + code + " after " + tookMs + " ms");
        System.out.println(out);
        assertTrue(tookMs < SHUTDOWN_TIMEOUT * 1000L, "exited within the shutdown timeout: " + tookMs + " ms\n" + out);
        Matcher summary = Pattern.compile("source=pets status=PARTIAL created=(\\d+) .*").matcher(out);
        assertTrue(summary.find(), "the summary line, PARTIAL:\n" + out);
        long created = Long.parseLong(summary.group(1));
        assertTrue(created > 0 && created < OBJECTS, summary.group());
        assertEquals(143, code, "ended by SIGTERM (128 + 15), after the summary");
        try (Connection c = DriverManager.getConnection(url, database.equals("h2") ? "sa" : "postgres", "");
             Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT COUNT(*) FROM source_run WHERE owner IS NOT NULL"), "the lease is released");
            assertEquals(created, count(s, "SELECT COUNT(*) FROM gateway_object WHERE schema_name = 'pets'"),
                    "every page the summary counts is committed");
            assertEquals(created, count(s, "SELECT COUNT(*) FROM synchronization WHERE source = 'pets'"));
        }

        source.delay(Duration.ZERO);
        ChildEngine next = ChildEngine.start(engine, Map.of(), dir.resolve("b.log"), "--once");
        assertEquals(0, next.await(120), next.output());
        assertTrue(next.output().contains("source=pets status=OK created=" + (OBJECTS - created) + " updated=0 deleted=0 unchanged="
                + created), next.output());
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
