package io.gatewaysync.bench;

import io.gatewaysync.run.RunResult;
import io.gatewaysync.source.Pagination;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourcePage;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.testsupport.EngineHarness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The engine side of the benchmark, run in its own JVM (the heap under test, e.g. {@code -Xmx256m}):
 * one real engine (Camel Main, shipped route template, embedded gateway on the given database) and
 * the raw read, driven by commands on stdin, one result line per command on stdout:
 * <pre>
 *   raw [maxPages]  read the listing with SourceClient: fetch and parse every page, nothing else
 *   sync            one run of the source through the engine (as --once does)
 *   quit
 * </pre>
 * Result lines start with {@value #PREFIX} and are key=value pairs.
 */
public final class BenchEngine {

    public static final String PREFIX = "@@bench ";
    public static final String SOURCE = "bench";

    public static void main(String[] args) throws Exception {
        String dbUrl = args[0];
        String sourceUrl = args[1];
        Path dir = Path.of(args[2]);
        HeapWatch heap = new HeapWatch();
        SourceSettings settings = SourceSettings.of(SOURCE, sourceUrl).withPagination(Pagination.NEXT_LINK);
        try (EngineHarness engine = new EngineHarness(dir, dbUrl)) {
            engine.route(SOURCE, sourceUrl, "pagination", "next-link");
            extraProperties(engine);
            engine.start();
            reply("ready heap_max_mb=" + mb(HeapWatch.maxHeapBytes()));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] cmd = line.trim().split("\\s+");
                switch (cmd[0]) {
                    case "raw" -> {
                        int maxPages = cmd.length > 1 ? Integer.parseInt(cmd[1]) : Integer.MAX_VALUE;
                        heap.reset();
                        long cpu0 = cpuNanos();
                        long t0 = System.nanoTime();
                        long objects = 0;
                        int pages = 0;
                        try (SourceClient client = new SourceClient(settings);
                             SourceListing listing = client.listing()) {
                            while (pages < maxPages && listing.hasNext()) {
                                SourcePage page = listing.next();
                                objects += page.objects().size();
                                pages++;
                            }
                        }
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        reply(String.format(Locale.ROOT, "phase=raw objects=%d pages=%d ms=%d cpu_ms=%d %s",
                                objects, pages, ms, (cpuNanos() - cpu0) / 1_000_000, heapFigures(heap)));
                    }
                    case "sync" -> {
                        heap.reset();
                        long cpu0 = cpuNanos();
                        long t0 = System.nanoTime();
                        RunResult result = engine.sync(SOURCE);
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        reply(String.format(Locale.ROOT, "phase=sync objects=%d pages=%d ms=%d cpu_ms=%d %s line=%s",
                                result.seen(), result.pages(), ms, (cpuNanos() - cpu0) / 1_000_000, heapFigures(heap),
                                result.line().replace(' ', ',')));
                    }
                    case "quit" -> {
                        reply("bye");
                        return;
                    }
                    default -> reply("error unknown command " + line);
                }
            }
        } finally {
            System.out.flush();
        }
    }

    /** -Dbench.engine.X=Y becomes the engine property X=Y (e.g. sync.db.pool-size). */
    private static void extraProperties(EngineHarness engine) {
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("bench.engine.")) {
                engine.property(key.substring("bench.engine.".length()), v.toString());
            }
        });
    }

    private static String heapFigures(HeapWatch heap) {
        return "peak_heap_mb=" + mb(heap.peakHeapBytes()) + " max_live_mb=" + mb(heap.maxLiveBytes())
                + " gcs=" + heap.gcCount() + " gc_ms=" + heap.gcMillisSinceReset();
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }

    private static void reply(String text) {
        System.out.println(PREFIX + text);
        System.out.flush();
    }
}
