package io.gatewaysync.cli;

import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.RunProgress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live lines of a {@code --once} on a terminal: one line per running source, rewritten in place
 * a few times a second. A summary line is printed above them: the live block is erased first, so what
 * stays on the screen (and in a scroll-back) is exactly the summary lines a pipe would get. Lines are
 * cut to the terminal's width, since a wrapped line would break the cursor-up arithmetic.
 * Not on a terminal nothing here runs; the run's own log line ({@code sync.progress.seconds}) does the job.
 */
final class LiveProgress implements AutoCloseable {

    /** {@code auto} (default: live lines when standard output is a terminal), {@code true}, {@code false}. */
    static final String PROPERTY = "sync.progress.live";

    private static final String ERASE_LINE = "\r\033[2K";
    private static final String UP = "\033[1A";

    private final PrintStream out;
    private final Supplier<List<RunProgress>> runs;
    private final int width;
    private ScheduledExecutorService timer;
    private List<String> lines = List.of();

    LiveProgress(PrintStream out, Supplier<List<RunProgress>> runs, int width) {
        this.out = out;
        this.runs = runs;
        this.width = Math.max(20, width);
    }

    /** Whether {@code setting} asks for live lines on an output that {@code terminal} says is a terminal. */
    static boolean wanted(String setting, boolean terminal) {
        return switch (setting == null ? "auto" : setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "", "auto" -> terminal;
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("property '" + PROPERTY + "' has invalid value '" + setting
                    + "'; allowed: auto, true, false");
        };
    }

    /** The terminal's width from {@code COLUMNS} (shells export it), else 100. */
    static int terminalWidth() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    LiveProgress start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-sync-live-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Redraws the block with the runs as they are now. */
    synchronized void refresh() {
        List<String> now = runs.get().stream().map(p -> cut(p.line())).toList();
        erase();
        draw(now);
    }

    /** Prints {@code line} above the live block. */
    synchronized void println(String line) {
        List<String> shown = lines;
        erase();
        out.println(line);
        draw(shown);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            erase();
            out.flush();
        }
    }

    private void erase() {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(ERASE_LINE);
        for (int i = 1; i < lines.size(); i++) {
            b.append(UP).append(ERASE_LINE);
        }
        out.print(b);
        lines = List.of();
    }

    private void draw(List<String> next) {
        out.print(String.join("\n", next)); // the cursor stays at the end of the last line: erase goes up from there
        out.flush();
        lines = next;
    }

    private String cut(String line) {
        return line.length() < width ? line : line.substring(0, width - 2) + "…";
    }
}
