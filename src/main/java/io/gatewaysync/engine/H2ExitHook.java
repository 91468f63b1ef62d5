package io.gatewaysync.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2 closes every database it has open in a JVM shutdown hook of its own ({@code DB_CLOSE_ON_EXIT}).
 * On SIGTERM that hook runs at the same moment as the engine's graceful stop (ops/GracefulStop), so the
 * run that is stopping would find its database closed under its last page commit and its lease release.
 * {@code DB_CLOSE_ON_EXIT=FALSE} cannot be combined with {@code AUTO_SERVER=TRUE} (the default URL), so
 * the hook is taken out here; the engine closes its pool when it stops (which closes the database),
 * and every commit is already on disk ({@code SET WRITE_DELAY 0}). Without it (a later H2 that renames
 * the hook) a graceful stop on H2 may end FAILED instead of PARTIAL; nothing is lost either way.
 */
final class H2ExitHook {

    private static final Logger LOG = LoggerFactory.getLogger(H2ExitHook.class);

    private H2ExitHook() {
    }

    static void remove(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return;
        }
        try {
            java.lang.reflect.Field field = Class.forName("org.h2.engine.OnExitDatabaseCloser").getDeclaredField("INSTANCE");
            field.setAccessible(true);
            Runtime.getRuntime().removeShutdownHook((Thread) field.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("H2's shutdown hook stays: {}", e.toString());
        }
    }
}
