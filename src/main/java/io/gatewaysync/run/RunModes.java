package io.gatewaysync.run;

import io.gatewaysync.record.SourceRunStore;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.sync.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Decides at the start of a run how it lists and delivers, and records at its end what the next run
 * decides from: complete or incremental listing ({@code changedSinceParam}), and whether the source's
 * mappings changed since its last clean complete run (then every listed object is delivered again).
 */
final class RunModes {

    private static final Logger LOG = LoggerFactory.getLogger(RunModes.class);

    private final SourceRunStore runs;

    RunModes(SourceRunStore runs) {
        this.runs = runs;
    }

    /** Decides the run's modes and opens its listing. */
    SourceListing open(SyncRun run) {
        SyncSource source = run.source();
        SourceOptions options = source.options();
        SourceRunStore.RunMarks marks;
        try {
            marks = runs.marks(source.name());
        } catch (RuntimeException e) {
            // Not knowing the watermark only costs a complete listing (and a re-delivery if mapped).
            LOG.warn("source '{}': could not read its run marks, listing completely: {}", source.name(), e.getMessage());
            marks = SourceRunStore.RunMarks.NONE;
        }
        run.marks = marks;
        run.remap = !Objects.equals(marks.mappingHash(), options.mapping().hash());
        // A changed mapping re-delivers every object: only a complete listing reaches them all.
        run.full = run.remap || options.fullListingDue(marks.okStartedAt(), marks.fullStartedAt(),
                marks.fullFinishedAt(), run.started());
        if (run.remap && marks.okStartedAt() != null) {
            LOG.info("source '{}': its mappings changed since the last complete run; every object is mapped and "
                    + "delivered again", source.name());
        }
        if (run.full) {
            return source.client().listing();
        }
        String since = options.changedSince(marks.okStartedAt());
        LOG.info("source '{}': run {} lists incrementally: {}={}", source.name(), run.number(),
                options.changedSinceParam(), since);
        return source.client().listing(Map.of(options.changedSinceParam(), since));
    }

    /**
     * After the run: a successful one moves the watermark; a complete one also records when it ended and
     * the mappings it delivered with. An object whose mapping failed is marked on its record
     * ({@link Deliveries#MAPPING_FAILED}) and delivered again by the next runs on its own.
     */
    void finished(SyncRun run, RunResult result) {
        if (run.dryRun() || result.status() != RunStatus.OK) {
            return;
        }
        String mapping = run.full ? run.source().options().mapping().hash() : run.marks.mappingHash();
        try {
            runs.succeeded(run.source().name(), run.started(), run.full, Instant.now(), mapping);
        } catch (RuntimeException e) {
            LOG.warn("source '{}': could not record the run's watermark (the next run lists completely or from "
                    + "the previous one): {}", run.source().name(), e.getMessage());
        }
    }
}
