package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.sync.RunSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of one run of one source, carried through the route as the exchange property
 * {@code syncRun}. The route's loops ask it whether there is more to do.
 */
public final class SyncRun {

    private static final int PLANNED_PER_SCENARIO = 5;

    private final SyncSource source;
    private final long number;
    private final String owner;
    private final Instant started = Instant.now();
    private final boolean dryRun;
    /** What started the run (the history row's trigger); set by whoever begins it. */
    volatile RunTrigger trigger = RunTrigger.SCHEDULE;
    private final RunSummary summary;
    private final Map<io.gatewaysync.sync.Scenario, List<String>> planned =
            Collections.synchronizedMap(new EnumMap<>(io.gatewaysync.sync.Scenario.class));

    private SourceListing listing;
    private volatile boolean listingComplete;
    private volatile String listingError;
    /** Set once by {@link #stop}: the engine is stopping. */
    private boolean stopping;
    /** A page whose commit was rolled back (a record changed behind our back): the run is incomplete. */
    private volatile String pageError;
    private volatile Throwable failure;
    private volatile Long totalCount;
    /**
     * The listing carried an object without a usable id: that object could be any record's, so no
     * record may be taken as gone from the source in this run.
     */
    private volatile boolean unidentified;

    /** Dry runs write no seen-marks, so they remember the listed ids (memory grows; dry runs only). */
    final Set<String> dryRunSeen = ConcurrentHashMap.newKeySet();
    /** The previous listing page's commit, under way in the background (pipelined), or null. */
    volatile java.util.concurrent.Future<?> committing;
    /** The source ids of the page being committed: a later page that lists one of them waits for it. */
    volatile Set<String> committingIds = Set.of();
    /** Listing pages with few writes, waiting to be committed together ({@link CommitPipeline}). */
    final HeldPages held = new HeldPages();
    /** Records found unchanged on a committed listing page (they get no seen mark in the database). */
    private final SeenRecords seen = new SeenRecords();
    final Set<PageKind> exhausted = EnumSet.noneOf(PageKind.class);
    long unseenCursor;
    /**
     * The largest record id (of any source) when the run began: a record of this source with a larger id
     * was made after that, by this run (listed) or by a writer during it (not listed yet), so the
     * gone-from-source sweep walks only up to here. After an initial load it walks nothing: the walk of a
     * new source's 500,000 seen marks was ~2 s of the yardstick's initial load, after the listing.
     */
    long sweepBound = Long.MAX_VALUE;
    /** Set when the source had no record as the run began: the ids listed so far (run/FirstListing). */
    FirstListing firstListing;
    long deferredCursor;
    Iterator<List<GatewayState>> unrecorded;
    /** The source's quiet records, read at the first listing page (run/KnownRecords); null: none or done. */
    KnownRecords known;
    boolean knownTried;
    /** The source's quiet digest, taken as the run began (null: dry run, one-object sync, none kept). */
    QuietDigest digest;

    /**
     * The run took (cleared) its source's digest as it began: its own writes raise no change stamp of its
     * source. A run that could not, and every one-object sync, writes like anyone else.
     */
    boolean ownRun;

    boolean ownRun() {
        return ownRun;
    }
    /** Open create-in-source intents, read at the first listing page (two-way only). */
    WriteIntents.SourceCreates sourceCreates;
    /** Unrecorded remote gateway objects, read once when a run meets an open remote-create intent. */
    WriteIntents.RemoteOrphans remoteOrphans;
    Instant lastProgress = Instant.now();
    /** The source's mappings changed since its last clean complete run: every listed object is delivered again. */
    volatile boolean remap;
    /** This run lists completely (else incrementally: no gone-from-source sweep). */
    volatile boolean full = true;
    /** What the run's modes were decided from (read at its start). */
    io.gatewaysync.record.SourceRunStore.RunMarks marks = io.gatewaysync.record.SourceRunStore.RunMarks.NONE;
    /** Incremental runs: cursor of the sweep over records whose gateway object changed. */
    long changedCursor;
    /** Renews the run's lease in the background while the run goes on. */
    java.util.concurrent.ScheduledFuture<?> heartbeat;
    /** Set when a renewal found the lease taken by another engine (ours had expired). */
    volatile boolean leaseLost;

    SyncRun(SyncSource source, long number, String owner, boolean dryRun) {
        this.source = source;
        this.number = number;
        this.owner = owner;
        this.dryRun = dryRun;
        this.summary = new RunSummary(source.name());
    }

    SeenRecords seen() {
        return seen;
    }

    public SyncSource source() {
        return source;
    }

    public long number() {
        return number;
    }

    public String owner() {
        return owner;
    }

    public Instant started() {
        return started;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public RunSummary summary() {
        return summary;
    }

    void listing(SourceListing listing) {
        this.listing = listing;
    }

    SourceListing listing() {
        return listing;
    }

    /** The listing loop's condition: more pages, and nothing went wrong so far. */
    public boolean hasNextPage() {
        return listing != null && listingError == null && failure == null && listing.hasNext();
    }

    void listingEnded() {
        if (listingError == null && failure == null) {
            listingComplete = true;
        }
    }

    /** An object without an id was listed: no "gone from source" sweep in this run. */
    void unidentifiedObject() {
        unidentified = true;
    }

    /** True only when every page was read: the precondition of every delete. */
    public boolean listingComplete() {
        return listingComplete && listingError == null && pageError == null && failure == null;
    }

    /**
     * A page could not be committed because another writer changed one of its records since they were
     * read. The page was rolled back; the listing goes on, but the run no longer counts as complete:
     * the objects of that page were not marked seen, so no sweep may treat them as gone.
     */
    void pageRolledBack(String error) {
        if (pageError == null) {
            pageError = error;
        }
    }

    /**
     * The engine is stopping: the listing loop ends at the next page boundary (the page in hand is
     * processed and its commit finished), and so do the sweeps; the run ends PARTIAL, so nothing more is
     * deleted on its strength. Returns false when the run was already asked to stop.
     */
    public synchronized boolean stop(String why) {
        if (stopping) {
            return false;
        }
        stopping = true;
        if (listingError == null) {
            listingError = why;
        }
        return true;
    }

    void listingFailed(String error) {
        this.listingError = error;
        this.listingComplete = false;
    }

    public String listingError() {
        return listingError;
    }

    void failed(Throwable failure) {
        this.failure = failure;
    }

    public Throwable failure() {
        return failure;
    }

    Long totalCount() {
        return totalCount;
    }

    void totalCount(Long total) {
        if (total != null) {
            this.totalCount = total;
        }
    }

    void plan(io.gatewaysync.sync.Scenario scenario, String line) {
        List<String> lines = planned.computeIfAbsent(scenario, s -> Collections.synchronizedList(new ArrayList<>()));
        if (lines.size() < PLANNED_PER_SCENARIO) {
            lines.add(line);
        }
    }

    public List<String> plannedActions() {
        List<String> all = new ArrayList<>();
        synchronized (planned) {
            planned.values().forEach(all::addAll);
        }
        return all;
    }

    /** The sweep loops' condition: this kind of sweep applies to the run and is not exhausted yet. */
    public boolean hasMore(String kind) {
        PageKind k = PageKind.valueOf(kind);
        boolean applies = switch (k) {
            case GONE_FROM_SOURCE -> !unidentified; // incremental: only failed records, confirmed one by one (Sweeps)
            case GATEWAY_ONLY, DEFERRED -> source.definition().policy().twoWay();
            case LISTING -> false;
        };
        return applies && failure == null && listingComplete() && !exhausted.contains(k);
    }

    public RunStatus status() {
        if (failure != null) {
            return RunStatus.FAILED;
        }
        if (listingError != null || pageError != null || !listingComplete) {
            return RunStatus.PARTIAL;
        }
        return RunStatus.OK;
    }

    public Duration elapsed() {
        return Duration.between(started, Instant.now());
    }

    RunResult result() {
        Instant ended = Instant.now();
        String error = failure != null ? String.valueOf(failure.getMessage())
                : listingError != null ? listingError : pageError;
        return new RunResult(source.name(), number, status(), started, ended, Duration.between(started, ended).toMillis(),
                summary.created(), summary.updated(), summary.deleted(), summary.unchanged(), summary.conflicts(),
                summary.pushed(), summary.failed(), summary.seen(), summary.pages(), error, dryRun,
                dryRun ? plannedActions() : List.of(), full ? RunResult.FULL : RunResult.INCREMENTAL, trigger,
                summary.blocked());
    }

    /**
     * The result of a one-object sync ({@link ObjectSync}): its counters, FAILED when the object failed,
     * and what happened to it as the message.
     */
    RunResult singleResult(boolean failed, String answer) {
        RunResult r = result();
        return new RunResult(r.source(), r.number(), failed ? RunStatus.FAILED : RunStatus.OK, r.started(), r.ended(),
                r.durationMs(), r.created(), r.updated(), r.deleted(), r.unchanged(), r.conflicts(), r.pushed(),
                r.failed(), r.seen(), r.pages(), failed ? answer : null, r.dryRun(), r.plannedActions(), "object", trigger,
                r.blocked());
    }

    /**
     * Listing pages decided and waiting to be committed together, on the run's own thread only. A held page
     * keeps its staged writes and the ids it touched; its objects go (a group is bounded in pages, not in
     * what they listed).
     */
    static final class HeldPages {

        private final List<PageWork> pages = new ArrayList<>();
        private final Set<String> sourceIds = new HashSet<>();
        private int rows;
        private long since;

        void add(PageWork work) {
            if (pages.isEmpty()) {
                since = System.nanoTime();
            }
            pages.add(work);
            work.candidates().forEach(c -> sourceIds.add(c.sourceId()));
            rows += work.stagedRecords();
            work.releaseCandidates();
        }

        int size() {
            return pages.size();
        }

        /** Record writes staged by the held pages. */
        int rows() {
            return rows;
        }

        /** When the first held page was held ({@link System#nanoTime}). */
        long since() {
            return since;
        }

        boolean lists(String sourceId) {
            return sourceIds.contains(sourceId);
        }

        Set<String> sourceIds() {
            return sourceIds;
        }

        /** The held pages and then {@code next} (when not null), in order; none is held any more. */
        List<PageWork> take(PageWork next) {
            List<PageWork> group = new ArrayList<>(pages);
            if (next != null) {
                group.add(next);
            }
            pages.clear();
            sourceIds.clear();
            rows = 0;
            return group;
        }
    }
}
