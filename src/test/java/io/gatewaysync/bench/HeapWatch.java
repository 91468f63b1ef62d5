package io.gatewaysync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap figures of one phase of the benchmark, from the JVM's own beans:
 * <ul>
 *   <li><b>peak heap</b>: the sum of the heap pools' peak usage since {@link #reset()}
 *       ({@link MemoryPoolMXBean#getPeakUsage()}), i.e. the most the heap held, garbage included;</li>
 *   <li><b>max live</b>: the largest heap usage right after a garbage collection during the phase
 *       (GC notifications), i.e. the high-water mark of live data, which is what must not grow with
 *       the size of the source.</li>
 * </ul>
 */
public final class HeapWatch {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong gcCount = new AtomicLong();
    private long gcMillisAtReset;

    public HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long after = 0;
                    for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        after += usage.getUsed();
                    }
                    // Non-heap pools (metaspace, code cache) are in the map too; subtract them.
                    after -= nonHeap(info);
                    long value = after;
                    maxAfterGc.accumulateAndGet(value, Math::max);
                    gcCount.incrementAndGet();
                }, null, null);
            }
        }
    }

    private long nonHeap(GarbageCollectionNotificationInfo info) {
        long n = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            boolean heap = heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey()));
            if (!heap) {
                n += e.getValue().getUsed();
            }
        }
        return n;
    }

    /** Starts a phase: collects what the last one left, then resets the peaks. */
    public void reset() {
        System.gc();
        try {
            Thread.sleep(200); // let the notification of that GC arrive before the reset
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        maxAfterGc.set(0);
        gcCount.set(0);
        gcMillisAtReset = gcMillis();
    }

    public long peakHeapBytes() {
        return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** Heap after the fullest GC of the phase; 0 when no GC ran during the phase. */
    public long maxLiveBytes() {
        return maxAfterGc.get();
    }

    public long gcCount() {
        return gcCount.get();
    }

    public long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0).sum();
    }

    public long gcMillisSinceReset() {
        return gcMillis() - gcMillisAtReset;
    }

    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }
}
