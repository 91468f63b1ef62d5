package io.gatewaysync.bench;

import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourceSettings;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The benchmark's yardstick, run as its own JVM with the engine's heap: read the source's listing
 * with the engine's own {@link SourceClient} (fetch, parse and hash every page, nothing else).
 * {@code java RawRead URL [warmUpPages [pagination]]}: reads {@code warmUpPages} pages first (the JIT compiles
 * the reading path; not reported), then the whole listing, and prints one result line
 * ({@value #PREFIX}{@code phase=raw objects=N pages=P ms=T cpu_ms=C ...}).
 */
public final class RawRead {

    public static final String PREFIX = "@@bench ";

    public static void main(String[] args) throws Exception {
        SourceSettings settings = SourceSettings.of("bench", args[0])
                .withPagination(args.length > 2 ? Pagination.parse(args[2]) : Pagination.NEXT_LINK);
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        read(settings, warmUp);
        HeapWatch heap = new HeapWatch();
        heap.reset();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long[] counts = read(settings, Integer.MAX_VALUE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(PREFIX + String.format(Locale.ROOT,
                "phase=raw objects=%d pages=%d ms=%d cpu_ms=%d peak_heap_mb=%d max_live_mb=%d gc_ms=%d",
                counts[0], counts[1], ms, (cpuNanos() - cpu0) / 1_000_000, mb(heap.peakHeapBytes()),
                mb(heap.maxLiveBytes()), heap.gcMillisSinceReset()));
        System.out.flush();
    }

    /** Objects and pages read. */
    private static long[] read(SourceSettings settings, int maxPages) throws Exception {
        long objects = 0;
        int pages = 0;
        try (SourceClient client = new SourceClient(settings); SourceListing listing = client.listing()) {
            while (pages < maxPages && listing.hasNext()) {
                objects += listing.next().objects().size();
                pages++;
            }
        }
        return new long[] {objects, pages};
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }
}
