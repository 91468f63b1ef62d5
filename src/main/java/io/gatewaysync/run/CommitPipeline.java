package io.gatewaysync.run;

import io.gatewaysync.gateway.EmbeddedGateway;
import io.gatewaysync.record.ConcurrentRecordChangeException;
import io.gatewaysync.record.RecordStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
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
 *
 * <p>Listing pages with few writes are held and committed together, in one transaction, up to
 * {@code sync.commit-group-rows} record writes, {@link #GROUP_PAGES} pages or {@link #GROUP_AGE} of pages
 * ({@link SyncRun.HeldPages}): on H2 every commit writes a chunk of the B-tree pages it touched, so the
 * yardstick's 1 % run (ten changed objects a page) wrote 500 chunks of scattered pages, one per listing
 * page. Only with the embedded gateway, and only pages that wrote nothing to the source: a held page's
 * writes are in the same transaction as its records, so a crash loses them together and the next run
 * does them again (a write to the source or a remote gateway happens before its page commits: its record
 * waits as short a time as it can). A later page that lists an object of a held page commits the group
 * first, as it waits for a commit in flight.
 */
final class CommitPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);

    /** Pages held at most; each held page keeps its staged writes and its touched record ids, not its objects. */
    static final int GROUP_PAGES = 16;
    /** How long the first held page waits at most for more pages (a slow source's changes still show soon). */
    static final long GROUP_AGE = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** One thread per run that has a commit under way; idle threads go after a minute. */
    private static final ExecutorService COMMITS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gateway-sync-commit");
        t.setDaemon(true);
        return t;
    });

    private final PageCommitter committer;
    private volatile boolean enabled = true;
    private volatile int groupRows = 256;

    CommitPipeline(PageCommitter committer) {
        this.committer = committer;
    }

    void enabled(boolean value) {
        this.enabled = value;
    }

    /** Record writes up to which listing pages are committed together; 0: every page on its own. */
    void groupRows(int rows) {
        this.groupRows = Math.max(0, rows);
    }

    /** Commits the page, in the background where it may, or holds it for the next ones; the previous commit is waited for first. */
    void commit(PageWork work) {
        SyncRun run = work.run();
        boolean background = enabled && !run.dryRun() && run.listing() != null && work.kind() == PageKind.LISTING;
        if (background && holds(run, work)) {
            run.held.add(work);
            return;
        }
        try {
            awaitInFlight(run);
        } catch (RuntimeException e) {
            work.rolledBack(); // this page will not be committed: what it counted as done did not happen
            throw e;
        }
        Set<String> ids = background ? new HashSet<>(run.held.sourceIds()) : null;
        List<PageWork> group = run.held.take(work);
        if (!background) {
            commitNow(group, false);
            return;
        }
        work.candidates().forEach(c -> ids.add(c.sourceId()));
        run.committingIds = ids;
        run.committing = COMMITS.submit(() -> commitNow(group, true));
    }

    /** Whether the page waits for the next ones: few writes so far, and none of them to the source. */
    private boolean holds(SyncRun run, PageWork work) {
        if (groupRows == 0 || !(run.source().gateway() instanceof EmbeddedGateway) || work.wroteToSource()) {
            return false;
        }
        SyncRun.HeldPages held = run.held;
        return held.rows() + work.stagedRecords() < groupRows && held.size() + 1 < GROUP_PAGES
                && (held.size() == 0 || System.nanoTime() - held.since() < GROUP_AGE);
    }

    /** Whether the page lists an object of a page being committed or held (pages shifted while paged). */
    boolean overlaps(SyncRun run, Iterable<String> sourceIds) {
        Set<String> committing = run.committingIds;
        if (committing.isEmpty() && run.held.size() == 0) {
            return false;
        }
        for (String id : sourceIds) {
            if (committing.contains(id) || run.held.lists(id)) {
                return true;
            }
        }
        return false;
    }

    /** {@code background}: on the commit thread, while the run's own thread goes on with the next page. */
    private void commitNow(List<PageWork> group, boolean background) {
        SyncRun run = group.get(0).run();
        try {
            committer.commit(group);
            for (PageWork work : group) {
                // Only a committed page's unchanged records count as seen: a page that failed or rolled back
                // makes the run incomplete, and its records must not look listed to anything after it.
                run.seen().addAll(work.touches);
                if (run.digest != null) {
                    run.digest.committed(work);
                }
            }
            if (run.digest != null && !background) {
                run.digest.catchUp(run.known); // the run's own thread: at once, nothing piles up
            }
        } catch (RecordStoreException e) {
            group.forEach(PageWork::rolledBack); // nothing of the pages was written: their writes count as failed, not done
            if (!(e.getCause() instanceof ConcurrentRecordChangeException)) {
                throw e;
            }
            // Optimistic locking: someone changed a record of these pages since we read it. Nothing of them
            // was written; their objects are decided again, from fresh records, on the next run.
            run.pageRolledBack("a page was rolled back: " + e.getCause().getMessage());
            LOG.warn("source '{}': {} rolled back, {} objects are retried on the next run, and this run "
                    + "deletes nothing: {}", run.source().name(), group.size() == 1 ? "page" : group.size() + " pages",
                    group.size() == 1 ? "its" : "their", e.getCause().getMessage());
        }
    }

    /**
     * Commits the held pages and waits for the commit under way, if any: what follows sees every page so
     * far. A failure becomes the caller's failure. Interrupted, the commit stays registered, so that
     * {@link #settle} still waits for it before the lease goes.
     */
    void await(SyncRun run) {
        awaitInFlight(run);
        if (run.held.size() > 0) {
            commitNow(run.held.take(null), false);
        }
    }

    /** Waits for the commit under way; when it failed, the held pages are not committed either (as before). */
    private void awaitInFlight(SyncRun run) {
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
            run.held.take(null).forEach(PageWork::rolledBack);
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        done(run);
    }

    /**
     * Like {@link #await}, where the run is ending: waits even when interrupted (the lease must not be
     * released, nor the result published, while a page is still being written), and a failed commit
     * fails the run. Held pages are committed: they were read and decided whole.
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
