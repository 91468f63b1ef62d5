package io.gatewaysync.cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.LogCapture;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress of a long run: a {@code --once} over a slow source (pages of 10, each answered after 250 ms)
 * logs a progress line every {@code sync.progress.seconds} when its output is not a terminal, with no
 * control characters anywhere; with live lines (as on a terminal) the screen ends up showing only the
 * summary line, and the log carries no progress lines.
 */
class ProgressOutputTest {

    private static final Pattern PROGRESS = Pattern.compile(
            "source 'pets': run \\d+: \\d+ pages?, [\\d,]+ of 120 objects \\(\\d+%\\), [\\d,]+/s, \\d+:\\d\\d");

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness harness;

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.generate("pets", 120);
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 10).totals("pets", true);
        for (int page = 1; page <= 12; page++) {
            source.delayPage("pets", page, Duration.ofMillis(250));
        }
        harness = new EngineHarness(dir).property("sync.progress.seconds", "1");
        harness.route("pets", source.url("/pets"), "pagination", "next-link");
    }

    @AfterEach
    void stop() {
        harness.close();
        source.close();
    }

    @Test
    void notOnATerminalProgressIsAPlainLogLine() {
        EngineHarness.CliRun run;
        String log;
        try (LogCapture capture = new LogCapture()) {
            run = EngineHarness.cli(overrides("false"), "--once");
            log = capture.text();
        }
        assertEquals(Cli.OK, run.code(), run.err());
        assertTrue(run.out().startsWith("source=pets status=OK created=120 "), run.out());
        List<String> lines = log.lines().filter(l -> PROGRESS.matcher(l).find()).toList();
        assertFalse(lines.isEmpty(), "no progress line in the log:\n" + log);
        assertNoControlCharacters(run.out());
        assertNoControlCharacters(run.err());
        assertNoControlCharacters(log);
    }

    @Test
    void liveLinesLeaveOnlyTheSummaryOnTheScreen() {
        EngineHarness.CliRun run;
        String log;
        try (LogCapture capture = new LogCapture()) {
            run = EngineHarness.cli(overrides("true"), "--once");
            log = capture.text();
        }
        assertEquals(Cli.OK, run.code(), run.err());
        assertTrue(run.out().contains("\033[2K"), "the live line was never drawn: " + run.out());
        assertTrue(run.out().contains("pets: "), "the live line shows the source: " + run.out());
        List<String> screen = LiveProgressTest.Screen.of(run.out());
        assertEquals(1, screen.size(), "only the summary line stays: " + screen);
        assertTrue(screen.get(0).startsWith("source=pets status=OK created=120 "), screen.get(0));
        assertTrue(log.lines().noneMatch(l -> PROGRESS.matcher(l).find()), "live lines replace the log line:\n" + log);
    }

    private Map<String, String> overrides(String live) {
        Map<String, String> o = new HashMap<>(harness.overrides());
        o.put(LiveProgress.PROPERTY, live);
        return o;
    }

    private static void assertNoControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertFalse(c < 0x20 && c != '\n' && c != '\t' || c == 0x7f,
                    "control character " + (int) c + " at " + i + " in:\n" + text);
        }
    }
}
