package io.gatewaysync.db;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Compaction for an embedded H2 file written with {@code WRITE_DELAY 0}.
 *
 * <p>H2 (MVStore) never overwrites a page: every commit appends a chunk with the pages it changed, and
 * the old copies stay in older chunks until those are rewritten. That rewriting is done by H2's
 * background writer, and {@code SET WRITE_DELAY 0} (every commit on disk at once, see
 * {@code config.Database}) switches the background writer off. Without it the file only grew:
 * ~3.4 KB on disk per object of ~330 bytes after one initial load, 1.7 GB for 500,000 objects, and
 * the next start-up spent seconds in H2 compacting it.
 *
 * <p>This does the background writer's compaction step ({@link MVStore#compact(int, int)}: rewrite the
 * live pages of the emptiest chunks, a bounded amount per tick) on a daemon thread, while commits
 * keep going to disk at once. Chunks emptied this way are reused for new writes once they are older
 * than the retention time ({@link #RETENTION_MS}). H2's own compaction when the database closes is switched
 * off ({@code MAX_COMPACT_TIME=0} in the URL, see {@code config.Database}): after this compaction it
 * took 1.5-3 s of every shutdown on a loaded machine and left the file as large as before.
 */
public final class H2Housekeeping implements AutoCloseable {

    /**
     * Rewrite chunks less full than this (percent). Lower than H2's own 90: during a load most chunks
     * soon hold few live pages, and rewriting the emptiest frees the most space per byte rewritten;
     * at 90 the rewriting cost an initial load about a third more time.
     */
    static final int TARGET_FILL_RATE = 60;
    /** Live bytes rewritten per tick at most. */
    static final int WRITE_LIMIT_BYTES = 4 * 1024 * 1024;
    static final long TICK_MS = 1000;
    /**
     * How long an emptied chunk is kept before its space is reused. H2's default, 45 s, assumes the
     * operating system flushes its write buffers within that time, since H2 itself does not sync; it is
     * longer than a whole initial load, so nothing freed during a run was reused and the file grew by
     * everything written. Here every tick also syncs the file ({@link #TICK_MS}), so a chunk emptied a
     * tick ago is on disk: reusing its space cannot lose anything an OS crash would not lose anyway.
     */
    static final int RETENTION_MS = 2_000;

    /** The compaction thread's name, followed by the file's. */
    static final String THREAD = "h2-housekeeping ";

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final MVStore store;
    private final ScheduledExecutorService timer;
    private long lastSyncedWrites = -1;

    private H2Housekeeping(MVStore store, boolean scheduled) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD + store.getFileStore().getFileName());
            t.setDaemon(true);
            return t;
        });
        if (scheduled) {
            timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts compacting the store behind {@code dataSource}; null when it is not an embedded H2 store. */
    public static H2Housekeeping start(DataSource dataSource) {
        return open(dataSource, true);
    }

    /** {@code scheduled=false}: only {@link #compactNow()} compacts (tests). */
    static H2Housekeeping open(DataSource dataSource, boolean scheduled) {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = store(c);
            if (store == null || store.getFileStore() == null) {
                return null;
            }
            store.setRetentionTime(RETENTION_MS);
            return new H2Housekeeping(store, scheduled);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("H2: no background compaction ({}); the database file will grow with every write", e.getMessage());
            return null;
        }
    }

    static MVStore store(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)
                || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null; // not H2, or H2 over TCP: the server process owns the store
        }
        var database = session.getDatabase();
        return database.getStore() == null ? null : database.getStore().getMvStore();
    }

    private void tick() {
        try {
            if (store.isClosed()) {
                timer.shutdown();
                return;
            }
            compactNow();
            long writes = store.getFileStore().getWriteCount();
            if (writes != lastSyncedWrites) {
                store.getFileStore().sync(); // see RETENTION_MS
                lastSyncedWrites = writes;
            }
        } catch (RuntimeException e) {
            if (store.isClosed()) {
                timer.shutdown();
            } else {
                LOG.debug("H2 compaction step failed: {}", e.getMessage());
            }
        }
    }

    /** One compaction step: whether a chunk was rewritten. */
    boolean compactNow() {
        return store.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES);
    }

    /** Stops compacting (before the database closes). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
