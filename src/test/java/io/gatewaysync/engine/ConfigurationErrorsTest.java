package io.gatewaysync.engine;

import io.gatewaysync.Application;

import io.gatewaysync.testsupport.ChildEngine;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route files with many problems, started as an operator does ({@code Application --once} in a JVM of
 * its own): exit 2, every problem of every file on a line of its own naming the file, the parameter, the
 * value and what is allowed, and no stack trace.
 */
class ConfigurationErrorsTest extends EngineTest {

    @Test
    void everyProblemInEveryRouteFileOneLineEachNoStackTrace() throws Exception {
        engine = new EngineHarness(dir)
                .route("pets", "http://localhost:1/pets", "pagination", "pages", "direction", "both",
                        "pageSize", "many", "pageSzie", "4", "authorization", "{{env:GATEWAY_SYNC_TEST_UNSET_TOKEN}}")
                .routeFile("broken.yaml", "- templatedRoute:\n    routeTemplateRef: gateway-sync\n    parameters: [\n")
                .routeFile("cats.yaml", """
                        - templatedRoute:
                            routeTemplateRef: gateway-sync
                            parameters:
                              - name: source
                                value: cats
                              - name: schedule
                                value: every five minutes
                        """)
                .route("zebras", "ftp://example.org/zebras", "source", "pets");
        ChildEngine child = ChildEngine.start(engine, Map.of(), dir.resolve("out.log"), "--once");
        int code = child.await(60);
        String out = child.output();
        assertEquals(2, code, out);
        List<String> errors = out.lines().filter(l -> l.startsWith("configuration error: ")).toList();
        String all = String.join("\n", errors);
        List<List<String>> expected = List.of(
                List.of("pets.yaml", "'pagination'", "'pages'", "allowed: auto, none, page, offset, next-link, link-header"),
                List.of("pets.yaml", "'direction'", "'both'", "source-to-gateway", "two-way"),
                List.of("pets.yaml", "'pageSize'", "'many'", "a whole number"),
                List.of("pets.yaml", "'pageSzie'", "allowed", "pageSize"),
                List.of("pets.yaml", "'authorization'", "GATEWAY_SYNC_TEST_UNSET_TOKEN"),
                List.of("broken.yaml", "YAML"),
                List.of("cats.yaml", "'url'", "missing"),
                List.of("cats.yaml", "'schedule'", "'every five minutes'", "Quartz cron"),
                List.of("zebras.yaml", "'url'", "ftp://example.org/zebras", "http"),
                List.of("zebras.yaml", "'source'", "'pets'", "already used"));
        System.out.println(all);
        for (List<String> words : expected) {
            assertEquals(1, errors.stream().filter(l -> words.stream().allMatch(l::contains)).count(),
                    "one line with " + words + ":\n" + all);
        }
        assertEquals(expected.size(), errors.size(), all);
        assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace:\n" + out);
        assertTrue(out.lines().allMatch(l -> l.startsWith("configuration error: ") || l.contains(" INFO ")
                || l.contains(" WARN ")), "nothing else:\n" + out);
    }
}
