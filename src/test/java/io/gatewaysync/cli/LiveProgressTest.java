package io.gatewaysync.cli;

import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.RunProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live block of a terminal's {@code --once}, read back through a minimal terminal. */
class LiveProgressTest {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    final AtomicReference<List<RunProgress>> running = new AtomicReference<>(List.of());
    final LiveProgress live = new LiveProgress(out, running::get, 60);

    static RunProgress run(String source, long seen) {
        return new RunProgress(source, 1, Instant.EPOCH, seen / 100, seen, 1_000, null);
    }

    @Test
    void showsOneLinePerRunningSourceRewrittenInPlace() {
        running.set(List.of(run("crm", 100), run("hr", 200)));
        live.refresh();
        assertEquals(List.of("crm: 1 page, 100 objects, 100/s, 0:01", "hr: 2 pages, 200 objects, 200/s, 0:01"),
                Screen.of(text()));
        running.set(List.of(run("crm", 300), run("hr", 400)));
        live.refresh();
        assertEquals(List.of("crm: 3 pages, 300 objects, 300/s, 0:01", "hr: 4 pages, 400 objects, 400/s, 0:01"),
                Screen.of(text()), "the second drawing replaces the first");
    }

    @Test
    void aSummaryLineGoesAboveTheBlockAndOnlySummaryLinesStay() {
        running.set(List.of(run("crm", 100), run("hr", 200)));
        live.refresh();
        live.println("source=crm status=OK created=1");
        assertEquals(List.of("source=crm status=OK created=1", "crm: 1 page, 100 objects, 100/s, 0:01",
                "hr: 2 pages, 200 objects, 200/s, 0:01"), Screen.of(text()));
        running.set(List.of(run("hr", 500)));
        live.refresh();
        live.println("source=hr status=OK created=5");
        live.close();
        assertEquals(List.of("source=crm status=OK created=1", "source=hr status=OK created=5"), Screen.of(text()));
    }

    @Test
    void linesAreCutToTheTerminalWidth() {
        running.set(List.of(run("a-source-with-a-very-long-name-that-goes-on-and-on", 123_456_789)));
        live.refresh();
        String line = Screen.of(text()).get(0);
        assertTrue(line.length() < 60, line);
        assertTrue(line.endsWith("…"), line);
    }

    @Test
    void theSettingDecides() {
        assertTrue(LiveProgress.wanted("auto", true));
        assertFalse(LiveProgress.wanted("auto", false));
        assertFalse(LiveProgress.wanted(null, false));
        assertTrue(LiveProgress.wanted("TRUE", false));
        assertFalse(LiveProgress.wanted("false", true));
        assertThrows(ConfigurationException.class, () -> LiveProgress.wanted("sometimes", true));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Just enough of a terminal: CR, LF, erase line (ESC[2K) and cursor up (ESC[1A). */
    static final class Screen {
        static List<String> of(String s) {
            List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
            int row = 0;
            int col = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\033') {
                    String seq = s.substring(i, Math.min(s.length(), i + 4));
                    if (seq.equals("\033[2K")) {
                        rows.set(row, new StringBuilder());
                    } else if (seq.equals("\033[1A")) {
                        row = Math.max(0, row - 1);
                    } else {
                        throw new AssertionError("unexpected escape sequence at " + i);
                    }
                    i += 3;
                } else if (c == '\r') {
                    col = 0;
                } else if (c == '\n') {
                    row++;
                    col = 0;
                    if (row == rows.size()) {
                        rows.add(new StringBuilder());
                    }
                } else {
                    StringBuilder r = rows.get(row);
                    while (r.length() < col) {
                        r.append(' ');
                    }
                    if (col < r.length()) {
                        r.setCharAt(col, c);
                    } else {
                        r.append(c);
                    }
                    col++;
                }
            }
            List<String> lines = new ArrayList<>(rows.stream().map(StringBuilder::toString).toList());
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }
    }
}
