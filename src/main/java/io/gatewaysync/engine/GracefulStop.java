package io.gatewaysync.engine;

import io.gatewaysync.run.SourceCatalog;
import io.gatewaysync.run.SyncRun;
import io.gatewaysync.run.SyncSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stopping in the middle of a run (SIGTERM, Ctrl-C, {@code docker compose restart}, a stop): every run in
 * progress is asked to stop at its next page boundary ({@link SyncRun#stop}); it finishes the page commit
 * in flight, ends PARTIAL without sweeps, logs (and for --once prints) its summary line and releases its
 * lease, within {@code camel.main.shutdown-timeout}. No new run starts.
 * <ul>
 *   <li>Continuous mode: Camel Main's own SIGTERM hook stops the context; when it starts stopping, this
 *       asks the runs to stop, and Camel's shutdown strategy waits for them (its in-flight exchanges).</li>
 *   <li>{@code --once}: there is no Camel hook; a JVM shutdown hook asks the runs to stop and holds the
 *       JVM until the command line has printed the summary lines and stopped the engine.</li>
 * </ul>
 */
public final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    static final String WHY = "the engine is stopping (the listing was not finished; nothing was deleted)";

    private final CountDownLatch done = new CountDownLatch(1);
    private Thread hook;

    private GracefulStop() {
    }

    /** Continuous mode and every engine: runs stop at a page boundary once the context begins to stop. */
    public static void onContextStop(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event.getType() == CamelEvent.Type.CamelContextStopping) {
                    stopRuns(context);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event.getType() == CamelEvent.Type.CamelContextStopping;
            }
        });
    }

    /**
     * Holds the JVM on SIGTERM until {@link #done}: the runs are asked to stop, and the command line
     * prints the summary lines (--once) or Camel Main finishes stopping the engine (continuous mode,
     * whose own hook only signals the main thread and returns), at most the shutdown timeout.
     */
    public static GracefulStop holdJvm(java.util.function.Supplier<CamelContext> engine) {
        GracefulStop stop = new GracefulStop();
        stop.hook = new Thread(() -> {
            CamelContext context = engine.get();
            long seconds = context == null ? 30 : context.getShutdownStrategy().getTimeout();
            if (context != null) {
                stopRuns(context);
            }
            try {
                if (!stop.done.await(Math.max(1, seconds) + 5, TimeUnit.SECONDS)) {
                    LOG.warn("the engine did not stop within camel.main.shutdown-timeout ({} s); exiting", seconds);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gateway-sync-stop");
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /**
     * The command line has printed its lines and stopped the engine: the JVM may exit.
     *
     * @return true when the JVM is already exiting (a signal ran the hooks): its status is the signal's
     */
    public boolean done() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true; // the hook is running: it returns now that done is counted down
        }
    }

    static void stopRuns(CamelContext context) {
        SourceCatalog catalog = context.getRegistry().lookupByNameAndType("sourceCatalog", SourceCatalog.class);
        if (catalog == null) {
            return;
        }
        for (String name : catalog.names()) {
            SyncSource source = catalog.get(name);
            source.paused(true); // no new run starts while the engine stops
            SyncRun run = source.currentRun();
            if (run != null && run.stop(WHY)) {
                LOG.info("source '{}': stopping run {} at the next page boundary (the engine is stopping)", name,
                        run.number());
            }
        }
    }
}
