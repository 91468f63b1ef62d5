package io.gatewaysync.engine;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The database opened on a thread of its own while Camel reads its configuration and parses the route
 * files, so that the two overlap on a machine with a second core: opening H2 (its file, its
 * {@code AUTO_SERVER} TCP server, the schema check) was ~15 % of a {@code --once}'s main thread before
 * the first request (JFR, issue 30), and the route files' YAML takes about as long just before the
 * engine's beans are made. {@link GatewaySyncConfiguration} takes the pool when it makes the beans, if
 * the settings it resolves then are the ones the opening used (otherwise it closes it and opens the
 * database itself, as without an opening); a failure to open surfaces there, with the same message.
 * A start that fails before that closes the pool ({@link #abandon}): an H2 left open keeps its lock file.
 */
final class DatabaseOpening {

    static final String BEAN = "gatewaySyncDatabaseOpening";

    private final Database.Settings settings;
    private final CompletableFuture<HikariDataSource> pool = new CompletableFuture<>();

    private DatabaseOpening(Database.Settings settings) {
        this.settings = settings;
    }

    /** Starts opening the database of {@code settings} for {@code context}. */
    static void start(CamelContext context, Database.Settings settings) {
        DatabaseOpening opening = new DatabaseOpening(settings);
        context.getRegistry().bind(BEAN, DatabaseOpening.class, opening);
        Thread thread = new Thread(() -> {
            try {
                opening.pool.complete(Database.open(settings));
            } catch (Throwable e) {
                opening.pool.completeExceptionally(e);
            }
        }, "gateway-sync-database-open");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The pool opened for {@code context} with exactly {@code wanted}, once it is open (a failure to open
     * is thrown as it was); {@code null} when none was started or it was for other settings (closed then).
     */
    static HikariDataSource take(CamelContext context, Database.Settings wanted) {
        DatabaseOpening opening = remove(context);
        if (opening == null) {
            return null;
        }
        if (!opening.settings.equals(wanted)) {
            opening.close();
            return null;
        }
        try {
            return opening.pool.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A start that failed before the engine took its database: the pool is closed once it is open. */
    static void abandon(CamelContext context) {
        DatabaseOpening opening = remove(context);
        if (opening != null) {
            opening.close();
        }
    }

    private static DatabaseOpening remove(CamelContext context) {
        if (context == null) {
            return null;
        }
        DatabaseOpening opening = context.getRegistry().lookupByNameAndType(BEAN, DatabaseOpening.class);
        if (opening != null) {
            context.getRegistry().unbind(BEAN);
        }
        return opening;
    }

    private void close() {
        try {
            Engine.closeDatabase(pool.join());
        } catch (CompletionException e) {
            // it did not open: nothing to close
        }
    }
}
