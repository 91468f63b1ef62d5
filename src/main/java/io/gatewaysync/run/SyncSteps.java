package io.gatewaysync.run;

import io.gatewaysync.gateway.EmbeddedGateway;
import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.LeaseHolder;
import io.gatewaysync.record.SourceRunStore;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.source.RejectedObject;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourcePage;
import io.gatewaysync.sync.Outcome;
import io.gatewaysync.sync.RunStatus;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The steps of the {@code gateway-sync} route template that frame a run: begin (take the lease),
 * read the listing page by page, look up records and gateway objects for a page, commit it, and
 * finish (publish the result). Each method is one step of the route; the route decides the order.
 */
public class SyncSteps {

    public static final String RUN = "syncRun";
    public static final String PAGE = "pageWork";

    private static final Logger LOG = LoggerFactory.getLogger(SyncSteps.class);

    private final SourceCatalog catalog;
    private final SyncRecordStore records;
    private final SourceRunStore runs;
    private final RunRegistry registry;
    private final CommitPipeline commits;
    private final RunModes modes;
    private final String owner;
    private final Duration lease;
    private final Duration progressEvery;
    private volatile boolean quietProgress;
    private volatile boolean dryRun;
    /** Memory for a run's {@link KnownRecords} ({@code sync.known-records-mb}); 0: none, every page is looked up. */
    private volatile long knownRecordsBudget = Runtime.getRuntime().maxMemory() / 8;
    /** Per source: one-object syncs (syncObject, notifications) of this engine under way, holding its lease. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> singles =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Sources whose run waits for those to end: no new one-object sync starts meanwhile. */
    private final Set<String> runsWaiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long a run waits for this engine's one-object syncs of its source before it is skipped. */
    private static final Duration WAIT_FOR_SINGLES = Duration.ofSeconds(10);

    public SyncSteps(SourceCatalog catalog, SyncRecordStore records, SourceRunStore runs, RunRegistry registry,
                     PageCommitter committer, String owner, Duration lease, Duration progressEvery) {
        this.catalog = catalog;
        this.records = records;
        this.runs = runs;
        this.registry = registry;
        this.commits = new CommitPipeline(committer);
        this.modes = new RunModes(runs);
        this.owner = owner;
        this.lease = lease;
        this.progressEvery = progressEvery;
    }

    /** Whether a listing page commits in the background while the next is processed ({@code sync.pipeline-commits}). */
    public void pipelineCommits(boolean value) {
        commits.enabled(value);
    }

    /** Record writes up to which listing pages commit together ({@code sync.commit-group-rows}; 0: each on its own). */
    public void commitGroupRows(int rows) {
        commits.groupRows(rows);
    }

    /** Bytes a run may hold its source's quiet records in ({@link KnownRecords}); 0 turns them off. */
    public void knownRecordsBudget(long bytes) {
        this.knownRecordsBudget = bytes;
    }

    /** Where the sources' quiet digests are kept ({@link QuietDigest}); null: nowhere (then runs raise stamps). */
    private volatile io.gatewaysync.record.QuietDigestStore digests;
    /** Whether runs use and store digests ({@code sync.quiet-digest}); they take (clear) them either way. */
    private volatile boolean keepDigests;

    public void quietDigests(io.gatewaysync.record.QuietDigestStore store, boolean keep) {
        this.digests = store;
        this.keepDigests = keep;
    }

    /** Dry run: decide everything, write nothing (set by {@code --dry-run}). */
    public void dryRun(boolean value) {
        this.dryRun = value;
    }

    /** Starts a run unless the source is paused or another engine holds its lease. */
    public void begin(Exchange exchange, String sourceName) {
        SyncSource source = catalog.get(sourceName);
        exchange.removeProperty(RUN);
        RunTrigger trigger = RunTrigger.of(exchange.getMessage().getHeader(RunTrigger.MERGED_JOB_DATA));
        if (source.paused()) {
            skipped(source, "paused", trigger);
            return;
        }
        SourceRunStore.Attempt attempt = dryRun ? null : runs.take(sourceName, owner, lease, Instant.now());
        OptionalLong number = dryRun ? OptionalLong.of(Long.MAX_VALUE) : attempt.run();
        if (number.isEmpty()) {
            number = afterSingles(sourceName, attempt.holder());
        }
        if (number.isEmpty()) {
            skipped(source, "another engine is running it"
                    + (attempt.holder() == null ? "" : ": the run lease is " + attempt.holder().describe()), trigger);
            return;
        }
        SyncRun run = new SyncRun(source, number.getAsLong(), owner, dryRun);
        run.trigger = trigger;
        run.sweepBound = records.largestId(); // before this run makes any record
        if (!records.hasRecords(sourceName)) {
            run.firstListing = new FirstListing();
        }
        if (!dryRun) {
            takeDigest(run);
            long period = Math.max(100, lease.toMillis() / 3);
            run.heartbeat = HEARTBEAT.scheduleAtFixedRate(() -> renewLease(run), period, period, TimeUnit.MILLISECONDS);
        }
        source.started(run);
        exchange.setProperty(RUN, run);
        LOG.info("source '{}': run {} started{}", sourceName, run.number(), dryRun ? " (dry run)" : "");
        run.listing(modes.open(run)); // complete or incremental (RunModes)
    }

    /**
     * Takes the source's quiet digest before the run writes anything. Taking it clears it, so the run's own
     * writes need raise no stamp: there is nothing left for them to make untrue. Where digests are used
     * (embedded gateway, known records on, {@code sync.quiet-digest}) the run keeps the digest it took true
     * and stores it at its end. A run that could not take it writes like anyone else: it raises its
     * source's change stamp, so that the digest left behind never holds again.
     */
    private void takeDigest(SyncRun run) {
        if (digests == null) {
            return;
        }
        Gateway gateway = run.source().gateway();
        boolean embedded = gateway instanceof EmbeddedGateway;
        try {
            String schema = embedded ? gateway.schema() : "";
            io.gatewaysync.record.QuietDigestStore.Taken taken = digests.take(run.source().name(), schema);
            run.ownRun = true;
            if (keepDigests && knownRecordsBudget > 0 && embedded) {
                run.digest = new QuietDigest(digests, run.source().name(), schema, taken);
            }
        } catch (RuntimeException e) {
            LOG.warn("source '{}': the quiet digest could not be taken ({}); this run reads the records",
                    run.source().name(), e.getMessage());
        }
    }

    /**
     * The lease is held by a one-object sync of this engine (e.g. a stream of notifications): the run
     * waits for it instead of being skipped, and no further one-object sync of the source starts while
     * it waits (they wait for the run instead).
     */
    private OptionalLong afterSingles(String sourceName, LeaseHolder holder) {
        java.util.concurrent.atomic.AtomicInteger active = singles.get(sourceName);
        if (active == null || active.get() == 0) {
            // The one-object sync that held the lease when the run asked may have let go of it since:
            // one more try, so that the run is not skipped for a lease that is free by now.
            boolean ourSingle = holder != null && (owner + "/object").equals(holder.owner());
            return ourSingle ? runs.begin(sourceName, owner, lease, Instant.now()) : OptionalLong.empty();
        }
        runsWaiting.add(sourceName);
        try {
            Instant until = Instant.now().plus(WAIT_FOR_SINGLES);
            while (active.get() > 0 && Instant.now().isBefore(until)) {
                Thread.sleep(20);
            }
            return runs.begin(sourceName, owner, lease, Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } finally {
            runsWaiting.remove(sourceName);
        }
    }

    /** The next page of the listing (the fetch of the page after it is already under way). */
    public SourcePage nextPage(@ExchangeProperty(RUN) SyncRun run) {
        SourceListing listing = run.listing();
        SourcePage page = listing.next();
        run.totalCount(page.totalCount());
        keepLease(run);
        return page;
    }

    /** Listing over without error: the only state in which the sweeps may run. */
    public void listingDone(@ExchangeProperty(RUN) SyncRun run) {
        if (run.digest == null) {
            run.known = null; // only listing pages use it (and the digest, which the run stores at its end)
        }
        commits.await(run); // the sweeps must see every listed page committed
        run.listingEnded();
    }

    public void listingFailed(@ExchangeProperty(RUN) SyncRun run, Exception error) {
        if (run.digest == null) {
            run.known = null;
        }
        commits.settle(run);
        run.listingFailed(error.getMessage());
        LOG.error("source '{}': listing incomplete, no deletes in this run: {}", run.source().name(), error.getMessage());
    }

    public void runFailed(@ExchangeProperty(RUN) SyncRun run, Exception error) {
        run.failed(error);
        LOG.error("source '{}': run {} failed: {}", run.source().name(), run.number(), error.getMessage(), error);
    }

    /** Turns a listing page into candidates; objects without an id and duplicate ids count as failed. */
    public PageWork listingPage(@ExchangeProperty(RUN) SyncRun run, SourcePage page) {
        String name = run.source().name();
        for (RejectedObject rejected : page.rejected()) {
            run.summary().count(Outcome.FAILED);
            LOG.warn("source '{}': {} element {}: {}", name, page.uri(), rejected.index(), rejected.reason());
            run.unidentifiedObject(); // it may be any record's object: nothing is gone from the source this run
        }
        Set<String> ids = new HashSet<>();
        List<Candidate> candidates = new ArrayList<>(page.objects().size());
        page.objects().forEach(object -> {
            if (ids.add(object.id())) {
                candidates.add(Candidate.fromSource(object));
                if (run.dryRun()) {
                    run.dryRunSeen.add(object.id());
                }
            } else {
                run.summary().count(Outcome.FAILED);
                LOG.warn("source '{}': {}: id {} appears twice on the page; the second is ignored", name, page.uri(),
                        object.id());
            }
        });
        run.summary().page();
        run.summary().seen(page.objects().size() + page.rejected().size());
        progress(run);
        return new PageWork(run, PageKind.LISTING, candidates);
    }

    /**
     * Before the record look-up, which the route template runs as a camel-jdbc {@code enrich}: waits for
     * an overlapping commit, then sets the look-up's bound parameters (header {@code CamelJdbcParameters}:
     * source, the page's ids, the embedded gateway's schema or null). Nothing for a sweep batch, whose
     * candidates come with their records.
     */
    public void recordLookUp(@ExchangeProperty(PAGE) PageWork work, Exchange exchange) {
        if (work.kind() != PageKind.LISTING) {
            return;
        }
        // The pages of a listing go through the route on one exchange (a loop): the rows an earlier page's
        // look-up left must not answer for this page when it asks nothing.
        exchange.removeVariable("records");
        List<String> ids = new ArrayList<>();
        List<Candidate> changed = new ArrayList<>();
        unknown(work, ids, changed);
        if (ids.isEmpty() && changed.isEmpty()) {
            return; // every object of the page is known unchanged: no query
        }
        List<String> reading = new ArrayList<>(ids);
        changed.forEach(c -> reading.add(c.sourceId()));
        if (commits.overlaps(work.run(), reading)) {
            commits.await(work.run()); // listed again (pages shifted): read the record as that commit leaves it
        }
        if (!changed.isEmpty()) {
            // Known quiet records whose object changed: the look-up's few columns would only tell that they
            // change, so their whole records are read at once (one query), and they skip the look-up.
            FullRecords.read(work, changed, records);
        }
        if (ids.isEmpty()) {
            return; // a page whose changed objects were all known: no look-up
        }
        Gateway gateway = work.run().source().gateway();
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("source", work.run().source().name());
        parameters.put("ids", ids.toArray(new String[0]));
        // Records and the embedded gateway objects they point at in one join; lookUpGateway then only
        // asks for objects the join did not find (none on a quiet page). A remote gateway: no schema.
        parameters.put("schema", gateway instanceof EmbeddedGateway ? gateway.schema() : null);
        exchange.getMessage().setHeader("CamelJdbcParameters", parameters);
    }

    /**
     * Sorts a listing page's objects by what the run's {@link KnownRecords} know: those known unchanged are
     * decided here (partial record: id, source id, hash); those of a known quiet record with another hash
     * (the object changed at the source) go to {@code changed}; the source ids of all others (new objects,
     * records that are not quiet or did not fit) to {@code ids}, for the page look-up.
     */
    private void unknown(PageWork work, List<String> ids, List<Candidate> changed) {
        SyncRun run = work.run();
        if (!run.knownTried) {
            run.knownTried = true;
            Gateway gateway = run.source().gateway();
            long t0 = System.nanoTime();
            if (run.digest != null) {
                run.known = run.digest.known(records, knownRecordsBudget, run.remap);
            } else if (!run.dryRun() && !run.remap && knownRecordsBudget > 0 && gateway instanceof EmbeddedGateway) {
                run.known = KnownRecords.load(records, run.source().name(), gateway.schema(), knownRecordsBudget);
            }
            if (run.known != null) {
                LOG.debug("source '{}': {} quiet records known ({} KB{}) in {} ms", run.source().name(),
                        run.known.size(), run.known.bytes() / 1024, run.known.complete() ? "" : ", budget spent",
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
        KnownRecords known = run.known;
        if (run.digest != null) {
            run.digest.catchUp(known); // what the pages before committed, before this page is decided
        }
        FirstListing first = run.firstListing;
        for (Candidate c : work.candidates()) {
            boolean firstTime = first != null && !first.listedBefore(c.sourceId());
            long recordId = known == null || run.remap ? -1 : known.unchanged(c.sourceId(), c.sourceObject().hash());
            if (recordId >= 0) {
                c.knownUnchanged(SyncRecord.partial(recordId, run.source().name(), c.sourceId(), null,
                        c.sourceObject().hash(), null, false, null, null));
            } else if (known != null && known.forget(c.sourceId())) {
                changed.add(c); // decided from the database, and maybe written: no longer known
            } else if (!firstTime) {
                ids.add(c.sourceId()); // not listed for the first time in a first load: it may have a record
            }
        }
    }

    /**
     * The records of a listing page, from the rows of the camel-jdbc look-up (variable {@code records}):
     * partial records, enough to find an object unchanged ({@link FullRecords} reads the others whole).
     */
    public void lookUpRecords(@ExchangeProperty(PAGE) PageWork work,
                              @org.apache.camel.Variable("records") List<Map<String, Object>> rows) {
        if (work.kind() != PageKind.LISTING) {
            return;
        }
        boolean embedded = work.run().source().gateway() instanceof EmbeddedGateway;
        Map<String, SyncRecordStore.WithEmbedded> found = SyncRecordStore.fromLookUpRows(work.run().source().name(), rows);
        for (Candidate c : work.candidates()) {
            if (c.knownUnchanged() || c.wholeRecordRead()) {
                continue;
            }
            SyncRecordStore.WithEmbedded f = found.get(c.sourceId());
            if (f == null) {
                c.record(null);
                continue;
            }
            c.partialRecord(f.record());
            if (embedded && f.gatewayHash() != null && f.record().gatewayId() != null) {
                // Hash only: the change date matters to a conflict, and a conflict reads the whole record.
                c.gateway(new GatewayState(f.record().gatewayId(), f.gatewayHash(), null, null));
            }
        }
        adoptSourceCreates(work);
    }

    /**
     * A listed object without a record may be what the POST of an earlier, interrupted run created
     * ({@link WriteIntents}): then that intent's record adopts it instead of a second copy being made.
     */
    private void adoptSourceCreates(PageWork work) {
        SyncRun run = work.run();
        if (!run.source().definition().policy().twoWay()) {
            return;
        }
        if (run.sourceCreates == null) {
            run.sourceCreates = WriteIntents.SourceCreates.load(records, run.source().gateway(), run.source().name(),
                    run.source().definition().settings().ids().single());
        }
        if (run.sourceCreates.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        for (Candidate c : work.candidates()) {
            if (c.record() == null) {
                run.sourceCreates.match(c.sourceObject()).ifPresent(intent -> {
                    LOG.info("source '{}': object {} is what an interrupted create in the source made (intent {}); "
                            + "adopted, not created again", run.source().name(), c.sourceId(), intent.pendingToken());
                    c.reconciled(intent.reconciled(c.sourceId(), intent.gatewayId(), c.sourceObject().hash(),
                            intent.gatewayHash(), run.number(), now));
                });
            }
        }
    }

    /** Enrich: the gateway objects the records point at, one query (or one bounded batch of requests). */
    public void lookUpGateway(@ExchangeProperty(PAGE) PageWork work) {
        lookUpGatewayStates(work);
    }

    /**
     * The whole records of a listing page's objects that are not unchanged: one bound query, none on a
     * quiet page ({@link FullRecords}). Then interrupted remote creates are reconciled, from whole records.
     */
    public void completeRecords(@ExchangeProperty(PAGE) PageWork work) {
        if (work.kind() == PageKind.LISTING) {
            FullRecords.complete(work, records);
        }
        adoptRemoteCreates(work);
    }

    private void lookUpGatewayStates(PageWork work) {
        List<String> ids = new ArrayList<>();
        for (Candidate c : work.candidates()) {
            if (c.gateway() == null && c.record() != null && c.record().gatewayId() != null && !c.knownUnchanged()) {
                ids.add(c.record().gatewayId());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Map<String, GatewayState> found = work.run().source().gateway().states(ids);
        for (Candidate c : work.candidates()) {
            if (c.gateway() == null && c.record() != null && c.record().gatewayId() != null) {
                c.gateway(found.get(c.record().gatewayId()));
            }
        }
    }

    /**
     * A record with an open remote-create intent ({@link WriteIntents}). If the object it points at
     * exists (a re-create by PUT went through), the intent is simply closed. Otherwise the object its
     * interrupted call created, if any, is a remote object that no record points to, with the content
     * that was sent: found, it is adopted; not found, the create is made again.
     */
    private void adoptRemoteCreates(PageWork work) {
        SyncRun run = work.run();
        if (run.source().gateway().transactional()) {
            return;
        }
        Instant now = Instant.now();
        for (Candidate c : work.candidates()) {
            SyncRecord r = c.record();
            if (r == null || !r.openIntent(SyncRecordStore.CREATE_IN_GATEWAY)) {
                continue;
            }
            long seen = c.onSource() ? run.number() : r.lastSeenRun();
            if (c.gateway() != null) {
                // The re-create under the old id took effect if the object there holds what was sent.
                boolean ours = r.pendingHash() != null && r.pendingHash().equals(c.gateway().hash());
                c.reconciled(r.reconciled(r.sourceId(), r.gatewayId(), ours ? r.pendingHash() : r.sourceHash(),
                        ours ? r.pendingHash() : r.gatewayHash(), seen, now));
                continue;
            }
            if (run.remoteOrphans == null) {
                commits.await(run); // orphans are remote objects no record points to: all records must be in
                run.remoteOrphans = WriteIntents.RemoteOrphans.scan(run.source().gateway(), records,
                        run.source().name(), 100);
            }
            run.remoteOrphans.take(r.pendingHash()).ifPresent(state -> {
                LOG.info("source '{}': remote object {} is what an interrupted create of object {} made (intent {}); "
                        + "adopted, not created again", run.source().name(), state.id(), r.sourceId(), r.pendingToken());
                c.reconciled(r.reconciled(r.sourceId(), state.id(), r.pendingHash(), state.hash(), seen, now));
                c.gateway(state);
            });
        }
    }

    /** The page's staged writes, in one transaction; a listing page's in the background ({@link CommitPipeline}). */
    public void commit(@ExchangeProperty(PAGE) PageWork work) {
        try {
            keepLease(work.run());
        } catch (RuntimeException e) {
            work.rolledBack();
            throw e;
        }
        commits.commit(work);
    }

    /** Publishes the result, releases the lease, logs the summary line. */
    public RunResult finish(@ExchangeProperty(RUN) SyncRun run) {
        commits.settle(run);
        if (run.heartbeat != null) {
            run.heartbeat.cancel(false);
        }
        if (run.listing() != null) {
            run.listing().close();
        }
        RunResult result = run.result();
        if (run.digest != null) {
            run.digest.store(run, run.known); // before the lease goes: the next run takes what this one stored
        }
        if (!run.dryRun()) {
            try {
                modes.finished(run, result);
                runs.finish(run.source().name(), owner, result.status().name(), result.line(), Instant.now(),
                        result.status() == RunStatus.OK && run.full ? run.started() : null);
            } catch (RuntimeException e) {
                LOG.warn("source '{}': could not release the run lease (it expires on its own): {}",
                        run.source().name(), e.getMessage());
            }
        }
        run.source().finished(run, result);
        LOG.info(result.line());
        registry.publish(result);
        return result;
    }

    /** A run that did not start still gets a result, so that whoever waits for it (--once, JMX) learns why. */
    private void skipped(SyncSource source, String why, RunTrigger trigger) {
        LOG.info("source '{}': run skipped: {}", source.name(), why);
        Instant now = Instant.now();
        RunResult result = new RunResult(source.name(), 0, RunStatus.SKIPPED, now, now, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                why, dryRun, List.of()).triggeredBy(trigger);
        source.skipped(result);
        registry.publish(result);
    }

    /** Stops the run when its lease went to another engine (ours expired: e.g. this process was stalled). */
    private void keepLease(SyncRun run) {
        if (run.leaseLost) {
            throw new IllegalStateException("source '" + run.source().name()
                    + "': the run lease was lost to another engine; stopping this run");
        }
    }

    /**
     * The heartbeat: renews the lease every third of its length, independent of how long a page takes,
     * so that a short lease (fast take-over after a crash) never runs out under a live run.
     */
    private void renewLease(SyncRun run) {
        try {
            if (!runs.renew(run.source().name(), owner, lease, Instant.now())) {
                run.leaseLost = true;
                run.heartbeat.cancel(false);
            }
        } catch (RuntimeException e) {
            LOG.warn("source '{}': could not renew the run lease (will retry): {}", run.source().name(), e.getMessage());
        }
    }

    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-sync-lease");
        t.setDaemon(true);
        return t;
    });

    private void progress(SyncRun run) {
        Instant now = Instant.now();
        if (Duration.between(run.lastProgress, now).compareTo(progressEvery) < 0) {
            return;
        }
        run.lastProgress = now;
        if (!quietProgress) {
            LOG.info("source '{}': run {}: {}", run.source().name(), run.number(), RunProgress.of(run).figures());
        }
    }

    /** A live progress display (a terminal's {@code --once}) shows the same figures: no log line then. */
    public void quietProgress(boolean quiet) {
        this.quietProgress = quiet;
    }

    // ---- one-object syncs (JMX syncObject, see ObjectSync) ----------------------------------

    /**
     * Takes the source's lease for a sync of single objects, as {@link #begin} does for a run, so that
     * it never overlaps a run of the same source, here or on another engine: it takes the lease under
     * an owner of its own, which a run of this engine does not share. Ignores {@code paused}: an
     * operator asked for it explicitly. Returns null when the lease is held.
     */
    SyncRun beginSingle(SyncSource source) {
        if (runsWaiting.contains(source.name())) {
            return null; // a run of this engine waits for the source: it goes first
        }
        String singleOwner = owner + "/object";
        java.util.concurrent.atomic.AtomicInteger active =
                singles.computeIfAbsent(source.name(), k -> new java.util.concurrent.atomic.AtomicInteger());
        active.incrementAndGet();
        OptionalLong number;
        try {
            number = dryRun ? OptionalLong.of(Long.MAX_VALUE)
                    : runs.beginUnnumbered(source.name(), singleOwner, lease, Instant.now());
        } catch (RuntimeException e) {
            active.decrementAndGet();
            throw e;
        }
        if (number.isEmpty()) {
            active.decrementAndGet();
            return null;
        }
        return new SyncRun(source, number.getAsLong(), singleOwner, dryRun);
    }

    /** Releases the lease taken by {@link #beginSingle}; the summary names the object, not a run. */
    void finishSingle(SyncRun run, String status, String summary) {
        java.util.concurrent.atomic.AtomicInteger active = singles.get(run.source().name());
        if (run.dryRun()) {
            if (active != null) {
                active.decrementAndGet();
            }
            return;
        }
        try {
            runs.finish(run.source().name(), run.owner(), status, summary, Instant.now(), null);
        } catch (RuntimeException e) {
            LOG.warn("source '{}': could not release the lease (it expires on its own): {}", run.source().name(),
                    e.getMessage());
        } finally {
            if (active != null) {
                active.decrementAndGet(); // after the release: a waiting run may take the lease now
            }
        }
    }
}
