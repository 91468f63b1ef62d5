-- Issue 10 (hub, mappings, incremental listings): per source, what the next run needs to know.
-- mapping_hash: SHA-256 of the source's mapping texts at its last clean complete run; when the route's
--   mappings differ from it, the next run maps and delivers every object again once.
-- ok_started_at: when the last successful run (complete or incremental) began: the watermark of the
--   next incremental listing (minus changedSinceOverlap).
-- full_finished_at: when the last complete listing ended; without fullSyncSchedule a run lists
--   completely when none ended in the last 24 hours.
ALTER TABLE source_run ADD COLUMN mapping_hash VARCHAR(64);
ALTER TABLE source_run ADD COLUMN ok_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE source_run ADD COLUMN full_finished_at TIMESTAMP WITH TIME ZONE;
