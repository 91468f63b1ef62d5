-- A run no longer writes a seen mark on the records it finds unchanged: it remembers them in memory
-- (run/SeenRecords), and the gone-from-source sweep walks (id, last_seen_run) in id order from this
-- covering index, then skips what the run saw. last_seen_run is now the last run that WROTE the record.
DROP INDEX ix_synchronization_seen;
CREATE INDEX ix_synchronization_source ON synchronization (source, id, last_seen_run);

-- When the source's last complete listing began: every record it listed was checked then. A record's
-- "last checked" is the later of its own last_checked (last write) and this.
ALTER TABLE source_run ADD COLUMN listed_at TIMESTAMP WITH TIME ZONE;
