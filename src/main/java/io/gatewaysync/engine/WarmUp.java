package io.gatewaysync.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initialises, on a second core while the main thread configures Camel, the JVM-wide parts that the
 * start-up reaches later on its one thread anyway. Each is a JDK or library singleton set up on first
 * use, so what this thread has finished the engine finds ready, and what it is still doing the engine
 * waits for instead of doing twice. Measured on the main thread of a {@code --once} (JFR, issue 30):
 * the default TLS context of camel-http's connection registry, which loads the JDK's trust store even
 * for an {@code http://} source (~5 %), HttpClient's public-suffix list (~2.5 %), Jackson's and the
 * calendar's locale data that Log4j's first pattern layout and the first ObjectMapper need (~5 %).
 *
 * <p>Deliberately without a logger: the first logger initialises Log4j, which the main thread does
 * at the same moment. A failure here is ignored: the same call fails again where the engine makes it,
 * and is reported there.
 */
public final class WarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private WarmUp() {
    }

    /** Starts the warm-up once per JVM (a daemon thread: it never holds the JVM). */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(WarmUp::run, "gateway-sync-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        // In the order the main thread will need them.
        attempt(() -> java.util.Calendar.getInstance());
        attempt(() -> new com.fasterxml.jackson.databind.ObjectMapper());
        attempt(() -> javax.net.ssl.SSLContext.getDefault());
        attempt(() -> org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader.getDefault());
    }

    private static void attempt(ThrowingRunnable step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            // the engine makes the same call later and reports what fails there
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
