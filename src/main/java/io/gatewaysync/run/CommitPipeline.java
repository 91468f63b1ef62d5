package io.gatewaysync.run;

import io.gatewaysync.record.ConcurrentRecordChangeException;
import io.gatewaysync.record.RecordStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Commits pages, a listing page in the background while the next page is looked up and decided
 * ({@code sync.pipeline-commits}). At most one commit is in flight per run, so memory stays bounded and
 * pages commit in order. The run waits for it ({@link #await}) before anything that must see its writes:
 * a later page that lists one of its objects, the end of the listing (the sweeps), the end of the run.
 * Sweep batches, one-object syncs and dry runs commit at once.
 */
final class CommitPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);

    /** One thread per run that has a commit under way; idle threads go after a minute. */
    private static final ExecutorService COMMITS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-sync-commit");
        t.setDaemon(true);
        return t;
    });

    private final PageCommitter committer;
    private volatile boolean enabled = true;

    CommitPipeline(PageCommitter committer) {
        this.committer = committer;
    }

    void enabled(boolean value) {
        this.enabled = value;
    }

    /** Commits the page, in the background where it may; the previous page's commit is waited for first. */
    void commit(PageWork work) {
        SyncRun run = work.run();
        try {
            await(run);
        } catch (RuntimeException e) {
            work.rolledBack(); // this page will not be committed: what it counted as done did not happen
            throw e;
        }
        if (!enabled || run.dryRun() || run.listing() == null || work.kind() != PageKind.LISTING) {
            commitNow(work, false);
            return;
        }
        Set<String> ids = new HashSet<>();
        work.candidates().forEach(c -> ids.add(c.sourceId()));
        run.committingIds = ids;
        run.committing = COMMITS.submit(() -> commitNow(work, true));
    }

    /** Whether the page lists an object of the page being committed (pages shifted while paged). */
    boolean overlaps(SyncRun run, Iterable<String> sourceIds) {
        Set<String> committing = run.committingIds;
        if (committing.isEmpty()) {
            return false;
        }
        for (String id : sourceIds) {
            if (committing.contains(id)) {
                return true;
            }
        }
        return false;
    }

    /** {@code background}: on the commit thread, while the run's own thread goes on with the next page. */
    private void commitNow(PageWork work, boolean background) {
        try {
            committer.commit(work);
            // Only a committed page's unchanged records count as seen: a page that failed or rolled back
            // makes the run incomplete, and its records must not look listed to anything after it.
            work.run().seen().addAll(work.touches);
            SyncRun run = work.run();
            if (run.digest != null) {
                run.digest.committed(work);
                if (!background) {
                    run.digest.catchUp(run.known); // the run's own thread: at once, nothing piles up
                }
            }
        } catch (RecordStoreException e) {
            work.rolledBack(); // nothing of the page was written: its writes count as failed, not done
            if (!(e.getCause() instanceof ConcurrentRecordChangeException)) {
                throw e;
            }
            // Optimistic locking: someone changed a record of this page since we read it. Nothing of the
            // page was written; its objects are decided again, from fresh records, on the next run.
            work.run().pageRolledBack("a page was rolled back: " + e.getCause().getMessage());
            LOG.warn("source '{}': page rolled back, its objects are retried on the next run, and this run "
                    + "deletes nothing: {}", work.run().source().name(), e.getCause().getMessage());
        }
    }

    /**
     * Waits for the page commit under way, if any; its failure becomes the caller's failure. Interrupted,
     * the commit stays registered, so that {@link #settle} still waits for it before the lease goes.
     */
    void await(SyncRun run) {
        Future<?> pending = run.committing;
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("source '" + run.source().name() + "': interrupted while a page committed", e);
        } catch (ExecutionException e) {
            done(run);
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        done(run);
    }

    /**
     * Like {@link #await}, where the run is ending: waits even when interrupted (the lease must not be
     * released, nor the result published, while a page is still being written), and a failed commit
     * fails the run.
     */
    void settle(SyncRun run) {
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                await(run);
                break;
            } catch (RuntimeException e) {
                if (e.getCause() instanceof InterruptedException) {
                    interrupted |= Thread.interrupted();
                    continue;
                }
                if (run.failure() == null) {
                    run.failed(e);
                }
                LOG.error("source '{}': run {}: a page commit failed: {}", run.source().name(), run.number(),
                        e.getMessage(), e);
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void done(SyncRun run) {
        run.committing = null;
        run.committingIds = Set.of();
    }
}
